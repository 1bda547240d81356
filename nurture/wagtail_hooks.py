"""Nurture in the admin: sequences editors build, leads with their consent, and the send log."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from cms.charts import chart, series

from . import actions
from .models import Lead, ScoringRule, Segment, Send, Sequence, StageThreshold


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
    inspect_view_fields = ["email", "name", "language", "time_zone", "stage", "score", "topics", "interests", "utm",
                           "source_page", "confirmed_at", "unsubscribed_at", "suppressed_at", "suppression_reason",
                           "timeline"]
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


class ScoringRuleViewSet(SnippetViewSet):
    model = ScoringRule
    icon = "order"
    menu_label = gettext_lazy("Scoring rules")
    list_display = ["kind", "points"]


class StageThresholdViewSet(SnippetViewSet):
    model = StageThreshold
    icon = "order-up"
    menu_label = gettext_lazy("Stage thresholds")
    list_display = ["stage", "min_score"]


class SegmentViewSet(SnippetViewSet):
    model = Segment
    icon = "group"
    menu_label = gettext_lazy("Segments")
    list_display = ["name", "language", "min_stage", "min_score", "topic", "min_loyalty_rank", "min_recent_points"]


class NurtureGroup(SnippetViewSetGroup):
    menu_label = gettext_lazy("Nurture")
    menu_icon = "mail"
    menu_order = 320
    items = (SequenceViewSet, LeadViewSet, SendViewSet, SegmentViewSet, ScoringRuleViewSet, StageThresholdViewSet)


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


def dashboard(request):
    if not request.user.has_perm("wagtailadmin.access_admin"):
        raise PermissionDenied

    from . import reports

    funnel = reports.funnel()
    per_day, labels = reports.sends_per_day()
    return TemplateResponse(request, "nurture/admin/dashboard.html", {
        "funnel": funnel,
        "funnel_chart": chart("funnel", _("Leads at or past each stage"), [row["stage"] for row in funnel],
                              [series(_("Leads"), [row["leads"] for row in funnel])], axis_label=_("Stage"),
                              horizontal=True),
        "sends_chart": chart("sends", _("Emails sent per day"), labels, [series(_("Sent"), per_day)],
                             axis_label=_("Day")),
        "sequences": reports.steps(),
        "send_log": reverse("wagtailsnippets_nurture_send:list"),
    })


def enroll_leads(request, pk: int):
    """Manual enrolment: an editor pastes addresses; confirmed leads who may be mailed enter the sequence."""
    if not request.user.has_perm("nurture.change_sequence"):
        raise PermissionDenied
    sequence = get_object_or_404(Sequence, pk=pk)
    if request.method == "POST":
        emails = {e.strip().lower() for e in request.POST.get("emails", "").replace(",", "\n").splitlines()
                  if e.strip()}
        leads = Lead.objects.filter(email_key__in=list(emails)[:5000])
        entered = skipped = 0
        now = actions.now()
        for lead in leads:
            if actions.why_not_mail(lead, now):
                skipped += 1
            else:
                actions.enroll(lead, sequence, now)
                entered += 1
        messages.success(request, _("%(entered)d entered the sequence; %(skipped)d cannot be mailed; "
                                    "%(unknown)d addresses are not leads.") % {
            "entered": entered, "skipped": skipped, "unknown": len(emails) - entered - skipped})
        return redirect("nurture_dashboard")
    return TemplateResponse(request, "nurture/admin/enroll.html", {"sequence": sequence})


def export_lead(request, pk: int):
    """What the person may ask for (PIPA §35), from the admin: everything held, as JSON."""
    import json

    from django.http import HttpResponse

    if not request.user.has_perm("nurture.view_lead"):
        raise PermissionDenied
    lead = get_object_or_404(Lead, pk=pk)
    response = HttpResponse(json.dumps(actions.export_lead(lead), ensure_ascii=False, indent=2),
                            content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="lead-{lead.pk}.json"'
    return response


def erase_lead(request, pk: int):
    """Erase on request: GET asks, the POST anonymises (counts in reports stay true)."""
    if not request.user.has_perm("nurture.delete_lead"):
        raise PermissionDenied
    lead = get_object_or_404(Lead, pk=pk, erased_at__isnull=True)
    if request.method == "POST":
        actions.erase_lead(lead)
        messages.success(request, _("The lead's personal data is erased."))
        return redirect("wagtailsnippets_nurture_lead:list")
    return TemplateResponse(request, "nurture/admin/erase.html", {"lead": lead})


@hooks.register("register_admin_urls")
def urls():
    return [path("nurture/sends/<int:pk>/retry/", retry_send, name="nurture_retry_send"),
            path("nurture/dashboard/", dashboard, name="nurture_dashboard"),
            path("nurture/sequences/<int:pk>/enroll/", enroll_leads, name="nurture_enroll"),
            path("nurture/leads/<int:pk>/export/", export_lead, name="nurture_export_lead"),
            path("nurture/leads/<int:pk>/erase/", erase_lead, name="nurture_erase_lead")]


@hooks.register("register_reports_menu_item")
def dashboard_menu_item():
    from wagtail.admin.menu import MenuItem

    return MenuItem(gettext_lazy("Nurture dashboard"), reverse("nurture_dashboard"), icon_name="mail", order=310)
