"""The conversation's forms on the site. Each validates, calls an action and goes back to the thread
with a message; an error shows on its own page in the reader's language, with what they wrote kept.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from cms.client_ip import client_ip

from .. import actions
from ..actions import moderation
from ..actions.access import can_see_thread, visible_page
from ..models import Comment, Report, Thread
from .members import MEMBER_LOGIN

HONEYPOT = "website"  # hidden from people; a bot that fills it is told "held" and nothing is stored


def _member(request: HttpRequest):
    return actions.member_for(request.user) if request.user.is_authenticated else None


def _back(request: HttpRequest, fallback: str, anchor: str = "") -> HttpResponseRedirect:
    target = request.POST.get("next") or fallback
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = fallback
    return HttpResponseRedirect(f"{target.split('#')[0]}{anchor}")


def _failed(request: HttpRequest, problem: actions.CommunityError, back: str) -> HttpResponse:
    if problem.status == 401:
        return redirect_to_login(back, login_url=MEMBER_LOGIN)
    return render(request, "community/comment_error.html", {
        "message": problem.message, "body": request.POST.get("body", ""), "back": back,
    }, status=problem.status if problem.status != 409 else 400)


def _posted(request: HttpRequest, comment: Comment, back: str) -> HttpResponseRedirect:
    if comment.status == Comment.Status.APPROVED:
        messages.success(request, _("Your comment is posted."))
    else:
        messages.info(request, _("Thank you. Your comment will show once a moderator has looked at it."))
    return _back(request, back, f"#comment-{comment.pk}")


def _parent(request: HttpRequest) -> int | None:
    value = request.POST.get("parent") or ""
    return int(value) if value.isdigit() else None


@require_POST
def comment_post(request: HttpRequest, page_id: int) -> HttpResponse:
    try:
        page = visible_page(page_id, request.user)
    except actions.CommunityError:
        return render(request, "404.html", status=404)
    back = page.url or "/"
    if request.POST.get(HONEYPOT):
        messages.info(request, _("Thank you. Your comment will show once a moderator has looked at it."))
        return _back(request, back, "#comments")
    try:
        comment = actions.post_comment(user=request.user, member=_member(request), page=page,
                                       body=request.POST.get("body", ""), parent_id=_parent(request),
                                       ip=client_ip(request))
    except actions.CommunityError as problem:
        return _failed(request, problem, back)
    return _posted(request, comment, back)


@require_POST
def thread_comment_post(request: HttpRequest, thread_id: int) -> HttpResponse:
    thread = get_object_or_404(Thread.objects.select_related("group"), pk=thread_id, group__isnull=False)
    back = thread.get_absolute_url()
    if request.POST.get(HONEYPOT):
        messages.info(request, _("Thank you. Your comment will show once a moderator has looked at it."))
        return _back(request, back)
    try:
        comment = actions.post_comment(user=request.user, member=_member(request), thread=thread,
                                       body=request.POST.get("body", ""), parent_id=_parent(request),
                                       ip=client_ip(request))
    except actions.CommunityError as problem:
        return _failed(request, problem, back)
    return _posted(request, comment, back)


def _comment_for(request: HttpRequest, comment_id: int) -> Comment:
    comment = get_object_or_404(Comment.objects.select_related("thread__page", "thread__group"), pk=comment_id)
    if not can_see_thread(comment.thread, request.user, _member(request)):
        from django.http import Http404

        raise Http404
    return comment


@never_cache
@require_http_methods(["GET", "POST"])
def comment_edit(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = _comment_for(request, comment_id)
    back = comment.thread.get_absolute_url()
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), login_url=MEMBER_LOGIN)
    error, status = "", 200
    if request.method == "POST":
        try:
            actions.edit_comment(user=request.user, member=_member(request), comment=comment,
                                 body=request.POST.get("body", ""))
            messages.success(request, _("Your comment is saved."))
            return _back(request, back, f"#comment-{comment.pk}")
        except actions.CommunityError as problem:
            error, status = problem.message, (problem.status if problem.status not in (409,) else 400)
    return render(request, "community/comment_edit.html", {
        "comment": comment, "body": request.POST.get("body", comment.body), "error": error, "back": back,
    }, status=status)


@require_POST
def comment_delete(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = _comment_for(request, comment_id)
    back = comment.thread.get_absolute_url()
    try:
        actions.delete_comment(user=request.user, member=_member(request), comment=comment)
    except actions.CommunityError as problem:
        return _failed(request, problem, back)
    messages.success(request, _("Your comment is deleted."))
    return _back(request, back, f"#comment-{comment.pk}")


@require_POST
def helpful(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = _comment_for(request, comment_id)
    back = comment.thread.get_absolute_url()
    try:
        actions.react(user=request.user, member=_member(request), comment=comment,
                      helpful=request.POST.get("helpful", "1") != "0")
    except actions.CommunityError as problem:
        return _failed(request, problem, back)
    return _back(request, back, f"#comment-{comment.pk}")


@never_cache
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, comment_id: int) -> HttpResponse:
    """GET: the form (what is wrong, an optional note); POST: the report."""
    comment = _comment_for(request, comment_id)
    back = comment.thread.get_absolute_url()
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), login_url=MEMBER_LOGIN)
    if request.method == "GET":
        return render(request, "community/report.html", {"comment": comment, "reasons": Report.Reason.choices,
                                                         "back": back})
    try:
        moderation.report(user=request.user, member=_member(request), comment=comment,
                          reason=request.POST.get("reason", ""), note=request.POST.get("note", ""))
    except actions.CommunityError as problem:
        return _failed(request, problem, back)
    messages.success(request, _("Thank you. A moderator will look at it."))
    return _back(request, back, f"#comment-{comment.pk}")


@require_POST
def accept(request: HttpRequest, thread_id: int) -> HttpResponse:
    thread = get_object_or_404(Thread.objects.select_related("page", "group"), pk=thread_id)
    back = thread.get_absolute_url()
    if not can_see_thread(thread, request.user, _member(request)):
        return render(request, "404.html", status=404)
    value = request.POST.get("comment", "")
    comment = Comment.objects.filter(pk=int(value)).first() if value.isdigit() else None
    try:
        actions.accept_answer(user=request.user, member=_member(request), thread=thread, comment=comment)
    except actions.CommunityError as problem:
        return _failed(request, problem, back)
    return _back(request, back, f"#comment-{comment.pk}" if comment else "")
