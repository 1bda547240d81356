"""Writing in the conversation: comments, replies, group threads, edits, deletions, reactions and
accepted answers. Every rule lives here; the site's forms and the API call these functions.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import BooleanField, Case, Exists, F, OuterRef, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.cache import retire_page

from .. import abilities, signals, text
from ..models import Comment, CommunityGroup, Member, ModerationLog, ModerationMode, Reaction, Ring, Thread
from . import limits
from .access import active_in, can_see_thread, is_staff, may_write, page_policy
from .errors import CommunityError

EDIT_WINDOW = timedelta(minutes=15)
MAX_LENGTH = 5000
TITLE_LENGTH = 200


def trusted_after() -> int:
    """Approved comments after which a member is no longer "new" (links limited while new)."""
    return getattr(settings, "COMMUNITY_TRUSTED_AFTER", 3)


def new_member_links() -> int:
    return getattr(settings, "COMMUNITY_NEW_MEMBER_LINKS", 1)


# --- reading -----------------------------------------------------------------------------------------


class ThreadComment:
    """A comment as a thread shows it: the columns a reader needs, read without building a model
    instance for each (a 500-comment thread spent most of its time there).

    Read "light" (for a page's thread), it lacks ``html`` and ``created_at``: those never change
    without ``edited_at`` changing, so the comments whose markup rendering.py already keeps need
    neither, and ``load_details`` reads them for the others. Turning 500 timestamps into datetimes
    was a third of a thread's read. ``recent`` (still editable) is worked out by the database.
    """

    LIGHT = ("id", "parent_id", "reply_to_id", "author_id", "status", "official", "helpful_count", "edited_at",
             "recent", "helpful_by_me")
    __slots__ = (*LIGHT, "html", "created_at", "author", "children", "mine", "editable")
    Status = Comment.Status

    def __init__(self, values: tuple, author: Member | None):
        (self.id, self.parent_id, self.reply_to_id, self.author_id, self.status, self.official,
         self.helpful_count, self.edited_at, self.recent, self.helpful_by_me, *details) = values
        self.html, self.created_at = details if details else (None, None)
        self.author, self.children = author, []

    @property
    def pk(self) -> int:
        return self.id


def comments_for(thread: Thread | None, *, member: Member | None, staff: bool,
                 light: bool = False) -> list[ThreadComment]:
    """Top-level comments with ``.children``, in order; two queries whatever the thread's size.

    Held comments show to their author and to staff only; a removed or deleted one stays as a line
    (its text never leaves the server), so a thread never has a hole. Authors are read once each
    (a long thread has many comments by few people), and their ring label computed once each.
    """
    if thread is None:
        return []
    recent = Case(When(created_at__gte=timezone.now() - EDIT_WINDOW, then=Value(True)), default=Value(False),
                  output_field=BooleanField())
    # The reader's own helpful marks come with the rows (no query of their own).
    helpful = (Exists(Reaction.objects.filter(member=member, comment=OuterRef("pk"))) if member is not None
               else Value(False, output_field=BooleanField()))
    fields = ThreadComment.LIGHT + (() if light else ("html", "created_at"))
    rows = (thread.comments.annotate(recent=recent, helpful_by_me=helpful).order_by("created_at", "id")
            .values_list(*fields))
    if not staff:
        visible = ~Q(status=Comment.Status.PENDING)
        rows = rows.filter(visible | Q(author=member) if member is not None else visible)
    rows = list(rows)
    author_ids = {row[3] for row in rows if row[3]}
    authors = {a.pk: a for a in Member.objects.filter(pk__in=author_ids).select_related("user")} if author_ids else {}
    if authors:
        rings = {value: str(label) for value, label in Ring.choices}  # get_ring_display translates every choice
        for author in authors.values():
            author.ring_label = rings.get(author.ring, author.ring)
    top: list[ThreadComment] = []
    by_id: dict[int, ThreadComment] = {}
    for row in rows:
        comment = ThreadComment(row, authors.get(row[3]))
        by_id[comment.id] = comment
        if comment.id != thread.opening_id and comment.parent_id is None:
            top.append(comment)
    for comment in by_id.values():
        if comment.parent_id is not None and comment.parent_id in by_id:
            by_id[comment.parent_id].children.append(comment)
    return top


def load_details(comments: list[ThreadComment]) -> None:
    """Fill in ``html`` and ``created_at`` of comments read light, in one query."""
    missing = {c.id: c for c in comments if c.created_at is None}
    if missing:
        for pk, html, created_at in Comment.objects.filter(pk__in=missing).values_list("id", "html", "created_at"):
            missing[pk].html, missing[pk].created_at = html, created_at


def visible_text(comment: Comment) -> str:
    """The HTML readers may see of a comment: none once removed or deleted."""
    return comment.html if comment.status in (Comment.Status.APPROVED, Comment.Status.PENDING) else ""


# --- writing -----------------------------------------------------------------------------------------


def _clean_body(body: object) -> str:
    if not isinstance(body, str) or not body.strip():
        raise CommunityError("body", _("Write something first."))
    body = body.replace("\x00", "").strip()
    if len(body) > MAX_LENGTH:
        raise CommunityError("body", _("Keep it under %(n)d characters.") % {"n": MAX_LENGTH})
    return body


def mentioned_members(body: str) -> list[Member]:
    handles = text.mentioned_handles(body)
    return list(Member.objects.filter(handle__in=handles, left_at__isnull=True)) if handles else []


def _render(body: str) -> str:
    html = text.render(body)
    if not html.strip():
        raise CommunityError("body", _("Write something first."))
    known = {m.handle.lower() for m in mentioned_members(body) if m.handle}
    return text.mark_mentions(html, known)


def _approved_count(member: Member) -> int:
    return Comment.objects.filter(author=member, status=Comment.Status.APPROVED).count()


def has_been_approved(member: Member) -> bool:
    """A moderator (or post-moderation) has let one of this member's comments through: their first
    comment is behind them. Once true it stays true, so it is remembered in the shared cache."""
    if member.pk in _approved_here:
        return True
    key = f"community:approved-once:{member.pk}"
    approved = bool(cache.get(key))
    if not approved and Comment.objects.filter(author=member, status=Comment.Status.APPROVED).exists():
        approved = True
        cache.set(key, 1, None)
    if approved:
        if len(_approved_here) > 100_000:
            _approved_here.clear()
        _approved_here.add(member.pk)
    return approved


_approved_here: set[int] = set()  # members this process knows are past their first comment (it stays true)


def forget_approved() -> None:
    """For tests: ids repeat once a test database rolls back."""
    _approved_here.clear()


def _status_for(member: Member, staff: bool, moderation: str) -> tuple[str, str]:
    if staff:
        return Comment.Status.APPROVED, ""
    if not has_been_approved(member):
        return Comment.Status.PENDING, Comment.Held.FIRST
    if moderation == ModerationMode.PRE:
        return Comment.Status.PENDING, Comment.Held.PRE
    return Comment.Status.APPROVED, ""


def _check_links(member: Member, staff: bool, html: str) -> None:
    if staff or text.link_count(html) <= new_member_links():
        return
    if _approved_count(member) < trusted_after() and not abilities.granted(abilities.POST_LINKS, member):
        raise CommunityError("body", _("New members can include at most %(n)d link(s) in a comment.")
                             % {"n": new_member_links()})


def _page_thread(page) -> Thread:
    """The page's thread, made with its first comment; only its id is needed to write a comment."""
    known = getattr(page, "thread_id", None)  # read with the page (access.visible_page)
    if known is None:
        known = Thread.objects.filter(page_id=page.pk).values_list("pk", flat=True).first()
    if known is None:
        try:
            with transaction.atomic():
                known = Thread.objects.create(page=page).pk
        except IntegrityError:  # another first comment created it meanwhile
            known = Thread.objects.get(page=page).pk
    page.thread_id = known  # the page as this process keeps it (access.visible_page) knows it from now on
    return Thread(pk=known, page_id=page.pk)  # counts go through F(), so no other column is read


def post_comment(*, user, member: Member | None, body: object, page=None, thread: Thread | None = None,
                 parent_id: int | None = None, ip: str = "") -> Comment:
    """A comment or a reply under a page (``page``) or in a group thread (``thread``).

    Staff comments show at once with the official mark; a member's first comment, and every comment
    on a pre-moderated page type, is held for a moderator.
    """
    member = may_write(member, user)
    staff = is_staff(user)
    moderation = ModerationMode.POST
    if page is not None:
        enabled, moderation = page_policy(page)
        if not enabled:
            raise CommunityError(None, _("Comments are closed on this page."), status=403)
    elif thread is None:
        raise CommunityError(None, _("Not found."), status=404)
    else:
        if not can_see_thread(thread, user, member):
            raise CommunityError(None, _("Not found."), status=404)
        if not (staff or active_in(thread.group, member)):
            raise CommunityError(None, _("Join the group to take part in its threads."), status=403)
    body = _clean_body(body)
    html = _render(body)
    _check_links(member, staff, html)
    parent = reply_to = None
    if parent_id is not None:
        scope = Comment.objects.filter(pk=parent_id)
        scope = scope.filter(thread__page=page) if page is not None else scope.filter(thread=thread)
        parent = scope.first()
        if parent is None or parent.status not in (Comment.Status.APPROVED,):
            raise CommunityError("parent", _("The comment you are replying to is not there any more."))
        reply_to = parent
        if parent.parent_id is not None:  # one level of replies: a reply to a reply joins its thread
            parent = parent.parent
        if thread is not None and parent.pk == thread.opening_id:
            parent = reply_to = None  # replying to a group thread's opening post is answering the thread
    limits.hit_all([("comment_member", str(member.pk)), ("comment_ip", ip)])
    status, held = _status_for(member, staff, moderation)
    with transaction.atomic():
        if page is not None:
            thread = _page_thread(page)
            thread.page = page  # already read: the cache retirement after commit needs its URL
        comment = Comment.objects.create(thread=thread, parent=parent, reply_to=reply_to, author=member, body=body,
                                         html=html, status=status, held_reason=held, official=staff)
        if status == Comment.Status.APPROVED:
            _counted(thread, +1)
        if status == Comment.Status.APPROVED:  # a held one shows to its author only: no cached page changes
            transaction.on_commit(lambda: after_shown(comment.pk, comment))
    return comment


def start_thread(*, user, member: Member | None, group: CommunityGroup, title: object, body: object,
                 kind: str = Thread.Kind.DISCUSSION, ip: str = "") -> Thread:
    """A discussion or a question in a group the member belongs to; its opening post is its first comment."""
    member = may_write(member, user)
    staff = is_staff(user)
    if not (staff or active_in(group, member)):
        raise CommunityError(None, _("Join the group to start a thread in it."), status=403)
    if not isinstance(title, str) or not title.strip():
        raise CommunityError("title", _("Give the thread a title."))
    title = title.replace("\x00", "").strip()
    if len(title) > TITLE_LENGTH:
        raise CommunityError("title", _("Keep the title under %(n)d characters.") % {"n": TITLE_LENGTH})
    if kind not in Thread.Kind.values:
        raise CommunityError("kind", _("Choose a discussion or a question."))
    body = _clean_body(body)
    html = _render(body)
    _check_links(member, staff, html)
    limits.hit_all([("comment_member", str(member.pk)), ("comment_ip", ip)])
    status, held = _status_for(member, staff, ModerationMode.POST)
    with transaction.atomic():
        thread = Thread.objects.create(group=group, kind=kind, title=title, author=member)
        opening = Comment.objects.create(thread=thread, author=member, body=body, html=html, status=status,
                                         held_reason=held, official=staff)
        thread.opening = opening
        thread.save(update_fields=["opening"])
        if status == Comment.Status.APPROVED:
            transaction.on_commit(lambda: after_shown(opening.pk))
    return thread


def edit_comment(*, user, member: Member | None, comment: Comment, body: object) -> Comment:
    member = may_write(member, user)
    if comment.author_id != member.pk:
        raise CommunityError(None, _("You can only edit your own comments."), status=403)
    if comment.status not in (Comment.Status.APPROVED, Comment.Status.PENDING):
        raise CommunityError(None, _("This comment can no longer be edited."), status=409)
    if timezone.now() - comment.created_at > EDIT_WINDOW:
        raise CommunityError(None, _("Comments can be edited for 15 minutes after posting."), status=409)
    body = _clean_body(body)
    html = _render(body)
    _check_links(member, is_staff(user), html)
    comment.body, comment.html, comment.edited_at = body, html, timezone.now()
    comment.save(update_fields=["body", "html", "edited_at"])
    if comment.status == Comment.Status.APPROVED:
        transaction.on_commit(lambda: after_shown(comment.pk))  # notifications are once per person
    return comment


def delete_comment(*, user, member: Member | None, comment: Comment) -> Comment:
    """The author deletes their own comment: its text goes, a line stays where it was."""
    member = may_write(member, user) if not is_staff(user) else member
    if member is None or comment.author_id != member.pk:
        raise CommunityError(None, _("You can only delete your own comments."), status=403)
    if comment.status in (Comment.Status.DELETED, Comment.Status.HIDDEN):
        return comment
    with transaction.atomic():
        was_shown = comment.status == Comment.Status.APPROVED
        comment.status, comment.body, comment.html = Comment.Status.DELETED, "", ""
        comment.save(update_fields=["status", "body", "html"])
        if was_shown:
            _counted(comment.thread, -1)
        if comment.thread.accepted_id == comment.pk:
            Thread.objects.filter(pk=comment.thread_id).update(accepted=None)
        transaction.on_commit(lambda: _removed(comment, by_moderator=False))
    return comment


def react(*, user, member: Member | None, comment: Comment, helpful: bool = True) -> int:
    """Mark (or unmark) a comment helpful; one per member; never your own. Returns the new count."""
    member = may_write(member, user)
    if not can_see_thread(comment.thread, user, member) or comment.status != Comment.Status.APPROVED:
        raise CommunityError(None, _("Not found."), status=404)
    if comment.author_id == member.pk:
        raise CommunityError(None, _("You cannot mark your own comment as helpful."), status=409)
    if helpful:
        limits.hit("reaction_member", str(member.pk))
        try:
            with transaction.atomic():
                reaction = Reaction.objects.create(comment=comment, member=member)
                Comment.objects.filter(pk=comment.pk).update(helpful_count=F("helpful_count") + 1)
                transaction.on_commit(lambda: signals.reaction_added.send(Reaction, reaction=reaction))
        except IntegrityError:
            pass  # already marked: the same answer as before
    else:
        with transaction.atomic():
            removed, _rows = Reaction.objects.filter(comment=comment, member=member).delete()
            if removed:
                Comment.objects.filter(pk=comment.pk).update(helpful_count=F("helpful_count") - 1)
                transaction.on_commit(lambda: signals.reaction_removed.send(Reaction, comment=comment, member=member))
    comment.refresh_from_db(fields=["helpful_count"])
    _retire(comment.thread)
    return comment.helpful_count


def accept_answer(*, user, member: Member | None, thread: Thread, comment: Comment | None) -> Thread:
    """The asker or staff marks the accepted answer of a question (``None`` clears it)."""
    staff = is_staff(user)
    if not staff:
        member = may_write(member, user)
    if thread.kind != Thread.Kind.QUESTION:
        raise CommunityError(None, _("Only questions have an accepted answer."), status=409)
    if not staff and (member is None or thread.author_id != member.pk):
        raise CommunityError(None, _("Only the person who asked, or staff, can accept an answer."), status=403)
    if comment is not None and (comment.thread_id != thread.pk or comment.parent_id is not None
                                or comment.pk == thread.opening_id or comment.status != Comment.Status.APPROVED):
        raise CommunityError("comment", _("Choose one of the answers to this question."))
    with transaction.atomic():
        before = Comment.objects.filter(pk=thread.accepted_id).first() if thread.accepted_id else None
        thread.accepted = comment
        thread.save(update_fields=["accepted"])
        if before is not None and before != comment:
            transaction.on_commit(lambda: signals.answer_unaccepted.send(Thread, comment=before, thread=thread))
        if staff:
            ModerationLog.objects.create(moderator=user, action=ModerationLog.Action.ACCEPT, comment=comment)
        if comment is not None:
            transaction.on_commit(lambda: signals.answer_accepted.send(Thread, comment=comment, thread=thread,
                                                                       by=member))
    _retire(thread)
    return thread


# --- keeping counts, caches and followers in step -----------------------------------------------


def _counted(thread: Thread, delta: int) -> None:
    updates = {"comment_count": F("comment_count") + delta}
    if delta > 0:
        updates["last_activity_at"] = timezone.now()
    Thread.objects.filter(pk=thread.pk).update(**updates)


def _retire(thread: Thread) -> None:
    """A page's thread changed: retire that page's cached copies only (cms.cache.retire_page)."""
    if thread.page_id:
        retire_page(thread.page)


def after_shown(comment_id: int, comment: Comment | None = None) -> None:
    """A comment became visible: the page's cache, notifications, and other apps. ``comment`` is the
    row just written in this request, when the caller has it (no need to read it back)."""
    from .notifications import notify_shown

    if comment is None:
        comment = (Comment.objects.select_related("thread__page", "thread__group", "parent")
                   .filter(pk=comment_id).first())
    if comment is None or comment.status != Comment.Status.APPROVED:
        return
    _retire(comment.thread)
    notify_shown(comment)
    signals.comment_shown.send(Comment, comment=comment)


def _removed(comment: Comment, *, by_moderator: bool) -> None:
    _retire(comment.thread)
    signals.comment_removed.send(Comment, comment=comment, by_moderator=by_moderator)
