"""Blocks of a nurture email. The dynamic ones pick content per lead when the email is rendered."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from .providers import provider_choices

EMAIL_RICH_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class NextArticleBlock(blocks.StructBlock):
    """The best article for this lead's interests that they have neither read nor been sent."""

    heading = blocks.CharBlock(label=_("heading"), max_length=120, required=False)

    class Meta:
        icon = "doc-full"
        label = _("Next best article for this lead")


class PageLinkBlock(blocks.StructBlock):
    page = blocks.PageChooserBlock(label=_("page"))
    note = blocks.TextBlock(label=_("why read it"), required=False)

    class Meta:
        icon = "link"
        label = _("A specific page")


class EventInvitationBlock(blocks.StructBlock):
    event = blocks.PageChooserBlock(label=_("event"), page_type="cms.EventPage")
    note = blocks.TextBlock(label=_("invitation"), required=False)

    class Meta:
        icon = "date"
        label = _("Event invitation")


class RecommendationsBlock(blocks.StructBlock):
    """What a registered content provider picks for the lead (e.g. the products of their latest wizard
    response); when none has anything for them, the pages that fit their interests best."""

    heading = blocks.CharBlock(label=_("heading"), max_length=120, required=False)
    source = blocks.ChoiceBlock(choices=provider_choices, required=False, label=_("recommended by"))

    class Meta:
        icon = "pick"
        label = _("Recommended for this lead")


class EmailBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(features=EMAIL_RICH_FEATURES, label=_("paragraph"))
    next_article = NextArticleBlock()
    page = PageLinkBlock()
    event = EventInvitationBlock()
    products = RecommendationsBlock()  # the stored name predates other providers
