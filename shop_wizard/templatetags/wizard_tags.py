"""The way into a wizard from content: the home page, and articles whose topics a wizard's answers cover."""

from __future__ import annotations

from django import template

from ..models import Wizard

register = template.Library()


@register.inclusion_tag("shop_wizard/_invite.html")
def wizard_invite(language: str, topics=None):
    """The published wizard in this language; with ``topics``, only one whose answers name one of them."""
    wanted = {getattr(t, "slug", t) for t in topics} if topics is not None else None
    for wizard in Wizard.objects.filter(live=True, language=language, version__gt=0).order_by("pk"):
        if wanted is None:
            return {"wizard": wizard}
        version = wizard.versions.order_by("-number").first()
        covered = {t for q in version.definition["questions"] for o in q["options"] for t in o["topics"]}
        if covered & wanted:
            return {"wizard": wizard}
    return {"wizard": None}
