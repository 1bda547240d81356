"""Nurture in the admin: sequences editors build, leads with their consent, and the send log."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import actions
from .models import Lead, Send, Sequence


class SequenceViewSet(SnippetViewSet):
    model = Sequence
    icon = "mail"
    menu_label = gettext_lazy("Sequences")
    list_display = ["name", "language", "trigger_page", "active", "advertising"]
    list_filter = ["language", "active"]
    search_fields = ["name"]


class LeadViewSet(SnippetViewSet):
    model = Lead
    icon = "user"
    menu_label = gettext_lazy("Leads")
    list_display = ["email", "name", "stage", "score", "confirmed_at", "unsubscribed_at", "created_at"]
    list_filter = ["stage", "language"]
    search_fields = ["email", "name"]
    inspect_view_enabled = True
    inspect_view_fields = ["email", "name", "language", "time_zone", "stage", "score", "topics", "utm",
                           "source_page", "confirmed_at", "unsubscribed_at", "suppressed_at", "suppression_reason"]
    panels = ["name", "language", "time_zone", "stage", "topics", "weekly_only"]


class SendViewSet(SnippetViewSet):
    model = Send
    icon = "list-ul"
    menu_label = gettext_lazy("Send log")
    list_display = ["lead", "step", "status", "due_at", "sent_at", "attempts", "reason"]
    list_filter = ["status", "step__sequence"]
    search_fields = ["lead__email"]
    ordering = ["-due_at"]
    inspect_view_enabled = True


class NurtureGroup(SnippetViewSetGroup):
    menu_label = gettext_lazy("Nurture")
    menu_icon = "mail"
    menu_order = 320
    items = (SequenceViewSet, LeadViewSet, SendViewSet)


register_snippet(NurtureGroup)


@require_POST
def retry_send(request, pk: int):
    """An editor retries a failed send; the next tick queues it."""
    if not request.user.has_perm("nurture.change_send"):
        raise PermissionDenied
    send = get_object_or_404(Send, pk=pk)
    if actions.retry_failed(send):
        messages.success(request, _("The email will be sent again at the next tick."))
    else:
        messages.warning(request, _("Only failed emails can be retried."))
    return redirect(request.POST.get("next") or "wagtailsnippets_nurture_send:list")


@hooks.register("register_admin_urls")
def urls():
    return [path("nurture/sends/<int:pk>/retry/", retry_send, name="nurture_retry_send")]
