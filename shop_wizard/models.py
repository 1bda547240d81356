"""The catalogue (own and partner products on one tag vocabulary) and the wizards editors build over it.

A wizard is edited as a draft (Wagtail revisions) and each publish freezes its questions and rules
into a ``WizardVersion``. Visitors only ever meet a frozen version, and every ``Response`` keeps the
version it used: its recommendations and "why" lines replay the same way after the wizard changes.
"""

from __future__ import annotations

import uuid

from django import forms
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import DraftStateMixin, Orderable, PreviewableMixin, RevisionMixin

from cms.models.topics import BilingualName
from nurture.models import new_token  # one opaque-token helper (the migration names it here)

from .blocks import OptionBlock


class TagGroup(models.TextChoices):
    SITUATION = "situation", _("situation")
    NEED = "need", _("need")
    BUDGET = "budget", _("budget")
    CHANNEL = "channel", _("channel")
    OTHER = "other", _("other")


class ProductTag(BilingualName, models.Model):
    """The one controlled vocabulary for products, own and partner: what answers require, exclude and weigh."""

    group = models.CharField(_("group"), max_length=16, choices=TagGroup.choices, default=TagGroup.NEED)
    name = models.CharField(_("name"), max_length=80)
    name_en = models.CharField(_("English name"), max_length=80, blank=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True, allow_unicode=True)

    panels = ["group", "name", "name_en", "slug"]

    class Meta:
        verbose_name = _("product tag")
        verbose_name_plural = _("product tags")
        ordering = ["group", "slug"]

    def __str__(self) -> str:
        return f"{self.name} ({self.slug})"


class Partner(BilingualName, models.Model):
    """A partner business whose products the wizard may recommend beside the company's own."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    name_en = models.CharField(_("English name"), max_length=120, blank=True)
    site = models.URLField(_("website"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=120, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    referral_param = models.CharField(_("referral parameter"), max_length=40, default="ref",
                                      help_text=_("The query parameter the partner reads, e.g. ref or utm_source."))
    referral_code = models.CharField(_("referral code"), max_length=80, blank=True,
                                     help_text=_("Appended to every product link that leaves for this partner."))
    active = models.BooleanField(_("active"), default=True,
                                 help_text=_("Products of an inactive partner are never recommended."))

    panels = ["name", "name_en", "site", FieldRowPanel(["contact_name", "contact_email"]),
              FieldRowPanel(["referral_param", "referral_code"]), "active"]

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Availability(models.TextChoices):
    IN_STOCK = "in_stock", _("in stock")
    PREORDER = "preorder", _("pre-order")
    OUT_OF_STOCK = "out_of_stock", _("out of stock")
    DISCONTINUED = "discontinued", _("discontinued")


SCHEMA_AVAILABILITY = {"in_stock": "InStock", "preorder": "PreOrder", "out_of_stock": "OutOfStock",
                       "discontinued": "Discontinued"}
RECOMMENDABLE = (Availability.IN_STOCK, Availability.PREORDER)


class PriceBand(models.TextChoices):
    FREE = "free", _("free")
    LOW = "low", _("low")
    MID = "mid", _("mid")
    HIGH = "high", _("high")


class ProductQuerySet(models.QuerySet):
    def recommendable(self):
        """Active, available, and (for a partner's product) from an active partner."""
        return self.filter(active=True, availability__in=RECOMMENDABLE).exclude(partner__active=False)


class Product(models.Model):
    """A product of the company (no partner) or of a partner."""

    partner = models.ForeignKey(Partner, null=True, blank=True, on_delete=models.PROTECT, related_name="products",
                                verbose_name=_("partner"), help_text=_("Leave empty for the company's own products."))
    sku = models.CharField(_("SKU"), max_length=64, unique=True,
                           help_text=_("The product's code; a CSV import updates the product with the same SKU."))
    slug = models.SlugField(_("slug"), max_length=100, unique=True, allow_unicode=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    image = models.ForeignKey("wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+", verbose_name=_("image"))
    image_url = models.URLField(_("image URL"), blank=True, help_text=_("Used when no image is uploaded."))
    price = models.DecimalField(_("price"), max_digits=12, decimal_places=0, null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, default="KRW")
    price_band = models.CharField(_("price band"), max_length=8, choices=PriceBand.choices, blank=True)
    url = models.URLField(_("product URL"), help_text=_("Where the product is bought or booked."))
    availability = models.CharField(_("availability"), max_length=16, choices=Availability.choices,
                                    default=Availability.IN_STOCK)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="ko")
    tags = models.ManyToManyField(ProductTag, blank=True, related_name="products", verbose_name=_("tags"))
    active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProductQuerySet.as_manager()

    panels = [
        FieldRowPanel(["sku", "slug"]), "title", "summary", "partner",
        MultiFieldPanel([FieldRowPanel(["price", "currency", "price_band"]), FieldRowPanel(["availability", "active"])],
                        heading=_("Offer")),
        "url", FieldRowPanel(["image", "image_url"]), "language",
        FieldPanel("tags", widget=forms.CheckboxSelectMultiple),
    ]

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["title", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        with translation.override(self.language):
            return reverse("shop_product", args=[self.slug])

    @property
    def recommendable(self) -> bool:
        return (self.active and self.availability in RECOMMENDABLE
                and (self.partner is None or self.partner.active))

    def seller(self, language: str | None = None) -> str:
        if self.partner is not None:
            return self.partner.label(language)
        company = settings.COMPANY
        return company.get("name_en") or company["name"] if (language or get_language() or "ko")[:2] == "en" \
            else company["name"]


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("single choice")
    MULTIPLE = "multiple", _("multiple choice")


class Wizard(DraftStateMixin, RevisionMixin, PreviewableMixin, ClusterableModel):
    """A product finder: questions whose answers route to content and weigh tagged products."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True, allow_unicode=True)
    intro = models.TextField(_("introduction"), blank=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="ko")
    content_heading = models.CharField(_("content heading"), max_length=200, blank=True,
                                       help_text=_('Shown above the content picked by the answers, e.g. "Read this '
                                                   'before you choose".'))
    contact_email = models.EmailField(_("contact email"), blank=True,
                                      help_text=_("Receives the fallback contact form when nothing matches."))
    version = models.PositiveIntegerField(_("published version"), default=0, editable=False)
    email_sequences = ParentalManyToManyField(
        "nurture.Sequence", blank=True, related_name="wizards", verbose_name=_("email sequences"),
        help_text=_("Leads who ask for their picks by email on the results page enter these once they confirm "
                    "(only the sequences in the lead's language)."))

    panels = [
        FieldRowPanel(["title", "slug"]), "intro", FieldRowPanel(["language", "contact_email"]), "content_heading",
        FieldPanel("email_sequences", widget=forms.CheckboxSelectMultiple),
        InlinePanel("questions", label=_("questions"), min_num=1),
    ]

    class Meta:
        verbose_name = _("wizard")
        verbose_name_plural = _("wizards")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        with translation.override(self.language):
            return reverse("shop_wizard", args=[self.slug])

    def get_preview_template(self, request, mode_name):
        return "shop_wizard/preview.html"

    def get_preview_context(self, request, mode_name):
        from .actions import definition_of, preview

        definition = definition_of(self)
        return {"wizard": self, "definition": definition, "sample": preview(definition)}


class Question(Orderable):
    wizard = ParentalKey(Wizard, on_delete=models.CASCADE, related_name="questions")
    key = models.CharField(max_length=36, default=uuid.uuid4, editable=False)  # stable across edits and versions
    text = models.CharField(_("question"), max_length=300)
    help_text = models.CharField(_("help text"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=8, choices=QuestionKind.choices, default=QuestionKind.SINGLE)
    importance = models.PositiveSmallIntegerField(
        _("importance"), default=2, choices=[(1, _("low")), (2, _("normal")), (3, _("high"))],
        help_text=_("Multiplies the weights of this question's answers."))
    optional = models.BooleanField(_("optional"), default=False)
    options = StreamField([("option", OptionBlock())], verbose_name=_("options"))

    panels = ["text", "help_text", FieldRowPanel(["kind", "importance", "optional"]), "options"]

    class Meta(Orderable.Meta):
        verbose_name = _("question")
        verbose_name_plural = _("questions")


class WizardVersion(models.Model):
    """A published wizard, frozen: the questions, options and rules that responses are scored against."""

    wizard = models.ForeignKey(Wizard, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    definition = models.JSONField()
    published_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("wizard version")
        constraints = [models.UniqueConstraint(fields=["wizard", "number"], name="wizard_version_unique")]
        ordering = ["wizard", "-number"]

    def __str__(self) -> str:
        return f"{self.wizard} v{self.number}"


class ResponseStatus(models.TextChoices):
    STARTED = "started", _("started")
    COMPLETED = "completed", _("completed")


class Response(models.Model):
    """One visitor's way through a wizard version: answers so far, and the recommendations they got."""

    wizard = models.ForeignKey(Wizard, on_delete=models.CASCADE, related_name="responses")
    version = models.ForeignKey(WizardVersion, on_delete=models.PROTECT, related_name="responses")
    token = models.CharField(max_length=40, unique=True, default=new_token, editable=False)
    answers = models.JSONField(default=dict)  # question key -> [option id, ...]
    reached = models.PositiveSmallIntegerField(default=0)  # questions answered, for drop-off
    status = models.CharField(max_length=12, choices=ResponseStatus.choices, default=ResponseStatus.STARTED)
    result = models.JSONField(default=dict, blank=True)  # the recommendations as shown
    source = models.CharField(max_length=12, default="site")  # site, api, preview
    language = models.CharField(max_length=8, default="ko")
    lead = models.ForeignKey("nurture.Lead", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="wizard_responses")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("wizard response")
        verbose_name_plural = _("wizard responses")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.wizard} · {self.created_at:%Y-%m-%d %H:%M}"


class ClickOut(models.Model):
    """A visitor leaving for a product through the tracked redirect."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="click_outs")
    partner = models.ForeignKey(Partner, null=True, blank=True, on_delete=models.SET_NULL, related_name="click_outs")
    response = models.ForeignKey(Response, null=True, blank=True, on_delete=models.SET_NULL, related_name="click_outs")
    position = models.PositiveSmallIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.product} · {self.created_at:%Y-%m-%d %H:%M}"


class ContactRequest(models.Model):
    """The fallback's contact form: a visitor nothing matched, asking a person for help."""

    response = models.ForeignKey(Response, null=True, blank=True, on_delete=models.SET_NULL, related_name="contacts")
    name = models.CharField(_("name"), max_length=120, blank=True)
    email = models.EmailField(_("email"))
    message = models.TextField(_("message"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("contact request")
        verbose_name_plural = _("contact requests")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.email
