"""Forms for visitors and staff. Django's own messages come out in the visitor's language."""

import html

import nh3
from django import forms
from django.utils.translation import gettext_lazy as _

from .models.posts import PostKind, Visibility

ALLOWED_TAGS = {"p", "br", "strong", "b", "em", "i", "a", "ul", "ol", "li", "h3", "code"}


def sanitise_html(value: str) -> str:
    """Keep the handful of tags a post body uses; drop scripts, styles and event handlers."""
    return nh3.clean(value, tags=ALLOWED_TAGS, attributes={"a": {"href"}}, link_rel="noopener")


def plain_text(value: str) -> str:
    """Markup removed, characters kept: names and titles are plain text, escaped when shown."""
    return html.unescape(nh3.clean(value, tags=set())).strip()


def text_to_html(value: str) -> str:
    """Plain text (what most tools send) becomes paragraphs; HTML is sanitised."""
    value = value.strip()
    if "<" in value and ">" in value:
        return sanitise_html(value)
    paragraphs = [p.strip() for p in value.replace("\r\n", "\n").split("\n\n") if p.strip()]
    escaped = [html.escape(p, quote=False).replace("\n", "<br>") for p in paragraphs]
    return "".join(f"<p>{p}</p>" for p in escaped)


class EventRegistrationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    email = forms.EmailField(label=_("Email"), max_length=254)

    def clean_name(self) -> str:
        name = plain_text(self.cleaned_data["name"])
        if not name:
            raise forms.ValidationError(_("Enter your name."))
        return name

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()


class FilePostForm(forms.Form):
    """The quick-filing form: the same fields on the admin dashboard and in the API."""

    title = forms.CharField(label=_("Title"), max_length=255)
    kind = forms.ChoiceField(label=_("Kind"), choices=PostKind.choices, initial=PostKind.MEETING_NOTE)
    body = forms.CharField(label=_("Body"), widget=forms.Textarea(attrs={"rows": 6}), max_length=20000)
    topics = forms.CharField(
        label=_("Topics"), required=False, max_length=500,
        help_text=_("Separate topics with commas."),
    )
    visibility = forms.ChoiceField(
        label=_("Visibility"), choices=Visibility.choices, initial=Visibility.PUBLIC
    )
    language = forms.ChoiceField(
        label=_("Language"), choices=[("ko", "한국어"), ("en", "English")], initial="ko", required=False
    )

    def clean_title(self) -> str:
        title = plain_text(self.cleaned_data["title"])
        if not title:
            raise forms.ValidationError(_("Enter a title."))
        return title

    def clean_body(self) -> str:
        body = text_to_html(self.cleaned_data["body"])
        if not body.strip():
            raise forms.ValidationError(_("Write something in the body."))
        return body

    def clean_topics(self) -> list[str]:
        raw = self.cleaned_data.get("topics") or ""
        names = [t.strip() for t in raw.split(",") if t.strip()]
        for name in names:
            if len(name) > 100:
                raise forms.ValidationError(_("A topic can have at most 100 characters."))
        return list(dict.fromkeys(names))

    def clean_language(self) -> str:
        return self.cleaned_data.get("language") or "ko"
