"""The community API (mounted at /api/community/): threads under pages and in groups, comments,
helpful marks and accepted answers, for front ends that are not this site.

Reading is public where the thread is (a page's thread exactly as its page; an internal post's only
for staff). Writing needs a signed-in member: this site's session (with its CSRF token) or an
allauth headless session token (``X-Session-Token``, from /api/auth/app/v1/). A comment answers 201
when it is shown and 202 when it waits for a moderator. Every refusal names the field, in the
caller's language, and stores nothing.
"""

from __future__ import annotations

import functools
from datetime import datetime
from typing import Literal

from django.db.models import Count, Q
from django.http import HttpRequest
from ninja import Field, Path, Query, Router, Schema, Status
from ninja.security.base import AuthBase
from wagtail.api.v3.auth import BearerTokenAuth

from cms.api.base import MAX_OFFSET, MAX_PAGE_ID, SIGNED_IN, SessionToken, anonymous_scheme, answers, error_response
from cms.client_ip import client_ip

from . import actions
from .actions import moderation
from .actions.access import can_see_group_threads, can_see_thread, is_staff, visible_page
from .models import Comment, CommunityGroup, Thread

router = Router(tags=["community"])
MAX_ID = 2**63 - 1
PageId = Path(..., ge=1, le=MAX_PAGE_ID, description="The page's id.")
ThreadId = Path(..., ge=1, le=MAX_ID, description="The group thread's id.")
CommentId = Path(..., ge=1, le=MAX_ID, description="The comment's id.")
GroupSlug = Path(..., max_length=80, description="The group's slug.")


@anonymous_scheme
class SessionOrAnonymous(AuthBase):
    """Reading: whoever the session says (staff see internal threads), or anyone."""

    openapi_type = "apiKey"

    def __call__(self, request: HttpRequest):
        return request.user if request.user.is_authenticated else True


READ = [SessionToken(), BearerTokenAuth(), SessionOrAnonymous()]
WRITE = SIGNED_IN


def _answering(view):
    """A rule's refusal becomes the API's one error format with the status the rule gave."""
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except actions.CommunityError as problem:
            return error_response(request, [{"field": problem.field, "message": problem.message}], problem.status)
    return wrapped


def _member(request: HttpRequest):
    return actions.member_for(request.user) if request.user.is_authenticated else None


# --- schemas ---------------------------------------------------------------------------------------


class CommentOut(Schema):
    id: int
    parent: int | None = Field(None, description="The top-level comment this reply hangs under.")
    reply_to: int | None = Field(None, description="The comment this one answered.")
    author: str | None
    ring: str | None = Field(None, description="The author's affiliation ring (core, staff, partner, …).")
    official: bool = Field(..., description="Written by staff: an official answer.")
    status: Literal["approved", "pending", "hidden", "deleted"]
    html: str = Field(..., description="Sanitised HTML; empty once removed or deleted.")
    created_at: datetime
    edited_at: datetime | None
    helpful_count: int
    accepted: bool
    replies: list[CommentOut] = []


class CommentPage(Schema):
    count: int = Field(..., description="Top-level comments the caller can see.")
    comment_count: int = Field(..., description="Shown comments in the whole thread, replies included.")
    items: list[CommentOut]


class CommentIn(Schema):
    body: str = Field(..., max_length=20000, description="Markdown subset; at most 5,000 characters.")
    parent: int | None = Field(None, ge=1, le=MAX_ID, description="The comment to reply to, or null.")


class ThreadIn(Schema):
    title: str = Field(..., max_length=1000)
    body: str = Field(..., max_length=20000)
    kind: Literal["discussion", "question"] = "discussion"


class ThreadOut(Schema):
    id: int
    kind: str
    title: str
    group: str
    author: str | None
    comment_count: int
    accepted: int | None
    url: str
    opening: CommentOut | None = None


class ThreadList(Schema):
    count: int
    items: list[ThreadOut]


class HelpfulIn(Schema):
    helpful: bool = True


class HelpfulOut(Schema):
    helpful_count: int
    helpful: bool


class AcceptIn(Schema):
    comment: int | None = Field(..., ge=1, le=MAX_ID, description="The answer to accept, or null to clear.")


class Paging(Schema):
    limit: int = Field(50, ge=1, le=100)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


def _out(comment: Comment, thread: Thread) -> dict:
    shown = comment.status in (Comment.Status.APPROVED, Comment.Status.PENDING)
    author = comment.author if shown else None
    return {
        "id": comment.pk, "parent": comment.parent_id, "reply_to": comment.reply_to_id,
        "author": (author.name if author else None) if shown else None,
        "ring": author.ring if author and not author.left_at else None,
        "official": comment.official and shown, "status": comment.status,
        "html": actions.conversation.visible_text(comment), "created_at": comment.created_at,
        "edited_at": comment.edited_at if shown else None, "helpful_count": comment.helpful_count if shown else 0,
        "accepted": thread.accepted_id == comment.pk,
        "replies": [_out(child, thread) for child in getattr(comment, "children", [])],
    }


def _page(thread: Thread | None, request: HttpRequest, paging: Paging) -> dict:
    top = actions.comments_for(thread, member=_member(request), staff=is_staff(request.user))
    return {"count": len(top), "comment_count": thread.comment_count if thread else 0,
            "items": [_out(c, thread) for c in top[paging.offset:paging.offset + paging.limit]]}


def _created(comment: Comment, thread: Thread):
    comment.children = []
    return Status(201 if comment.status == Comment.Status.APPROVED else 202, _out(comment, thread))


# --- page threads ----------------------------------------------------------------------------------


@router.get("/pages/{page_id}/comments/", response=answers({200: CommentPage}, 404, 422), auth=READ,
            summary="A page's comments, threaded")
@_answering
def page_comments(request, page_id: int = PageId, paging: Query[Paging] = None):
    """Top-level comments oldest first, each with its replies; held ones only to their author and staff."""
    page = visible_page(page_id, request.user)
    return _page(Thread.objects.filter(page=page).first(), request, paging or Paging())


@router.post("/pages/{page_id}/comments/", response=answers({201: CommentOut, 202: CommentOut}, 400, 401, 403,
                                                             404, 422, 429),
             auth=WRITE, summary="Comment under a page, or reply")
@_answering
def page_comment_create(request, payload: CommentIn, page_id: int = PageId):
    page = visible_page(page_id, request.user)
    comment = actions.post_comment(user=request.user, member=_member(request), page=page, body=payload.body,
                                   parent_id=payload.parent, ip=client_ip(request) or "")
    return _created(comment, comment.thread)


# --- group threads ---------------------------------------------------------------------------------


def _group(slug: str, request: HttpRequest) -> CommunityGroup:
    group = CommunityGroup.objects.filter(slug=slug).first()
    if group is None or not can_see_group_threads(group, request.user, _member(request)):
        raise actions.CommunityError(None, str(_not_found()), status=404)
    return group


def _not_found() -> str:
    from django.utils.translation import gettext as _

    return _("Not found.")


def _thread(thread_id: int, request: HttpRequest) -> Thread:
    thread = Thread.objects.select_related("group", "page", "opening").filter(pk=thread_id).first()
    member = _member(request)
    if (thread is None or thread.group_id is None or not can_see_thread(thread, request.user, member)
            or thread.opening is None
            or (thread.opening.status == Comment.Status.PENDING and not is_staff(request.user)
                and (member is None or thread.opening.author_id != member.pk))):
        raise actions.CommunityError(None, _not_found(), status=404)
    return thread


def _thread_out(thread: Thread, with_opening: bool = False) -> dict:
    opening = None
    if with_opening and thread.opening is not None:
        thread.opening.children = []
        opening = _out(thread.opening, thread)
    return {"id": thread.pk, "kind": thread.kind, "title": thread.title, "group": thread.group.slug,
            "author": thread.author.name if thread.author else None, "comment_count": thread.comment_count,
            "accepted": thread.accepted_id, "url": thread.get_absolute_url(), "opening": opening}


@router.get("/groups/{slug}/threads/", response=answers({200: ThreadList}, 404, 422), auth=READ,
            summary="A group's threads, most recently active first")
@_answering
def group_threads(request, slug: str = GroupSlug, paging: Query[Paging] = None):
    paging = paging or Paging()
    group = _group(slug, request)
    member = _member(request)
    threads = Thread.objects.filter(group=group).select_related("group", "author__user")
    if not is_staff(request.user):
        shown = Q(opening__status=Comment.Status.APPROVED)
        threads = threads.filter(shown | Q(author=member) if member else shown)
    total = threads.aggregate(n=Count("pk"))["n"]
    items = threads.order_by("-last_activity_at", "-pk")[paging.offset:paging.offset + paging.limit]
    return {"count": total, "items": [_thread_out(t) for t in items]}


@router.post("/groups/{slug}/threads/", response=answers({201: ThreadOut, 202: ThreadOut}, 400, 401, 403, 404,
                                                          422, 429),
             auth=WRITE, summary="Start a discussion or ask a question in a group")
@_answering
def group_thread_create(request, payload: ThreadIn, slug: str = GroupSlug):
    group = _group(slug, request)
    thread = actions.start_thread(user=request.user, member=_member(request), group=group, title=payload.title,
                                  body=payload.body, kind=payload.kind, ip=client_ip(request) or "")
    shown = thread.opening.status == Comment.Status.APPROVED
    return Status(201 if shown else 202, _thread_out(thread, with_opening=True))


@router.get("/threads/{thread_id}/comments/", response=answers({200: CommentPage}, 404, 422), auth=READ,
            summary="A group thread's replies, threaded")
@_answering
def thread_comments(request, thread_id: int = ThreadId, paging: Query[Paging] = None):
    return _page(_thread(thread_id, request), request, paging or Paging())


@router.post("/threads/{thread_id}/comments/", response=answers({201: CommentOut, 202: CommentOut}, 400, 401,
                                                                 403, 404, 422, 429),
             auth=WRITE, summary="Reply in a group thread (answer a question)")
@_answering
def thread_comment_create(request, payload: CommentIn, thread_id: int = ThreadId):
    thread = _thread(thread_id, request)
    comment = actions.post_comment(user=request.user, member=_member(request), thread=thread, body=payload.body,
                                   parent_id=payload.parent, ip=client_ip(request) or "")
    return _created(comment, thread)


@router.put("/threads/{thread_id}/accepted/", response=answers({200: ThreadOut}, 400, 401, 403, 404, 409, 422),
            auth=WRITE, summary="Mark (or clear) a question's accepted answer")
@_answering
def accept(request, payload: AcceptIn, thread_id: int = ThreadId):
    thread = _thread(thread_id, request)
    comment = Comment.objects.filter(pk=payload.comment).first() if payload.comment else None
    if payload.comment and comment is None:
        raise actions.CommunityError("comment", _not_found())
    actions.accept_answer(user=request.user, member=_member(request), thread=thread, comment=comment)
    return _thread_out(thread)


# --- reactions and reports -------------------------------------------------------------------------


def _comment(comment_id: int, request: HttpRequest) -> Comment:
    comment = Comment.objects.select_related("thread__page", "thread__group").filter(pk=comment_id).first()
    if comment is None or not can_see_thread(comment.thread, request.user, _member(request)):
        raise actions.CommunityError(None, _not_found(), status=404)
    return comment


@router.put("/comments/{comment_id}/helpful/", response=answers({200: HelpfulOut}, 400, 401, 403, 404, 409, 422, 429),
            auth=WRITE, summary="Mark a comment helpful (or take the mark back)")
@_answering
def helpful(request, payload: HelpfulIn, comment_id: int = CommentId):
    comment = _comment(comment_id, request)
    count = actions.react(user=request.user, member=_member(request), comment=comment, helpful=payload.helpful)
    return {"helpful_count": count, "helpful": payload.helpful}


class ReportIn(Schema):
    reason: Literal["spam", "abuse", "off_topic", "private", "other"]
    note: str = Field("", max_length=300)


class ReportOut(Schema):
    reported: bool


@router.post("/comments/{comment_id}/reports/", response=answers({201: ReportOut}, 400, 401, 403, 404, 409, 422,
                                                                  429),
             auth=WRITE, summary="Report a comment to the moderators")
@_answering
def report(request, payload: ReportIn, comment_id: int = CommentId):
    comment = _comment(comment_id, request)
    moderation.report(user=request.user, member=_member(request), comment=comment, reason=payload.reason,
                      note=payload.note)
    return Status(201, {"reported": True})
