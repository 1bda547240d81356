"""The community in the admin: members (staff set each one's affiliation ring), groups, who belongs
to them and who manages them, and alliances between groups."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Alliance, CommunityGroup, Member, Membership


class MemberViewSet(SnippetViewSet):
    model = Member
    icon = "user"
    menu_label = _("Members")
    list_display = ["name", "ring", "language", "joined_at"]
    list_filter = ["ring", "language"]
    search_fields = ["display_name", "user__email"]
    panels = [FieldRowPanel([FieldPanel("display_name"), FieldPanel("ring")]), FieldPanel("bio"),
              FieldPanel("language")]
    ordering = ["-joined_at"]


class GroupViewSet(SnippetViewSet):
    model = CommunityGroup
    icon = "group"
    menu_label = _("Groups")
    list_display = ["name", "kind", "language"]
    list_filter = ["kind", "language"]
    search_fields = ["name"]


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


class CommunityViewSetGroup(SnippetViewSetGroup):
    items = (MemberViewSet, GroupViewSet, MembershipViewSet, AllianceViewSet)
    menu_icon = "group"
    menu_label = _("Community")
    menu_order = 250


register_snippet(CommunityViewSetGroup)
