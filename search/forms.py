from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from .service import normalize_query


class SynonymForm(WagtailAdminModelForm):
    """Synonyms typed as a comma-separated list; stored normalised, like the queries they match."""

    synonyms = forms.CharField(label=_("Synonyms"), help_text=_("Comma-separated, e.g. SEO, 검색엔진최적화"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["synonyms"] = ", ".join(self.instance.synonyms)

    def clean_term(self):
        term = normalize_query(self.cleaned_data["term"])
        if not term:
            raise forms.ValidationError(_("Enter a word or phrase."))
        return term

    def clean_synonyms(self):
        words = [normalize_query(w) for w in self.cleaned_data["synonyms"].split(",")]
        words = sorted({w for w in words if w})
        if not words:
            raise forms.ValidationError(_("Enter at least one synonym."))
        return words

    def save(self, commit=True):
        if "status" in self.changed_data:
            self.instance.decided_at = timezone.now()
        return super().save(commit)


class PromotionForm(WagtailAdminModelForm):
    def clean_query(self):
        query = normalize_query(self.cleaned_data["query"])
        if not query:
            raise forms.ValidationError(_("Enter the search words this promotion answers."))
        return query

    def clean(self):
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", _("The end must be after the start."))
        return data
