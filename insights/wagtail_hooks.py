"""Insights in the admin: where visitors come from (channels and campaigns), from the daily rollups."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, PageChooserPanel
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from . import reports
from .models import TrackedLink

PERIODS = (7, 30, 90)


def channels_view(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("wagtailadmin.access_admin"):
        raise PermissionDenied
    days = int(request.GET["days"]) if request.GET.get("days") in {str(p) for p in PERIODS} else 30
    return render(request, "insights/admin/channels.html", {
        "days": days, "periods": PERIODS, "chart": reports.daily_chart(days), "channels": reports.by_channel(days),
        "campaigns": reports.by_campaign(days)})


@hooks.register("register_admin_urls")
def urls():
    return [path("insights/channels/", channels_view, name="insights_channels")]


@hooks.register("register_admin_menu_item")
def channels_menu_item():
    return MenuItem(_("Visits by channel"), reverse("insights_channels"), icon_name="site", order=340)


class LinkIndexView(IndexView):
    """Each link's visits (the last 90 days, from the rollups) beside its clicks."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        visits = reports.link_visits([link.code for link in context["object_list"]])
        for link in context["object_list"]:
            link.visits = visits.get(link.code, 0)
        return context


class TrackedLinkViewSet(SnippetViewSet):
    model = TrackedLink
    index_view_class = LinkIndexView
    icon = "link"
    menu_label = _("Tracked links")
    menu_order = 341
    add_to_admin_menu = True
    list_display = ["__str__", "short_url", "channel", "campaign", "clicks", Column("visits", label=_("visits")),
                    "created_at"]
    panels = [PageChooserPanel("page"), FieldPanel("channel"), FieldPanel("campaign"), FieldPanel("note")]


register_snippet(TrackedLinkViewSet)
