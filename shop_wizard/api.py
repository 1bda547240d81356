"""The wizard for other front ends: the questions of the published version, and answers → recommendations."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from wagtail.models import Page

from cms.api.base import MAX_PAGE_ID, answers

from . import actions
from .models import Product, Wizard

router = Router(tags=["wizards"])


class OptionOut(Schema):
    id: str
    label: str


class QuestionOut(Schema):
    key: str
    text: str
    help_text: str
    kind: str
    importance: int
    optional: bool
    options: list[OptionOut]


class WizardOut(Schema):
    slug: str
    title: str
    intro: str
    language: str
    version: int
    questions: list[QuestionOut]


class AnswersIn(Schema):
    # Any number below the limit is a version: one that is not current gets the 400 naming the current one.
    version: int = Field(..., le=MAX_PAGE_ID,
                         description="The version the questions were read from; an old one gets a 400.")
    answers: dict[str, list[str]] = Field(..., description="Question key → the chosen option ids.")


class ProductOut(Schema):
    id: int
    title: str
    summary: str
    seller: str
    partner: str | None
    price: str | None
    currency: str
    detail_url: str
    url: str = Field(..., description="The tracked link out (appends the partner's referral code).")
    match: int = Field(..., ge=0, le=100)
    why: list[str]
    less_ideal: str


class PageOut(Schema):
    id: int
    title: str
    url: str


class RecommendationsOut(Schema):
    response: str
    version: int
    full: list[ProductOut]
    partial: list[ProductOut]
    content: list[PageOut]
    fallback: bool


def _published(slug: str) -> Wizard:
    wizard = actions.published(slug)
    if wizard is None:
        raise HttpError(404, _("No published wizard has this address."))
    return wizard


@router.get("/{slug}/", response=answers({200: WizardOut}, 404), summary="A wizard's questions (the published version)")
def wizard_detail(request, slug: str):
    wizard = _published(slug)
    version = actions.current_version(wizard)
    d = version.definition
    return {"slug": wizard.slug, "title": d["title"], "intro": d["intro"], "language": d["language"],
            "version": version.number, "questions": [
                {**{k: q[k] for k in ("key", "text", "help_text", "kind", "importance", "optional")},
                 "options": [{"id": o["id"], "label": o["label"]} for o in q["options"]]} for q in d["questions"]]}


@router.post("/{slug}/responses/", response=answers({201: RecommendationsOut}, 400, 404, 422),
             summary="Answers → recommendations")
def create_response(request: HttpRequest, slug: str, payload: AnswersIn):
    """Stored with the version it used; full matches and partial alternatives apart, each with its reasons."""
    if len(request.body) > actions.MAX_ANSWERS_BYTES:
        raise actions.WizardInputError("answers", _("The request is too large for a wizard's answers."))
    wizard = _published(slug)
    response, outcome = actions.respond(wizard, payload.answers, version=payload.version,
                                        language=wizard.language, source="api")
    products = Product.objects.select_related("partner").in_bulk([p.product for p in outcome.picks])
    items = {"full": [], "partial": []}
    for position, pick in enumerate(outcome.picks, start=1):
        product = products.get(pick.product)
        if product is None:  # deleted since the facts were read
            continue
        items["full" if pick.full else "partial"].append({
            "id": product.pk, "title": product.title, "summary": product.summary,
            "seller": product.seller(wizard.language), "partner": product.partner.name if product.partner else None,
            "price": str(product.price) if product.price is not None else None, "currency": product.currency,
            "detail_url": request.build_absolute_uri(product.get_absolute_url()),
            "url": request.build_absolute_uri(reverse("shop_wizard_go", args=[product.pk]) + "?" + urlencode(
                {"r": response.token, "p": position})),
            "match": pick.match, "why": pick.why, "less_ideal": pick.less_ideal,
        })
    pages = Page.objects.live().public().filter(pk__in=outcome.content).specific().in_bulk()
    content = [{"id": pk, "title": pages[pk].title, "url": pages[pk].full_url or pages[pk].url}
               for pk in outcome.content if pk in pages]
    return Status(201, {"response": response.token, "version": response.version.number, **items, "content": content,
                 "fallback": outcome.fallback})
