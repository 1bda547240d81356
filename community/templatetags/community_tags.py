"""``{% conversation page %}``: the thread under a page, server-rendered (no JavaScript needed to read it).

It is per reader (their held comments, their buttons), so it never goes into a kept fragment; an
anonymous reader gets no form and no CSRF token, so the page stays in the full-page cache, and
cms.cache.retire_page renews only this page when its thread changes.
"""

from __future__ import annotations

from django import template
from django.http import HttpRequest
from django.template.backends.utils import csrf_input
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from cms.cache import page_version
from cms.fragments import kept

from ..actions import EDIT_WINDOW, comments_for, member_for
from ..actions.access import has_verified_email, is_staff, page_policy
from ..models import Comment, Reaction, Thread
from ..rendering import thread_html

register = template.Library()


def conversation_state(request: HttpRequest, *, thread: Thread | None, member, staff: bool, can_post: bool,
                       comments: list[Comment] | None = None) -> dict:
    """What the thread template needs about the reader: may they write, which comments are theirs."""
    user = request.user
    signed_in = user.is_authenticated
    why_not = ""
    if signed_in and member is not None:
        if member.banned_at:
            why_not = "banned"
        elif not staff and not has_verified_email(user):
            why_not = "unverified"
    items = [item for comment in comments or [] for item in (comment, *comment.children)]
    # Rows from comments_for carry the reader's helpful marks; model instances (a group thread's
    # opening post) are asked about in one query.
    unknown = [item for item in items if getattr(item, "helpful_by_me", None) is None]
    marked = set(Reaction.objects.filter(member=member, comment__in=[i.pk for i in unknown])
                 .values_list("comment_id", flat=True)) if unknown and member is not None else set()
    for item in unknown:
        item.helpful_by_me = item.pk in marked
    now = timezone.now()
    for item in items:
        item.mine = member is not None and item.author_id == member.pk
        item.editable = item.mine and item.status in (Comment.Status.APPROVED, Comment.Status.PENDING) \
            and _recent(item, now)
    state = {
        "thread": thread, "signed_in": signed_in, "member": member, "staff": staff,
        "can_post": signed_in and can_post and not why_not, "why_not": why_not,
        "can_accept": thread is not None and thread.kind == Thread.Kind.QUESTION
        and (staff or (member is not None and thread.author_id == member.pk)),
        "csrf_input": csrf_input(request) if signed_in else "",
        "accept_url": reverse("community_accept", args=[thread.pk]) if thread is not None else "",
    }
    return state


def _recent(comment, now) -> bool:
    """Still within the edit window (a light comment carries the database's answer)."""
    recent = getattr(comment, "recent", None)
    return recent if recent is not None else now - comment.created_at <= EDIT_WINDOW


def comments_prefix() -> str:
    """/community/comments/ in the active language (the edit, delete, helpful and report links)."""
    return reverse("community_comment_edit", args=[0])[: -len("0/edit/")]


def with_comments_html(state: dict, comments: list[Comment], post_url: str) -> dict:
    state.update(comments=comments, post_url=post_url)
    state["comments_html"] = thread_html(comments, state, comments_prefix())
    return state


@register.simple_tag(takes_context=True)
def conversation(context, page) -> str:
    """The thread under a page. For anonymous readers it is the same for everyone until the thread
    changes, so it is rendered once per page version in each process (cms.fragments): a comment
    shown or removed bumps the version (cms.cache.retire_page)."""
    request = context.get("request")
    if request is None or not getattr(page, "pk", None) or getattr(request, "is_preview", False):
        return ""
    if request.user.is_authenticated:
        return _render_conversation(context, request, page)
    stamp = getattr(request, "_cms_page_stamp", None)
    version = stamp[1] if stamp and stamp[0] == page.pk else page_version(page.pk)
    return kept(request, ("conversation", page.pk, version), lambda: _render_conversation(context, request, page))


def _render_conversation(context, request, page) -> str:
    return render_to_string("community/includes/conversation.html", _conversation_context(context, request, page))


def _conversation_context(context, request, page) -> dict:
    enabled, _moderation = page_policy(page)
    thread = Thread.objects.filter(page=page).first()
    if not enabled and (thread is None or thread.comment_count == 0):
        return {"hidden": True}
    member = member_for(request.user) if request.user.is_authenticated else None
    staff = is_staff(request.user)
    comments = comments_for(thread, member=member, staff=staff, light=True)
    state = conversation_state(request, thread=thread, member=member, staff=staff, can_post=enabled,
                               comments=comments)
    state.update(page=page, open=enabled, count=thread.comment_count if thread else 0, login_next=page.url,
                 messages=context.get("messages") if request.user.is_authenticated else None,
                 csrf_token=context.get("csrf_token"))
    return with_comments_html(state, comments, reverse("community_comment_post", args=[page.pk]))


@register.inclusion_tag("community/includes/hosted_by.html")
def hosted_by(page) -> dict:
    """The group hosting an event (``{% hosted_by page %}``), linked to its page."""
    from ..models import HostedEvent

    hosted = HostedEvent.objects.filter(event_id=getattr(page, "pk", None)).select_related("group").first()
    return {"group": hosted.group if hosted else None}
