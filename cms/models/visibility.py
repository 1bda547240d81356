"""Who may see which pages.

Internal (기밀) posts are protected by a Wagtail view restriction limited to the Staff group, so every
place that already honours Wagtail's restrictions (page serving, the v3 API public tier, sitemaps,
``.public()`` querysets) hides them with no extra code. Our own listings go through ``visible_to``.
"""

from django.contrib.auth.models import Group
from django.db.models import Exists, OuterRef, Q
from django.http import HttpRequest
from wagtail.models import PageViewRestriction

STAFF_GROUP = "Staff"
TEAM_LEADS_GROUP = "Team leads"


def is_staff_user(user) -> bool:
    """Logged-in staff: superusers or members of the Staff group (what the view restriction checks).

    The group is looked up once per user object (one per request), or not at all when a query that
    read the user's other rows already asked (``staff_group_member``)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    known = user.__dict__.get("_cms_in_staff_group")
    if known is None:
        known = user.__dict__["_cms_in_staff_group"] = user.groups.filter(name=STAFF_GROUP).exists()
    return known


def staff_group_member(user_id_field: str = "user_id") -> Exists:
    """An expression for a query on a table with a user column: is that user in the Staff group?
    Annotate with it, then hand the answer to ``know_staff_group``."""
    return Exists(Group.objects.filter(name=STAFF_GROUP, user=OuterRef(user_id_field)))


def know_staff_group(user, in_group: bool) -> None:
    user.__dict__["_cms_in_staff_group"] = bool(in_group)


def _private_paths(request: HttpRequest | None = None) -> tuple[str, ...]:
    from ..structure import restricted_paths

    return restricted_paths()[0]


def is_private(page, request: HttpRequest | None = None) -> bool:
    """Whether the page sits behind a view restriction (its own or an ancestor's)."""
    return any(page.path.startswith(path) for path in _private_paths(request))


def private_q(request: HttpRequest | None) -> Q:
    """Pages behind any view restriction, as one Q; looked up once per request.

    Wagtail's ``.public()`` queries the restrictions again on every call, and one page render
    filters half a dozen listings.
    """
    q = Q()
    for path in _private_paths(request):
        q |= Q(path__startswith=path)
    return q


def visible_to(queryset, request: HttpRequest | None):
    """Live pages the requester may see: restricted pages only for staff."""
    queryset = queryset.live()
    if request is not None and _is_staff_cached(request):
        return queryset
    q = private_q(request)
    return queryset.exclude(q) if q else queryset


def _is_staff_cached(request: HttpRequest) -> bool:
    if not hasattr(request, "_cms_is_staff"):
        request._cms_is_staff = is_staff_user(getattr(request, "user", None))
    return request._cms_is_staff


class CachedRestrictionsMixin:
    """Serve a page without querying restrictions when none covers it.

    Wagtail checks ``get_view_restrictions()`` on every request (two queries: the ancestors, then
    their restrictions). The restricted paths are already known per content generation, so a page
    outside all of them returns no restrictions at once. Aliases inherit their original's
    restrictions, so with any alias in the tree the full check runs.
    """

    def get_view_restrictions(self):
        from ..structure import restricted_paths

        paths, has_aliases = restricted_paths()
        if has_aliases or any(self.path.startswith(path) for path in paths):
            return super().get_view_restrictions()
        return PageViewRestriction.objects.none()


def staff_group() -> Group:
    group, _ = Group.objects.get_or_create(name=STAFF_GROUP)
    return group
