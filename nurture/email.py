"""Building the emails: content picked per lead, multipart text + HTML with CSS inlined, and the
headers a serious sender needs (RFC 8058 one-click unsubscribe, List-Id, (광고) for advertising).
"""

from __future__ import annotations

from email.utils import make_msgid
from urllib.parse import urlencode, urlsplit

import css_inline
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import Count
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from wagtail.rich_text import expand_db_html

from cms.models import ArticlePage, Topic
from cms.models.visibility import visible_to
from cms.text import html_to_text

from .models import Consent, Lead, LeadEvent, Send
from .providers import ProvidedItem, content_provider, content_providers
from .tokens import confirmation_token, renewal_token

AD_PREFIX = "(광고)"


def base_url() -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


_URL_PATTERNS: dict[str, str] = {}


def lead_url(name: str, token: str) -> str:
    """Absolute URL of one of our token links; the pattern is reversed once per process, not per email."""
    if name not in _URL_PATTERNS:
        _URL_PATTERNS[name] = base_url() + reverse(name, args=["TOKEN"])
    return _URL_PATTERNS[name].replace("TOKEN", token, 1)


def _tracked(url: str, campaign: str) -> str:
    joiner = "&" if "?" in url else "?"
    return url + joiner + urlencode({"utm_source": "nurture", "utm_medium": "email", "utm_campaign": campaign})


class Batch:
    """Lookups shared by the emails of one batch: a pick, a URL or a lead's history is fetched once.

    Content choices stay per lead (their interests and what they have seen); what is shared is
    the list of candidate pages for a language and a set of interests, and each page's URL.
    """

    CANDIDATES = 60  # candidate pages kept per (page type, language, interests); picks skip the seen ones

    def __init__(self, lead_ids: list[int] | None = None):
        self.urls: dict[int, str] = {}
        self.candidates: dict[tuple, list] = {}
        self.topics: dict[tuple, list[int]] = {}
        self.seen: dict[int, set[int]] = {}
        if lead_ids:
            for lead_id in lead_ids:
                self.seen[lead_id] = set()
            views = LeadEvent.objects.filter(lead_id__in=lead_ids, kind__in=["page_view", "pillar_view"],
                                             page__isnull=False)
            for lead_id, page_id in views.values_list("lead_id", "page_id"):
                self.seen[lead_id].add(page_id)
            for lead_id, picked in Send.objects.filter(lead_id__in=lead_ids, status=Send.Status.SENT).values_list(
                    "lead_id", "picked_pages"):
                self.seen[lead_id].update(picked or [])

    def seen_by(self, lead) -> set[int]:
        """Pages the lead read or was already offered: a pick never repeats them."""
        if lead.pk not in self.seen:
            self.seen[lead.pk] = Batch([lead.pk]).seen[lead.pk]
        return self.seen[lead.pk]

    def url(self, page) -> str:
        if page.pk not in self.urls:
            url = page.get_full_url() or ""
            self.urls[page.pk] = url if urlsplit(url).scheme else base_url() + (page.url or "")
        return self.urls[page.pk]

    def interest_topics(self, lead) -> list[int]:
        key = (tuple(lead.topics or ()), lead.source_page_id)
        if key not in self.topics:
            ids = list(Topic.objects.filter(slug__in=lead.topics or []).values_list("pk", flat=True))
            source = lead.source_page.specific if lead.source_page_id else None
            if source is not None and hasattr(source, "topic_ids"):
                ids.extend(source.topic_ids())
            self.topics[key] = sorted(set(ids))
        return self.topics[key]

    def pick(self, lead, model, exclude: set[int], limit: int = 1) -> list:
        """Live public pages of ``model`` in the lead's language, most shared interests first, then newest."""
        topics = self.interest_topics(lead)
        key = (model.__name__, lead.language, tuple(topics))
        if key not in self.candidates:
            self.candidates[key] = _candidates(model, lead.language, topics, self.CANDIDATES)
        found = [page for page in self.candidates[key] if page.pk not in exclude][:limit]
        if len(found) < limit:  # read nearly everything on the short list: look further
            skip = exclude | {p.pk for p in found}
            found += _candidates(model, lead.language, topics, limit - len(found), exclude=skip)
        return found


def _candidates(model, language: str, topics: list[int], limit: int, exclude: set[int] | None = None) -> list:
    qs = visible_to(model.objects.filter(locale__language_code=language, noindex=False), None)
    if exclude:
        qs = qs.exclude(pk__in=exclude)
    matched = []
    if topics:
        matched = list(qs.filter(topics__in=topics).annotate(shared=Count("pk"))
                       .order_by("-shared", "-first_published_at")[:limit])
        if len(matched) >= limit:
            return matched
        qs = qs.exclude(pk__in=[p.pk for p in matched])
    return matched + list(qs.order_by("-first_published_at")[:limit - len(matched)])


def render_blocks(send: Send, batch: Batch | None = None) -> tuple[list[dict], list[int]]:
    """Each block as a dict the HTML and text templates share; and the pages it picked for this lead."""
    batch = batch or Batch()
    lead, campaign = send.lead, send.step.sequence.slug
    seen = batch.seen_by(lead)
    picked: list[int] = []
    out: list[dict] = []
    for block in send.step.body:
        kind, value = block.block_type, block.value
        if kind == "paragraph":
            html = expand_db_html(value.source)
            out.append({"kind": "paragraph", "html": html, "text": html_to_text(html)})
        elif kind == "next_article":
            for page in batch.pick(lead, ArticlePage, seen | set(picked)):
                picked.append(page.pk)
                out.append({"kind": "link", "heading": value.get("heading") or "", "title": page.title, "page": page.pk,
                            "text": getattr(page, "summary", "") or "", "url": _tracked(batch.url(page), campaign)})
        elif kind == "page":
            page = value["page"].specific if value.get("page") else None
            if page is not None and page.live:
                picked.append(page.pk)
                out.append({"kind": "link", "heading": "", "title": page.title, "text": value.get("note") or "",
                            "page": page.pk, "url": _tracked(batch.url(page), campaign)})
        elif kind == "event":
            event = value["event"].specific if value.get("event") else None
            if event is not None and event.live:
                start = translation.gettext("Starts %(when)s") % {
                    "when": event.start.astimezone().strftime("%Y-%m-%d %H:%M")}
                out.append({"kind": "link", "heading": "", "title": event.title, "page": event.pk,
                            "text": " ".join(x for x in [value.get("note") or "", start] if x),
                            "url": _tracked(batch.url(event), campaign)})
        elif kind == "products":
            items, heading = recommended(lead, value.get("source") or "")
            if items:
                out.append({"kind": "list", "heading": value.get("heading") or heading, "items": [
                    {"title": item.title, "page": item.page_id, "url": _tracked(
                        item.url if "://" in item.url else base_url() + item.url, campaign)} for item in items]})
                picked.extend(item.page_id for item in items if item.page_id)
                continue
            pages = batch.pick(lead, ArticlePage, seen | set(picked), limit=3)
            if pages:
                out.append({"kind": "list", "heading": value.get("heading") or translation.gettext(
                    "Picked for your interests"), "items": [
                    {"title": p.title, "page": p.pk, "url": _tracked(batch.url(p), campaign)} for p in pages]})
                picked.extend(p.pk for p in pages)
    return out, picked


def recommended(lead: Lead, source: str, limit: int = 3) -> tuple[list[ProvidedItem], str]:
    """The first registered provider (or the chosen one) that has something for the lead, and its heading."""
    providers = [content_provider(source)] if source else content_providers()
    for provider in filter(None, providers):
        items = provider.items(lead)[:limit]
        if items:
            return items, str(provider.heading) or translation.gettext("Recommended for you")
    return [], ""


def _footer_context() -> dict:
    company = settings.COMPANY
    return {"company": company, "company_name": company["name"] if translation.get_language() == "ko"
            else company.get("name_en") or company["name"]}


def build_message(send: Send, batch: Batch | None = None) -> tuple[EmailMultiAlternatives, list[int]]:
    lead, step = send.lead, send.step
    sequence = step.sequence
    with translation.override(lead.language):
        blocks, picked = render_blocks(send, batch)
        if send.pk:  # every content link goes through the signed click redirect (a preview has no row)
            from .tracking import click_token, open_token

            for block in blocks:
                for item in [block, *block.get("items", [])]:
                    if item.get("url"):
                        item["url"] = lead_url("nurture_click", click_token(send.pk, item["url"], item.get("page")))
        subject = step.subject.strip()
        if sequence.advertising and not subject.startswith(AD_PREFIX):
            subject = f"{AD_PREFIX} {subject}"
        unsubscribe_url = lead_url("nurture_unsubscribe", lead.token)
        context = {
            "lead": lead, "subject": subject, "preheader": step.preheader, "blocks": blocks,
            "unsubscribe_url": unsubscribe_url, "preferences_url": lead_url("nurture_preferences", lead.token),
            "advertising": sequence.advertising, "language": lead.language, **_footer_context(),
            "open_pixel": lead_url("nurture_open", open_token(send.pk)) if send.pk else "",
        }
        html = css_inline.inline(render_to_string("nurture/email.html", context))
        text = render_to_string("nurture/email.txt", context)
    domain = urlsplit(base_url()).hostname or "localhost"
    headers = {
        "List-Unsubscribe": f"<{unsubscribe_url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "List-Id": f"{sequence.name} <{sequence.slug}.{domain}>",
        "Message-ID": make_msgid(idstring=f"send{send.pk}", domain=domain),
        "X-Nurture-Send": str(send.pk),
    }
    message = EmailMultiAlternatives(
        subject=subject, body=text, to=[lead.email], headers=headers,
        from_email=getattr(settings, "NURTURE_FROM_EMAIL", settings.DEFAULT_FROM_EMAIL),
    )
    message.attach_alternative(html, "text/html")
    return message, picked


def build_confirmation(consent: Consent) -> EmailMultiAlternatives:
    lead = consent.lead
    with translation.override(lead.language):
        context = {"lead": lead, "confirm_url": lead_url("nurture_confirm", confirmation_token(consent)),
                   "days": int(getattr(settings, "NURTURE_CONFIRM_DAYS", 7)), "consent": consent,
                   **_footer_context()}
        subject = translation.gettext("Please confirm your subscription")
        html = css_inline.inline(render_to_string("nurture/confirm_email.html", context))
        text = render_to_string("nurture/confirm_email.txt", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[lead.email],
                                     from_email=settings.DEFAULT_FROM_EMAIL)
    message.attach_alternative(html, "text/html")
    return message


def build_notice(lead, kind: str, consent: Consent | None = None) -> EmailMultiAlternatives:
    """Transactional notices: the two-yearly consent renewal, and the result of an unsubscribe."""
    with translation.override(lead.language):
        context = {"lead": lead, "kind": kind, "consent": consent, **_footer_context(),
                   "unsubscribe_url": lead_url("nurture_unsubscribe", lead.token),
                   "renew_url": lead_url("nurture_renew", renewal_token(consent)) if consent else ""}
        subject = (translation.gettext("Do you still want our emails?") if kind == "renewal"
                   else translation.gettext("You are unsubscribed"))
        text = render_to_string("nurture/notice.txt", context)
    return EmailMultiAlternatives(subject=subject, body=text, to=[lead.email], from_email=settings.DEFAULT_FROM_EMAIL)
