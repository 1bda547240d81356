"""An answer option of a wizard question, with its effects on products.

Options live in a StreamField so that each has a stable id (the block id) that answers, stored
responses and frozen versions refer to. Tags are chosen by slug: a frozen version must not change
when a tag row is edited later.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from cms.models.topics import Topic


def tag_choices() -> list[tuple[str, str]]:
    from .models import ProductTag

    return [(t.slug, str(t)) for t in ProductTag.objects.order_by("group", "slug")]


def topic_choices() -> list[tuple[str, str]]:
    return [(t.slug, t.name) for t in Topic.objects.order_by("name")]


class BoostBlock(blocks.StructBlock):
    tag = blocks.ChoiceBlock(choices=tag_choices, label=_("tag"))
    weight = blocks.IntegerBlock(label=_("weight"), min_value=-10, max_value=10, default=1,
                                 help_text=_("Positive favours products with this tag, negative disfavours them."))


class OptionBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("answer"), max_length=200)
    reason = blocks.CharBlock(label=_("why (shown on a product this answer favoured)"), max_length=300, required=False)
    less_ideal = blocks.CharBlock(label=_("less ideal because (shown on a partial match that misses this answer)"),
                                  max_length=300, required=False)
    require = blocks.MultipleChoiceBlock(choices=tag_choices, required=False, label=_("require one of these tags"))
    exclude = blocks.MultipleChoiceBlock(choices=tag_choices, required=False, label=_("exclude these tags"))
    boosts = blocks.ListBlock(BoostBlock(), label=_("weights"), default=[])
    content = blocks.PageChooserBlock(required=False, label=_("read this before you choose"))
    topics = blocks.MultipleChoiceBlock(choices=topic_choices, required=False,
                                        label=_("topics (pre-select this answer for leads interested in them)"))

    class Meta:
        icon = "radio-full"
        label = _("option")
