"""The community in the admin: members (staff set each one's affiliation ring), groups (with the
events they host and the posts from their work), memberships, alliances, the conversation settings
per page type, the moderation queue (with its count on the dashboard) and the moderation log."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.admin.ui.components import Component
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from cms.admin_policies import ReadOnlyPolicy

from .actions.access import is_staff
from .admin_views import queue_counts, queue_view, unban_view
from .models import Alliance, CommunityGroup, Member, Membership, ModerationLog, PageTypePolicy


class MemberViewSet(SnippetViewSet):
    model = Member
    icon = "user"
    menu_label = _("Members")
    list_display = ["name", "ring", "language", "joined_at", "banned_at"]
    list_filter = ["ring", "language"]
    search_fields = ["display_name", "user__email"]
    panels = [FieldRowPanel([FieldPanel("display_name"), FieldPanel("ring")]), FieldPanel("handle"),
              FieldPanel("bio"), FieldPanel("language"), FieldPanel("banned_at", read_only=True)]
    ordering = ["-joined_at"]


class GroupViewSet(SnippetViewSet):
    model = CommunityGroup
    icon = "group"
    menu_label = _("Groups")
    list_display = ["name", "kind", "language"]
    list_filter = ["kind", "language"]
    search_fields = ["name"]
    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description"),
              FieldRowPanel([FieldPanel("kind"), FieldPanel("language")]),
              InlinePanel("hosted_events", label=_("Events the group hosts")),
              InlinePanel("outputs", label=_("Posts from the group's work"))]


class MembershipViewSet(SnippetViewSet):
    model = Membership
    icon = "list-ul"
    menu_label = _("Group memberships")
    list_display = ["member", "group", "role", "status"]
    list_filter = ["group", "role", "status"]


class AllianceViewSet(SnippetViewSet):
    model = Alliance
    icon = "link"
    menu_label = _("Alliances")
    list_display = ["proposer", "partner", "accepted_at"]


class PolicyViewSet(SnippetViewSet):
    model = PageTypePolicy
    icon = "cogs"
    menu_label = _("Conversation settings")
    list_display = ["__str__", "comments_enabled", "moderation"]


register_permission_policy(ModerationLog, ReadOnlyPolicy(ModerationLog))


class ModerationLogViewSet(SnippetViewSet):
    """Read-only: the log is appended to by the moderation actions, never edited."""

    model = ModerationLog
    icon = "history"
    menu_label = _("Moderation log")
    list_display = ["at", "moderator", "action", "member", "note"]
    list_filter = ["action"]
    add_to_admin_menu = False
    inspect_view_enabled = True

    def get_permissions_to_register(self):
        return super().get_permissions_to_register().filter(codename__startswith="view_")


class CommunityViewSetGroup(SnippetViewSetGroup):
    items = (MemberViewSet, GroupViewSet, MembershipViewSet, AllianceViewSet, PolicyViewSet, ModerationLogViewSet)
    menu_icon = "group"
    menu_label = _("Community")
    menu_order = 250


register_snippet(CommunityViewSetGroup)


class ModerationPanel(Component):
    name = "community_moderation"
    order = 60
    template_name = "community/admin/queue_panel.html"

    def get_context_data(self, parent_context=None):
        return {"counts": queue_counts()}


@hooks.register("construct_homepage_panels")
def add_moderation_panel(request, panels):
    if is_staff(request.user):
        panels.append(ModerationPanel())


@hooks.register("register_admin_urls")
def urls():
    return [path("community/moderation/", queue_view, name="community_moderation"),
            path("community/members/<int:pk>/unban/", unban_view, name="community_unban")]


class QueueMenuItem(MenuItem):
    def get_context(self, request):
        context = super().get_context(request)
        total = queue_counts()["total"]
        if total:
            context["label"] = f"{self.label} ({total})"
        return context

    def is_shown(self, request):
        return is_staff(request.user)


@hooks.register("register_admin_menu_item")
def moderation_menu_item():
    return QueueMenuItem(_("Moderation queue"), reverse("community_moderation"), icon_name="comment", order=251)
