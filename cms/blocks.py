"""StreamField blocks for base content (articles) and landing pages.

The API returns these as structured JSON (type + value), so a front end other than ours can render
each block its own way.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock

RICH_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul", "h3", "h4", "code"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("heading"), max_length=200)
    level = blocks.ChoiceBlock(
        choices=[("h2", "H2"), ("h3", "H3")], default="h2", label=_("level")
    )

    class Meta:
        icon = "title"
        template = "blocks/heading.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("quote"))
    attribution = blocks.CharBlock(required=False, label=_("attribution"))

    class Meta:
        icon = "openquote"
        template = "blocks/quote.html"


class CallToActionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"), max_length=120)
    text = blocks.TextBlock(required=False, label=_("text"))
    page = blocks.PageChooserBlock(required=False, label=_("page"))
    url = blocks.URLBlock(required=False, label=_("external URL"))
    button_label = blocks.CharBlock(label=_("button label"), max_length=40)

    class Meta:
        icon = "pick"
        template = "blocks/cta.html"


class FAQItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("question"))
    answer = blocks.RichTextBlock(features=RICH_FEATURES, label=_("answer"))


class FAQBlock(blocks.ListBlock):
    def __init__(self, **kwargs):
        super().__init__(FAQItemBlock(), **kwargs)

    class Meta:
        icon = "help"
        template = "blocks/faq.html"


class SignupBlock(blocks.StructBlock):
    """An inline email sign-up (nurture's double opt-in) inside an article, post or event page."""

    title = blocks.CharBlock(label=_("title"), max_length=120)
    text = blocks.TextBlock(required=False, label=_("text"))
    consent_text = blocks.TextBlock(
        label=_("marketing consent text"),
        default="소식과 맞춤 콘텐츠를 이메일로 받는 데 동의합니다. 언제든 수신을 거부할 수 있습니다.",
    )
    button_label = blocks.CharBlock(label=_("button label"), max_length=40, default="구독하기")

    class Meta:
        icon = "mail"
        label = _("email sign-up")
        template = "blocks/signup.html"


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(features=RICH_FEATURES, label=_("paragraph"))
    image = ImageBlock(label=_("image"))
    quote = QuoteBlock()
    cta = CallToActionBlock(label=_("call to action"))
    embed = EmbedBlock(label=_("embed"), template="blocks/embed.html")
    table = TableBlock(label=_("table"))
    faq = FAQBlock(label=_("FAQ"))
    signup = SignupBlock()
