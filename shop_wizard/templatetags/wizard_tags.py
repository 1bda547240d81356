"""The way into a wizard from content: the home page, and articles whose topics a wizard's answers cover."""

from __future__ import annotations

from django import template
from django.db.models import F

from cms.fragments import kept

from ..models import Wizard, WizardVersion

register = template.Library()


@register.inclusion_tag("shop_wizard/_invite.html", takes_context=True)
def wizard_invite_for(context, page):
    """The invitation under an article, kept per content generation (a wizard's publish starts one)."""
    return kept(context.get("request"), ("wizard_invite", page.pk),
                lambda: wizard_invite(page.locale.language_code, list(page.topics.all())))


@register.inclusion_tag("shop_wizard/_invite.html")
def wizard_invite(language: str, topics=None):
    """The published wizard in this language; with ``topics``, only one whose answers name one of them.

    One query either way: articles render this on every view, and a query per wizard added up."""
    live = {"live": True, "language": language, "version__gt": 0}
    if topics is None:
        return {"wizard": Wizard.objects.filter(**live).order_by("pk").first()}
    wanted = {getattr(t, "slug", t) for t in topics}
    latest = (WizardVersion.objects.filter(number=F("wizard__version"), **{f"wizard__{k}": v for k, v in live.items()})
              .select_related("wizard").order_by("wizard_id"))
    for version in latest:
        covered = {t for q in version.definition["questions"] for o in q["options"] for t in o["topics"]}
        if covered & wanted:
            return {"wizard": version.wizard}
    return {"wizard": None}
