"""Who may see and who may write where: one place for every surface (pages, API, email, search).

A page's thread is exactly as visible as its page (an internal 기밀 post's comments are staff-only,
like the post); a closed group's threads are for its members and staff; a public group's for all.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext as _
from wagtail.models import Page

from cms.models.visibility import is_private, is_staff_user

from ..models import CommunityGroup, GroupKind, Member, Membership, ModerationMode, PageTypePolicy, Thread
from .errors import CommunityError


def is_staff(user) -> bool:
    """Staff moderate and carry the official mark (the Staff group, superusers, or admin access)."""
    return bool(getattr(user, "is_authenticated", False)
                and (is_staff_user(user) or (user.is_active and user.is_staff)))


def commentable(page) -> bool:
    """Page types that carry a conversation (articles and pillars, staff posts, events)."""
    return hasattr(page, "comments_open")


def page_policy(page) -> tuple[bool, str]:
    """(comments on for this page, moderation mode), from the page type's setting and the page's own switch."""
    if not commentable(page):
        return False, ModerationMode.POST
    policy = PageTypePolicy.objects.filter(content_type=ContentType.objects.get_for_model(type(page))).first()
    enabled = page.comments_open and (policy is None or policy.comments_enabled)
    return enabled, policy.moderation if policy else ModerationMode.POST


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


def visible_page(page_id: int, user) -> Page:
    """The page (specific) whose conversation this user may read, or a 404-like error."""
    page = Page.objects.filter(pk=page_id).first()
    if page is not None:
        page = page.specific
    if page is None or not commentable(page) or not can_see_page(page, user):
        raise CommunityError(None, _("Not found."), status=404)
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
    from allauth.account.models import EmailAddress

    return EmailAddress.objects.filter(user=user, verified=True).exists()
