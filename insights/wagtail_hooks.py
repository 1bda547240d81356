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
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from . import admin_views, dashboard, link_builder, reports
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
    return [path("insights/channels/", channels_view, name="insights_channels"),
            path("insights/dashboard/", admin_views.dashboard_view, name="insights_dashboard"),
            path("insights/conversions/", admin_views.conversions_view, name="insights_conversions"),
            path("insights/people/", admin_views.people_view, name="insights_people"),
            path("insights/people/<str:key>/", admin_views.person_view, name="insights_person"),
            path("insights/links/new/", link_builder.new_link, name="insights_new_link")]


@hooks.register("register_reports_menu_item")
def dashboard_menu_item():
    return MenuItem(_("Marketing dashboard"), reverse("insights_dashboard"), icon_name="view", order=10)


@hooks.register("register_admin_menu_item")
def people_menu_item():
    return MenuItem(_("People"), reverse("insights_people"), icon_name="user", order=339)


class DashboardPanel(Component):
    """The admin home's summary: the headline of each step for 30 days beside the 30 before, and the
    way to the whole dashboard."""

    name = "marketing_dashboard"
    order = 50
    template_name = "insights/admin/home_panel.html"

    def get_context_data(self, parent_context=None):
        return {"summary": dashboard.summary(30)}


@hooks.register("construct_homepage_panels")
def homepage_panel(request, panels):
    if request.user.has_perm("wagtailadmin.access_admin"):
        panels.append(DashboardPanel())


@hooks.register("register_admin_menu_item")
def channels_menu_item():
    return MenuItem(_("Visits by channel"), reverse("insights_channels"), icon_name="site", order=340)


class LinkIndexView(IndexView):
    """Each link's visits and the conversions it was the last touch of (the last 90 days, from the
    rollups) beside its clicks."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        codes = [link.code for link in context["object_list"]]
        visits, converted = reports.link_visits(codes), reports.link_conversions(codes)
        for link in context["object_list"]:
            link.visits, link.conversions = visits.get(link.code, 0), round(converted.get(link.code, 0), 2)
        return context


class TrackedLinkViewSet(SnippetViewSet):
    model = TrackedLink
    index_view_class = LinkIndexView
    icon = "link"
    menu_label = _("Tracked links")
    menu_order = 341
    add_to_admin_menu = True
    list_display = ["__str__", "short_url", "channel", "campaign", "clicks", Column("visits", label=_("visits")),
                    Column("conversions", label=_("conversions (last touch)")),
                    "created_at"]
    panels = [PageChooserPanel("page"), FieldPanel("channel"), FieldPanel("campaign"), FieldPanel("note")]


register_snippet(TrackedLinkViewSet)
