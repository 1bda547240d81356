import hashlib

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField, AbstractFormSubmission
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from ..blocks import BodyBlock
from ..text import html_to_text
from .mixins import TopicsMixin
from .seo import SeoMixin
from .topics import TopicTaggedItem

CONSENT_FIELD = "marketing_consent"
HONEYPOT_FIELD = "website"


class LandingFormField(AbstractFormField):
    """A form field whose stored name is readable ASCII even when its label is Korean.

    Wagtail derives names from labels; for Hangul that gives strings like ``u110bu1175…``, which
    nobody can use in exports or the API. Editors may set a key; otherwise the label is romanised.
    """

    page = ParentalKey("cms.LandingPage", related_name="form_fields", on_delete=models.CASCADE)
    field_key = models.SlugField(
        _("field key"), max_length=60, blank=True,
        help_text=_("Name used in exports and the API, e.g. email. Leave empty to derive it from the label."),
    )

    panels = AbstractFormField.panels + ["field_key"]

    def save(self, *args, **kwargs):
        is_new = self.pk is None
        super().save(*args, **kwargs)
        if is_new:
            from anyascii import anyascii
            from django.utils.text import slugify

            wanted = self.field_key or slugify(anyascii(self.label)).replace("-", "_")[:60] or self.clean_name
            if wanted != self.clean_name:
                self.clean_name = wanted
                type(self).objects.filter(pk=self.pk).update(clean_name=wanted)


class LandingPageTopic(TopicTaggedItem):
    content_object = ParentalKey("cms.LandingPage", related_name="topic_items", on_delete=models.CASCADE)


class LandingFormSubmission(AbstractFormSubmission):
    """A stored submission plus the consent the visitor gave and the exact text they saw."""

    consent_given = models.BooleanField(_("marketing consent"), default=False)
    consent_version = models.CharField(_("consent text version"), max_length=80, blank=True)
    consent_text = models.TextField(_("consent text shown"), blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("landing form submission")

    def get_data(self):
        data = super().get_data()
        data.update(consent_given=self.consent_given, consent_version=self.consent_version)
        return data


class LandingPage(TopicsMixin, SeoMixin, AbstractEmailForm):
    """A campaign page with an editor-built lead form.

    The marketing consent box is separate from the form's own fields and never pre-ticked; each
    submission records which version of the consent text was on screen (nurture-compliance.md).
    """

    intro = models.TextField(_("intro"), blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))
    consent_text = RichTextField(
        _("marketing consent text"), features=["bold", "link"],
        default="소식과 맞춤 콘텐츠를 이메일로 받는 데 동의합니다. 언제든 수신을 거부할 수 있습니다.",
    )
    consent_version = models.CharField(
        _("consent text label"), max_length=40, default="v1",
        help_text=_("Change this when the meaning of the consent text changes."),
    )
    submit_label = models.CharField(_("submit button label"), max_length=40, default="보내기")
    thank_you_text = RichTextField(_("thank-you text"), blank=True)
    topics = ClusterTaggableManager(through=LandingPageTopic, blank=True, verbose_name=_("topics"))

    content_panels = AbstractEmailForm.content_panels + [
        FormSubmissionsPanel(),
        "intro",
        "body",
        InlinePanel("form_fields", label=_("Form fields")),
        MultiFieldPanel(["consent_text", "consent_version"], heading=_("Marketing consent")),
        "submit_label",
        "thank_you_text",
        "topics",
        MultiFieldPanel(
            [FieldRowPanel(["from_address", "to_address"]), "subject"], heading=_("Notification email")
        ),
    ]
    promote_panels = AbstractEmailForm.promote_panels + SeoMixin.seo_panels
    search_fields = AbstractEmailForm.search_fields + [
        index.SearchField("intro", boost=2),
        index.SearchField("body"),
    ]
    api_fields = [
        APIField("intro"),
        APIField("body"),
        APIField("consent_text"),
        APIField("consent_version_label"),
        APIField("form_schema"),
        APIField("submit_label"),
        APIField("topic_data"),
    ]
    parent_page_types = ["cms.HomePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("landing page")

    @property
    def consent_version_label(self) -> str:
        """The editor's label plus a hash of the text, so an unlabelled edit is still told apart."""
        digest = hashlib.sha256(self.consent_text.encode("utf-8")).hexdigest()[:10]
        return f"{self.consent_version}:{digest}"

    @property
    def form_schema(self) -> list[dict]:
        fields = [
            {
                "name": f.clean_name,
                "label": f.label,
                "type": f.field_type,
                "required": f.required,
                "choices": [c.strip() for c in f.choices.splitlines() if c.strip()] if f.choices else [],
            }
            for f in self.get_form_fields()
        ]
        fields.append(
            {"name": CONSENT_FIELD, "label": html_to_text(self.consent_text, separator=" "), "type": "checkbox",
             "required": False, "choices": []}
        )
        return fields

    def get_submission_class(self):
        return LandingFormSubmission

    def get_form_class(self):
        base = super().get_form_class()
        consent_label = html_to_text(self.consent_text, separator=" ")

        class LandingForm(base):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                self.fields[CONSENT_FIELD] = forms.BooleanField(
                    required=False, initial=False, label=consent_label
                )
                # A field people never see: bots fill it, the submission is then dropped.
                self.fields[HONEYPOT_FIELD] = forms.CharField(
                    required=False, label="Website",
                    widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
                )

        return LandingForm

    def serve(self, request, *args, **kwargs):
        self._request = request  # process_form_submission needs the IP and user agent
        return super().serve(request, *args, **kwargs)

    def process_form_submission(self, form):
        from ..actions import store_landing_submission

        return store_landing_submission(self, form, getattr(self, "_request", None))
