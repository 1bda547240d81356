"""Members in the admin: staff set each member's affiliation ring and can correct a profile."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Member


class MemberViewSet(SnippetViewSet):
    model = Member
    icon = "group"
    menu_label = _("Members")
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["name", "ring", "language", "joined_at"]
    list_filter = ["ring", "language"]
    search_fields = ["display_name", "user__email"]
    panels = [FieldRowPanel([FieldPanel("display_name"), FieldPanel("ring")]), FieldPanel("bio"),
              FieldPanel("language")]
    ordering = ["-joined_at"]


register_snippet(MemberViewSet)
