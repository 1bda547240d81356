"""Groups on the site: join, leave, managers approve requests; the group's threads."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cms.client_ip import client_ip
from cms.models import EventPage, PostPage
from cms.models.visibility import visible_to

from .. import actions
from ..actions.access import active_in, can_see_group_threads, can_see_thread, is_staff
from ..models import Comment, CommunityGroup, GroupKind, Membership, Thread
from ..rendering import Labels, comment_html, finish
from ..seo import group_seo, groups_seo, thread_seo
from ..templatetags.community_tags import comments_prefix, conversation_state, with_comments_html
from .members import MEMBER_LOGIN


@require_http_methods(["GET", "HEAD"])
def groups(request: HttpRequest) -> HttpResponse:
    language = (get_language() or "ko")[:2]
    listed = CommunityGroup.objects.filter(language=language).annotate(
        members=Count("memberships", filter=Q(memberships__status=Membership.Status.ACTIVE)))
    return render(request, "community/groups.html", {"groups": listed, "view_seo": groups_seo(request)})


@require_http_methods(["GET", "HEAD", "POST"])
def group(request: HttpRequest, slug: str) -> HttpResponse:
    the_group = get_object_or_404(CommunityGroup, slug=slug)
    member = actions.member_for(request.user) if request.user.is_authenticated else None
    error = ""
    if request.method == "POST":
        if member is None:
            return redirect_to_login(request.get_full_path(), login_url=MEMBER_LOGIN)
        try:
            what = request.POST.get("action")
            if what == "join":
                joined = actions.join(the_group, member)
                messages.success(request, _("You joined the group.") if joined.status == Membership.Status.ACTIVE
                                 else _("Your request is sent to the group's managers."))
            elif what == "leave":
                actions.leave(the_group, member)
                messages.success(request, _("You left the group."))
            elif what == "approve":
                actions.approve(the_group, member, int(request.POST.get("membership") or 0))
                messages.success(request, _("Request approved."))
            return redirect(the_group.get_absolute_url())
        except (actions.CommunityError, ValueError) as problem:
            error = getattr(problem, "message", "") or _("That request is not valid.")
    memberships = the_group.memberships.select_related("member__user").order_by("-role", "joined_at")
    mine = next((m for m in memberships if member is not None and m.member_id == member.pk), None)
    active = [m for m in memberships if m.status == Membership.Status.ACTIVE]
    threads = (list(_listed_threads(the_group, member, is_staff(request.user))[:50])
               if can_see_group_threads(the_group, request.user, member) else None)
    # Structured data names only what an anonymous reader may see.
    public_threads = ([t for t in threads if t.opening.status == Comment.Status.APPROVED]
                      if threads and the_group.kind == GroupKind.PUBLIC else [])
    return render(request, "community/group.html", {
        "group": the_group, "active": active,
        "view_seo": group_seo(request, the_group, public_threads, len(active)),
        "pending": [m for m in memberships if m.status == Membership.Status.PENDING]
        if actions.is_manager(the_group, member) else [],
        "mine": mine, "allies": actions.allies(the_group), "error": error,
        "threads": threads,
        "can_start": mine is not None and mine.status == Membership.Status.ACTIVE or is_staff(request.user),
        "events": _events(the_group), "outputs": _outputs(the_group, request),
    }, status=400 if error else 200)


def _listed_threads(the_group: CommunityGroup, member, staff: bool):
    """The group's threads whose opening post readers can see (a held one shows to its author and staff)."""

    threads = Thread.objects.filter(group=the_group).select_related("author__user", "opening", "accepted")
    if not staff:
        shown = Q(opening__status=Comment.Status.APPROVED)
        if member is not None:
            shown |= Q(author=member)
        threads = threads.filter(shown)
    return threads.order_by("-last_activity_at", "-pk")


@require_http_methods(["POST"])
def thread_start(request: HttpRequest, slug: str) -> HttpResponse:
    the_group = get_object_or_404(CommunityGroup, slug=slug)
    if not request.user.is_authenticated:
        return redirect_to_login(the_group.get_absolute_url(), login_url=MEMBER_LOGIN)
    if request.POST.get("website"):  # the honeypot: nothing is stored
        messages.info(request, _("Thank you. Your thread will show once a moderator has looked at it."))
        return redirect(the_group.get_absolute_url())
    try:
        started = actions.start_thread(
            user=request.user, member=actions.member_for(request.user), group=the_group,
            title=request.POST.get("title", ""), body=request.POST.get("body", ""),
            kind=request.POST.get("kind", Thread.Kind.DISCUSSION), ip=client_ip(request))
    except actions.CommunityError as problem:
        return render(request, "community/comment_error.html", {
            "message": problem.message, "body": request.POST.get("body", ""), "back": the_group.get_absolute_url(),
        }, status=problem.status if problem.status not in (401, 409) else 400)
    if started.opening.status == started.opening.Status.APPROVED:
        messages.success(request, _("Your thread is started."))
    else:
        messages.info(request, _("Thank you. Your thread will show once a moderator has looked at it."))
    return redirect(started.get_absolute_url())


@require_http_methods(["GET", "HEAD"])
def thread(request: HttpRequest, slug: str, thread_id: int) -> HttpResponse:
    the_thread = get_object_or_404(
        Thread.objects.select_related("group", "author__user", "opening__author__user", "accepted"),
        pk=thread_id, group__slug=slug)
    member = actions.member_for(request.user) if request.user.is_authenticated else None
    staff = is_staff(request.user)
    opening = the_thread.opening
    if (not can_see_thread(the_thread, request.user, member) or opening is None
            or (opening.status == Comment.Status.PENDING and not staff
                and (member is None or opening.author_id != member.pk))):
        raise Http404
    comments = actions.comments_for(the_thread, member=member, staff=staff)
    opening.children = []
    state = _conversation_state(request, the_thread, member, staff, [opening, *comments])
    with_comments_html(state, comments, state["post_url"])
    state.update(group=the_thread.group,
                 opening_html=finish(comment_html(opening, state, Labels(), comments_prefix(), top=False), state),
        view_seo=thread_seo(request, the_thread, opening, comments))
    return render(request, "community/thread.html", state)


def _conversation_state(request, the_thread, member, staff, comments):
    state = conversation_state(request, thread=the_thread, member=member, staff=staff,
                               can_post=staff or active_in(the_thread.group, member), comments=comments)
    state.update(open=True, count=max(the_thread.comment_count - (the_thread.opening.status == "approved"), 0),
                 post_url=reverse("community_thread_comment_post", args=[the_thread.pk]),
                 login_next=the_thread.get_absolute_url(), in_group=True)
    return state


def _events(the_group: CommunityGroup) -> dict:
    """The group's upcoming events, and its allies' (an alliance shares what each group holds)."""
    def upcoming(groups):
        return list(EventPage.objects.live().public().filter(host_group__group__in=groups,
                                                             end__gte=timezone.now()).order_by("start")[:10])

    return {"own": upcoming([the_group]), "allies": upcoming(actions.allies(the_group))}


def _outputs(the_group: CommunityGroup, request: HttpRequest) -> list:
    posts = visible_to(PostPage.objects.filter(pk__in=the_group.outputs.values("post_id")), request)
    return list(posts.order_by("-first_published_at")[:20])
