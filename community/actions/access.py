"""Who may see and who may write where: one place for every surface (pages, API, email, search).

A page's thread is exactly as visible as its page (an internal 기밀 post's comments are staff-only,
like the post); a closed group's threads are for its members and staff; a public group's for all.
"""

from __future__ import annotations

import time

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _
from wagtail.models import Page

from cms.cache import generation
from cms.models.visibility import is_private, is_staff_user
from cms.structure import remember

from ..models import CommunityGroup, GroupKind, Member, Membership, ModerationMode, PageTypePolicy, Thread
from .errors import CommunityError

VERIFIED_SECONDS = 600
# The same yes, remembered by this process for as long as the shared cache keeps it (no round trip).
_verified_here: dict[int, float] = {}


def forget_verified() -> None:
    """For tests: ids repeat once a test database rolls back."""
    _verified_here.clear()


def is_staff(user) -> bool:
    """Staff moderate and carry the official mark (the Staff group, superusers, or admin access).

    Asked several times per request; the answer is kept on the user object."""
    if not getattr(user, "is_authenticated", False):
        return False
    if "_community_staff" not in user.__dict__:
        user.__dict__["_community_staff"] = bool(is_staff_user(user) or (user.is_active and user.is_staff))
    return user.__dict__["_community_staff"]


def commentable(page) -> bool:
    """Page types that carry a conversation (articles and pillars, staff posts, events)."""
    return hasattr(page, "comments_open")


def page_policy(page) -> tuple[bool, str]:
    """(comments on for this page, moderation mode), from the page type's setting and the page's own switch."""
    if not commentable(page):
        return False, ModerationMode.POST
    policies = remember("community:page-type-policies", lambda: {
        p.content_type_id: (p.comments_enabled, p.moderation) for p in PageTypePolicy.objects.all()})
    type_enabled, moderation = policies.get(ContentType.objects.get_for_model(type(page)).pk,
                                            (True, ModerationMode.POST))
    return page.comments_open and type_enabled, moderation


def can_see_page(page, user) -> bool:
    return page.live and (not is_private(page) or is_staff_user(user))


def active_in(group: CommunityGroup, member: Member | None) -> bool:
    return member is not None and Membership.objects.filter(
        group=group, member=member, status=Membership.Status.ACTIVE).exists()


def can_see_group_threads(group: CommunityGroup, user, member: Member | None = None) -> bool:
    if group.kind == GroupKind.PUBLIC or is_staff(user):
        return True
    return active_in(group, member)


def can_see_thread(thread: Thread, user, member: Member | None = None) -> bool:
    if thread.page_id:
        return can_see_page(thread.page, user)
    return can_see_group_threads(thread.group, user, member)


_page_types: dict[int, int] = {}  # page id → content type id: a page never changes type


# The pages this process has read for a conversation, per content generation: a page's fields change
# only when it is published (which starts a new generation); a comment does not change them.
_pages: dict[int, tuple[int, Page]] = {}
PAGES_KEPT = 2_000


def forget_pages() -> None:
    """For tests: ids repeat once a test database rolls back."""
    _pages.clear()


def visible_page(page_id: int, user) -> Page:
    """The page (specific) whose conversation this user may read, or a 404-like error."""
    current = generation()
    kept = _pages.get(page_id)
    page = kept[1] if kept is not None and kept[0] == current else _read_page(page_id)
    if page is not None and (kept is None or kept[0] != current):
        if len(_pages) >= PAGES_KEPT:
            _pages.clear()
        _pages[page_id] = (current, page)
    if page is None or not commentable(page) or not can_see_page(page, user):
        raise CommunityError(None, _("Not found."), status=404)
    return page


def _read_page(page_id: int) -> Page | None:
    content_type_id = _page_types.get(page_id)
    if content_type_id is None:
        content_type_id = Page.objects.filter(pk=page_id).values_list("content_type_id", flat=True).first()
        if content_type_id is not None and len(_page_types) < 100_000:
            _page_types[page_id] = content_type_id
    model = ContentType.objects.get_for_id(content_type_id).model_class() if content_type_id else None
    # The page type's own row at once (one joined query), rather than the base row and then .specific,
    # with its thread's id (a comment needs it; each query costs more to build than to run).
    page = (model.objects.filter(pk=page_id).annotate(
        thread_id=Subquery(Thread.objects.filter(page_id=OuterRef("pk")).values("pk")[:1])).first()
            if model is not None else None)
    if page is None and _page_types.pop(page_id, None) is not None:  # a remembered type gone stale
        return _read_page(page_id)
    return page


def may_write(member: Member | None, user) -> Member:
    """The member, if they may post, react or report at all; else why not."""
    if member is None or not getattr(user, "is_authenticated", False):
        raise CommunityError(None, _("Sign in to take part."), status=401)
    if member.left_at or not user.is_active:
        raise CommunityError(None, _("This account has been deleted."), status=403)
    if member.banned_at:
        raise CommunityError(None, _("A moderator has stopped this account from posting."), status=403)
    if not is_staff(user) and not has_verified_email(user):
        raise CommunityError(None, _("Verify your email address before you take part."), status=403)
    return member


def has_verified_email(user) -> bool:
    """Whether the user has a verified address. A yes is remembered for a while in the shared cache
    (addresses are rarely un-verified; a no is always asked again, so a new verification counts at once)."""
    from allauth.account.models import EmailAddress

    if "_community_verified" not in user.__dict__:
        key = f"community:verified:{user.pk}"
        verified = _verified_here.get(user.pk, 0) > time.monotonic() or bool(cache.get(key))
        if not verified and EmailAddress.objects.filter(user=user, verified=True).exists():
            verified = True
            cache.set(key, 1, VERIFIED_SECONDS)
        if verified and user.pk not in _verified_here:
            if len(_verified_here) > 100_000:
                _verified_here.clear()
            _verified_here[user.pk] = time.monotonic() + VERIFIED_SECONDS
        user.__dict__["_community_verified"] = verified
    return user.__dict__["_community_verified"]
