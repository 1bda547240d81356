"""A member's invitation link (/rewards/invite/<code>/): the code names the member and is signed with
the site's secret, so it cannot be made up for someone else; it never expires (a link shared in a chat
keeps working)."""

from __future__ import annotations

import hmac

from django.utils.crypto import salted_hmac


def _mac(member_id: int) -> str:
    return salted_hmac("rewards.invite", str(member_id), algorithm="sha256").hexdigest()[:10]


def code_for(member) -> str:
    return f"{member.pk}-{_mac(member.pk)}"


def member_id_from(code: str) -> int | None:
    head, _sep, mac = (code or "").partition("-")
    if not head.isdigit() or len(head) > 12 or not hmac.compare_digest(mac, _mac(int(head))):
        return None
    return int(head)
