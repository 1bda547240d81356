"""The community on the site: a member's own pages (profile, leaving) and the groups (join, leave,
managers approve requests)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from . import actions
from .forms import DeleteAccountForm, ProfileForm
from .models import CommunityGroup, Membership

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
    return render(request, "community/profile.html", {"form": form, "member": member},
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


@require_http_methods(["GET", "HEAD"])
def groups(request: HttpRequest) -> HttpResponse:
    language = (get_language() or "ko")[:2]
    listed = CommunityGroup.objects.filter(language=language).annotate(
        members=Count("memberships", filter=Q(memberships__status=Membership.Status.ACTIVE)))
    return render(request, "community/groups.html", {"groups": listed})


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
    return render(request, "community/group.html", {
        "group": the_group, "active": [m for m in memberships if m.status == Membership.Status.ACTIVE],
        "pending": [m for m in memberships if m.status == Membership.Status.PENDING]
        if actions.is_manager(the_group, member) else [],
        "mine": mine, "allies": actions.allies(the_group), "error": error,
    }, status=400 if error else 200)
