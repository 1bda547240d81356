"""A member's invitation link (/rewards/invite/<code>/): the code names the member and is signed with
the site's secret, so it cannot be made up for someone else; it never expires (a link shared in a chat
keeps working)."""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings


def _mac(member_id: int) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), f"invite:{member_id}".encode(), hashlib.sha256).hexdigest()[:10]


def code_for(member) -> str:
    return f"{member.pk}-{_mac(member.pk)}"


def member_id_from(code: str) -> int | None:
    head, _sep, mac = (code or "").partition("-")
    if not head.isdigit() or len(head) > 12 or not hmac.compare_digest(mac, _mac(int(head))):
        return None
    return int(head)
