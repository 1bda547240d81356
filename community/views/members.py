"""A member's own pages: profile (with email settings), notifications, leaving."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from .. import actions
from ..forms import DeleteAccountForm, ProfileForm
from ..profile import profile_sections

MEMBER_LOGIN = "account_login"  # members sign in by email; LOGIN_URL stays the admin's, for staff pages


@never_cache
@login_required(login_url=MEMBER_LOGIN)
def profile(request: HttpRequest) -> HttpResponse:
    member = actions.member_for(request.user)
    form = ProfileForm(request.POST or None, request.FILES or None, instance=member)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile is saved."))
        return redirect("community_profile")
    return render(request, "community/profile.html", {"form": form, "member": member,
                                                      "sections": profile_sections(request, member)},
                  status=400 if request.method == "POST" else 200)


@never_cache
@login_required(login_url=MEMBER_LOGIN)
def delete_account(request: HttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        actions.delete_account(actions.member_for(request.user))
        logout(request)
        return render(request, "community/deleted.html")
    return render(request, "community/delete.html", {"form": form}, status=400 if request.method == "POST" else 200)


@never_cache
@login_required(login_url=MEMBER_LOGIN)
def notifications(request: HttpRequest) -> HttpResponse:
    """What happened to the member's comments and questions; opening the list marks them read."""
    from ..actions.notifications import mark_read

    member = actions.member_for(request.user)
    if request.method == "POST":
        mark_read(member)
        return redirect("community_notifications")
    from ..actions.access import can_see_thread

    items = [n for n in member.notifications.select_related("comment__author__user", "comment__thread__page",
                                                            "comment__thread__group")[:100]
             if can_see_thread(n.comment.thread, request.user, member)]
    response = render(request, "community/notifications.html", {"items": items, "member": member})
    mark_read(member, [n.pk for n in items if n.read_at is None])
    return response
