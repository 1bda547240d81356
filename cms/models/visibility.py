"""Who may see which pages.

Internal (기밀) posts are protected by a Wagtail view restriction limited to the Staff group, so every
place that already honours Wagtail's restrictions (page serving, the v3 API public tier, sitemaps,
``.public()`` querysets) hides them with no extra code. Our own listings go through ``visible_to``.
"""

from django.contrib.auth.models import Group
from django.http import HttpRequest

STAFF_GROUP = "Staff"
TEAM_LEADS_GROUP = "Team leads"


def is_staff_user(user) -> bool:
    """Logged-in staff: superusers or members of the Staff group (what the view restriction checks)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(name=STAFF_GROUP).exists()


def visible_to(queryset, request: HttpRequest | None):
    """Live pages the requester may see: restricted pages only for staff."""
    queryset = queryset.live()
    user = getattr(request, "user", None)
    if request is not None and is_staff_user(user):
        return queryset
    return queryset.public()


def staff_group() -> Group:
    group, _ = Group.objects.get_or_create(name=STAFF_GROUP)
    return group
