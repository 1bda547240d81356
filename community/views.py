"""The member's own pages: their profile, and leaving (deleting the account)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from . import actions
from .forms import DeleteAccountForm, ProfileForm


@never_cache
@login_required
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
@login_required
def delete_account(request: HttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        actions.delete_account(actions.member_for(request.user))
        logout(request)
        return render(request, "community/deleted.html")
    return render(request, "community/delete.html", {"form": form}, status=400 if request.method == "POST" else 200)
