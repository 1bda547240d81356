"""Moderators' work: approve, remove, restore, ban, and members' reports. Every step is logged.

A removed comment keeps its row (a "removed by a moderator" line in the thread) and its text for
the log; nothing a moderator does deletes history.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Comment, Member, ModerationLog, Report, Thread
from . import limits
from .access import can_see_thread, is_staff, may_write
from .conversation import _counted, _removed, after_shown
from .errors import CommunityError


def reports_to_hold() -> int:
    """Distinct members' reports after which a shown comment is held until a moderator looks."""
    return getattr(settings, "COMMUNITY_REPORTS_TO_HOLD", 3)


def _moderator(user) -> None:
    if not is_staff(user):
        raise CommunityError(None, _("Only moderators can do this."), status=403)


def approve(user, comments: Iterable[Comment], note: str = "") -> int:
    """Show held comments (and reported ones again); their authors are told."""
    from .notifications import notify_approved

    _moderator(user)
    done = 0
    for comment in comments:
        with transaction.atomic():
            locked = Comment.objects.select_for_update().filter(pk=comment.pk).first()
            if locked is None or locked.status not in (Comment.Status.PENDING, Comment.Status.HIDDEN):
                continue
            was_hidden = locked.status == Comment.Status.HIDDEN
            locked.status, locked.held_reason = Comment.Status.APPROVED, ""
            locked.save(update_fields=["status", "held_reason"])
            _counted(locked.thread, +1)
            Report.objects.filter(comment=locked, resolved_at__isnull=True).update(resolved_at=timezone.now())
            ModerationLog.objects.create(
                moderator=user, comment=locked, member=locked.author, note=note[:300],
                action=ModerationLog.Action.RESTORE if was_hidden else ModerationLog.Action.APPROVE)
            transaction.on_commit(lambda pk=locked.pk: after_shown(pk))
            if not was_hidden:
                transaction.on_commit(lambda c=locked: notify_approved(c))
            done += 1
    return done


def hide(user, comments: Iterable[Comment], note: str = "") -> int:
    """Remove comments from view; a line stays in the thread."""
    _moderator(user)
    done = 0
    for comment in comments:
        with transaction.atomic():
            locked = Comment.objects.select_for_update().filter(pk=comment.pk).first()
            if locked is None or locked.status not in (Comment.Status.PENDING, Comment.Status.APPROVED):
                continue
            was_shown = locked.status == Comment.Status.APPROVED
            locked.status = Comment.Status.HIDDEN
            locked.save(update_fields=["status"])
            if was_shown:
                _counted(locked.thread, -1)
            Thread.objects.filter(pk=locked.thread_id, accepted=locked).update(accepted=None)
            Report.objects.filter(comment=locked, resolved_at__isnull=True).update(resolved_at=timezone.now())
            ModerationLog.objects.create(moderator=user, action=ModerationLog.Action.HIDE, comment=locked,
                                         member=locked.author, note=note[:300])
            transaction.on_commit(lambda c=locked: _removed(c, by_moderator=True))
            done += 1
    return done


def dismiss_reports(user, comments: Iterable[Comment], note: str = "") -> int:
    _moderator(user)
    done = 0
    for comment in comments:
        if Report.objects.filter(comment=comment, resolved_at__isnull=True).update(resolved_at=timezone.now()):
            ModerationLog.objects.create(moderator=user, action=ModerationLog.Action.DISMISS, comment=comment,
                                         member=comment.author, note=note[:300])
            done += 1
    return done


def ban(user, members: Iterable[Member], note: str = "") -> int:
    """The member can no longer post, react or report; what they have waiting is removed."""
    _moderator(user)
    done = 0
    for member in members:
        if member.banned_at or member.user_id == user.pk:
            continue
        with transaction.atomic():
            Member.objects.filter(pk=member.pk).update(banned_at=timezone.now())
            held = Comment.objects.filter(author=member, status=Comment.Status.PENDING)
            held_ids = list(held.values_list("pk", flat=True))
            held.update(status=Comment.Status.HIDDEN)
            ModerationLog.objects.create(moderator=user, action=ModerationLog.Action.BAN, member=member,
                                         note=note[:300])
            for pk in held_ids:
                ModerationLog.objects.create(moderator=user, action=ModerationLog.Action.HIDE, member=member,
                                             comment_id=pk, note=_("banned member's held comment"))
        done += 1
    return done


def unban(user, members: Iterable[Member], note: str = "") -> int:
    _moderator(user)
    done = 0
    for member in members:
        if Member.objects.filter(pk=member.pk, banned_at__isnull=False).update(banned_at=None):
            ModerationLog.objects.create(moderator=user, action=ModerationLog.Action.UNBAN, member=member,
                                         note=note[:300])
            done += 1
    return done


def report(*, user, member: Member | None, comment: Comment, reason: str, note: str = "") -> Report:
    """A member reports a comment; enough distinct reports hold it until a moderator decides."""
    member = may_write(member, user)
    if not can_see_thread(comment.thread, user, member) or comment.status != Comment.Status.APPROVED:
        raise CommunityError(None, _("Not found."), status=404)
    if reason not in Report.Reason.values:
        raise CommunityError("reason", _("Choose a reason."))
    if comment.author_id == member.pk:
        raise CommunityError(None, _("You cannot report your own comment."), status=409)
    limits.hit("report_member", str(member.pk))
    with transaction.atomic():
        made, _created = Report.objects.get_or_create(comment=comment, reporter=member,
                                                      defaults={"reason": reason, "note": (note or "")[:300]})
        open_reports = Report.objects.filter(comment=comment, resolved_at__isnull=True).count()
        if open_reports >= reports_to_hold() and not comment.official:
            held = Comment.objects.filter(pk=comment.pk, status=Comment.Status.APPROVED).update(
                status=Comment.Status.PENDING, held_reason=Comment.Held.REPORTED)
            if held:
                _counted(comment.thread, -1)
                transaction.on_commit(lambda: _removed(comment, by_moderator=False))
    return made


def queue():
    """What waits for a moderator: held comments and shown ones with open reports, oldest first."""
    from django.db.models import Count, Q

    return (Comment.objects.filter(Q(status=Comment.Status.PENDING)
                                   | Q(reports__resolved_at__isnull=True, reports__isnull=False))
            .exclude(status__in=[Comment.Status.DELETED])
            .annotate(open_reports=Count("reports", filter=Q(reports__resolved_at__isnull=True)))
            .select_related("author__user", "thread__page", "thread__group").distinct().order_by("created_at"))
