"""Listening in the admin: the inbox of mentions (filters by channel, sentiment, source, language),
the sources, and the import. A mention about something only staff may read is shown to staff only."""

from django.http import Http404
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.paginator import WagtailPaginator
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, InspectView, SnippetViewSet, SnippetViewSetGroup

from cms.admin_policies import ReadOnlyPolicy
from cms.models.visibility import is_staff_user

from .actions import capped_count
from .admin_cases import case_view, open_case_view, report_view
from .admin_reports import advocates_view, health_view, reports_view, sns_view
from .admin_views import import_view, label_view, model_view, webhook_view
from .models import ComplaintType, Mention, Source, StaffAccount


class MentionPolicy(ReadOnlyPolicy):
    """Mentions come from their sources, never typed in; a staff-only one is not even there for others."""

    def user_has_permission_for_instance(self, user, action, instance):
        if instance.staff_only and not is_staff_user(user):
            return False
        return super().user_has_permission_for_instance(user, action, instance)

    def instances_user_has_permission_for(self, user, action):
        found = super().instances_user_has_permission_for(user, action)
        return found if is_staff_user(user) else found.filter(staff_only=False)


class MentionInspectView(InspectView):
    def get_object(self, queryset=None):
        mention = super().get_object(queryset)
        if mention.staff_only and not is_staff_user(self.request.user):
            raise Http404
        return mention


class CappedPaginator(WagtailPaginator):
    """Counts up to the inbox's cap (actions.COUNT_CAP): an exact count of a broad filter over a million
    mentions costs more than the page; the pages beyond the cap are reached by filtering further."""

    @cached_property
    def count(self) -> int:
        return capped_count(self.object_list)[0]


class InboxIndexView(IndexView):
    paginator_class = CappedPaginator


class InboxViewSet(SnippetViewSet):
    model = Mention
    index_view_class = InboxIndexView
    inspect_view_class = MentionInspectView
    icon = "mail"
    menu_label = _("Inbox")
    list_display = ["text", "channel", "author", "sentiment", "sentiment_score", "posted_at", "source"]
    list_filter = ["channel", "sentiment", "complaint_type", "case_status", "team", "language", "source"]
    search_fields = ["text", "author"]
    ordering = ["-posted_at"]
    inspect_view_enabled = True
    list_per_page = 50

    def get_queryset(self, request):
        mentions = Mention.objects.select_related("source")
        return mentions if is_staff_user(request.user) else mentions.filter(staff_only=False)


class SourceViewSet(SnippetViewSet):
    model = Source
    icon = "site"
    menu_label = _("Sources")
    list_display = ["name", "kind", "direction", "active", "last_pull"]


class ComplaintTypeViewSet(SnippetViewSet):
    model = ComplaintType
    icon = "warning"
    menu_label = _("Complaint types")
    list_display = ["name", "team", "priority", "first_response_hours", "resolution_hours"]


class StaffAccountViewSet(SnippetViewSet):
    model = StaffAccount
    icon = "user"
    menu_label = _("Staff SNS accounts")
    list_display = ["channel", "handle", "user"]


class ListeningGroup(SnippetViewSetGroup):
    menu_label = _("Listening")
    menu_icon = "mail"
    menu_order = 330
    items = (InboxViewSet, SourceViewSet, ComplaintTypeViewSet, StaffAccountViewSet)


register_permission_policy(Mention, MentionPolicy(Mention))
register_snippet(ListeningGroup)


@hooks.register("register_admin_urls")
def urls():
    return [path("listening/import/", import_view, name="listening_import"),
            path("listening/webhooks/", webhook_view, name="listening_webhooks"),
            path("listening/label/", label_view, name="listening_label"),
            path("listening/model/", model_view, name="listening_model"),
            path("listening/cases/", report_view, name="listening_cases_report"),
            path("listening/reports/", reports_view, name="listening_reports"),
            path("listening/health/", health_view, name="listening_health"),
            path("listening/advocates/", advocates_view, name="listening_advocates"),
            path("listening/sns/", sns_view, name="listening_sns"),
            path("listening/cases/open/", open_case_view, name="listening_open_case"),
            path("listening/cases/<int:case_id>/", case_view, name="listening_case")]


# Listening's own pages in the admin menu, after its snippets: (label, URL name, icon).
MENU = [(_("Import mentions"), "listening_import", "upload"), (_("Webhook sources"), "listening_webhooks", "link"),
        (_("Label mentions"), "listening_label", "tag"),
        (_("Cases and service levels"), "listening_cases_report", "warning"),
        (_("Listening reports"), "listening_reports", "view"), (_("Customer health"), "listening_health", "user"),
        (_("Advocates"), "listening_advocates", "pick"), (_("SNS analysis"), "listening_sns", "globe")]


def _menu_item(label, name: str, icon: str, order: int):
    return lambda: MenuItem(label, reverse(name), icon_name=icon, order=order)


for place, (label, name, icon) in enumerate(MENU):
    hooks.register("register_admin_menu_item", _menu_item(label, name, icon, 331 + place))
