"""Inbound email into the inbox: what people write to the company's address, as the email provider
hands it to anymail's inbound webhook (which has already checked the provider's signature).

Only what the person wrote is kept as the mention's text (the quoted history below a reply is cut, as
a support desk does); the address it came from is kept in ``raw["email"]`` so a case's reply goes
back by email. Auto-replies, mail the provider marked as spam and our own mail coming back are not
mentions."""

from __future__ import annotations

import re
from email.utils import parseaddr

from django.conf import settings
from django.utils import timezone
from django.utils.html import strip_tags

from ..models import Mention, Source
from .ingest import Incoming, ingest, source_named

# The line a mail program writes above the quoted message in a reply (English, Korean, Outlook, Gmail).
QUOTE_HEADER = re.compile(
    r"^\s*(On .{4,200} wrote:|.{4,200}(님이|에) 작성:?|-{2,}\s*(Original Message|원본 메시지)\s*-{2,}|"
    r"From: .+|보낸 사람: .+)\s*$", re.IGNORECASE)


def email_source() -> Source:
    return source_named("이메일", Source.Kind.EMAIL)


def what_they_wrote(body: str) -> str:
    """The reply above the quoted history: quoted lines ("> …") and everything from the line a mail
    program writes above a quoted message are left out."""
    kept = []
    for line in body.replace("\r\n", "\n").split("\n"):
        if QUOTE_HEADER.match(line):
            break
        if not line.lstrip().startswith(">"):
            kept.append(line)
    return "\n".join(kept).strip()


def _is_automatic(message) -> bool:
    auto = (message.get("Auto-Submitted") or "no").strip().lower()
    precedence = (message.get("Precedence") or "").strip().lower()
    return auto != "no" or precedence in ("bulk", "junk", "auto_reply") or bool(message.get("X-Autoreply"))


def receive_email(message) -> Mention | None:
    """One inbound message (an ``AnymailInboundMessage``) as a mention; None when it is not one, or is
    one already taken in (the provider retried)."""
    sender = message.from_email.addr_spec if message.from_email else ""
    own = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].lower()
    if not sender or sender.lower() == own or getattr(message, "spam_detected", False) or _is_automatic(message):
        return None
    body = getattr(message, "stripped_text", None) or message.text or strip_tags(message.html or "")
    subject = (message.subject or "").strip()
    text = what_they_wrote(body) or subject
    if not text:
        return None
    posted_at = message.date if message.date is not None and timezone.is_aware(message.date) else timezone.now()
    message_id = (message.get("Message-ID") or "").strip()
    item = Incoming(
        text=text, posted_at=posted_at, channel="email", author=sender.lower(), external_id=message_id,
        raw={"email": sender, "name": message.from_email.display_name or "", "subject": subject[:300],
             "to": [a.addr_spec for a in message.to][:10], "in_reply_to": (message.get("In-Reply-To") or "")[:300]})
    created = ingest(email_source(), [item]).created
    return created[0] if created else None
