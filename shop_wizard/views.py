"""The wizard on the site: one question per page, then content, then results. No JavaScript needed.

A response row is created when the visitor starts, and each answer is checked before it is kept,
so analytics can count where people stop and a bad POST stores nothing.
"""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from wagtail.models import Page

from cms.client_ip import client_ip
from cms.seo import view_seo
from nurture.actions import rate_limited
from nurture.models import Lead
from nurture.tracking import lead_id_from

from . import actions
from .models import SCHEMA_AVAILABILITY, Product, Response, ResponseStatus, Wizard
from .scoring import Outcome

CONSENT_TEXT = gettext_lazy("I agree to receive emails with content and product picks for my answers. I can "
                            "unsubscribe at any time.")


def _language() -> str:
    return (get_language() or settings.LANGUAGE_CODE)[:2]


def _lead(request: HttpRequest):
    """The lead this browser is (set by a nurture email link), if any."""
    lead_id = lead_id_from(request)
    return Lead.objects.filter(pk=lead_id, erased_at__isnull=True).first() if lead_id else None


def _published(slug: str) -> Wizard:
    wizard = actions.published(slug)
    if wizard is None:
        raise Http404
    return wizard


def _response(token: str) -> Response:
    return get_object_or_404(Response.objects.select_related("wizard", "version"), token=token)


@never_cache
@require_http_methods(["GET", "HEAD"])
def intro(request: HttpRequest, slug: str) -> HttpResponse:
    wizard = _published(slug)
    definition = actions.current_version(wizard).definition
    return render(request, "shop_wizard/intro.html", {
        "wizard": wizard, "definition": definition, "count": len(definition["questions"]),
        "view_seo": view_seo(request, title=definition["title"], description=definition["intro"] or definition["title"],
                             jsonld={"@context": "https://schema.org", "@type": "WebPage", "name": definition["title"],
                                     "description": definition["intro"] or definition["title"],
                                     "url": request.build_absolute_uri(request.path)}),
    })


@require_POST
def start(request: HttpRequest, slug: str) -> HttpResponse:
    wizard = _published(slug)
    lead = _lead(request)
    version = actions.current_version(wizard)
    prefill = actions.prefill(version.definition, {**{t: 1.0 for t in lead.topics}, **lead.interests}) if lead else {}
    response = actions.start(wizard, language=_language(), lead=lead, prefill=prefill)
    return HttpResponseRedirect(reverse("shop_wizard_question", args=[response.token, 1]))


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def question(request: HttpRequest, token: str, number: int) -> HttpResponse:
    response = _response(token)
    questions = response.version.definition["questions"]
    if not 1 <= number <= len(questions):
        raise Http404
    if response.status == ResponseStatus.COMPLETED:
        return HttpResponseRedirect(reverse("shop_wizard_results", args=[token]))
    current = questions[number - 1]
    error, status = "", 200
    if request.method == "POST":
        try:
            response = actions.answer(response, current["key"], request.POST.getlist("option"))
            if number < len(questions):
                return HttpResponseRedirect(reverse("shop_wizard_question", args=[token, number + 1]))
            outcome = actions.complete(response, request.user)
            target = "shop_wizard_read" if outcome.content else "shop_wizard_results"
            return HttpResponseRedirect(reverse(target, args=[token]))
        except actions.WizardInputError as exc:
            error, status = exc.message, 400
    selected = request.POST.getlist("option") if request.method == "POST" else response.answers.get(current["key"], [])
    return render(request, "shop_wizard/question.html", {
        "response": response, "wizard": response.wizard, "question": current, "number": number,
        "count": len(questions), "selected": selected, "error": error,
        "progress": round(100 * (number - 1) / len(questions)),
        "back": reverse("shop_wizard_question", args=[token, number - 1]) if number > 1 else
        reverse("shop_wizard", args=[response.wizard.slug]),
    }, status=status)


def _pages(ids: list[int]) -> list[Page]:
    pages = Page.objects.live().public().filter(pk__in=ids).specific().in_bulk()
    return [pages[i] for i in ids if i in pages]


@never_cache
@require_http_methods(["GET", "HEAD"])
def read(request: HttpRequest, token: str) -> HttpResponse:
    response = _response(token)
    if response.status != ResponseStatus.COMPLETED:
        return HttpResponseRedirect(reverse("shop_wizard_question", args=[token, max(1, response.reached)]))
    outcome = actions.replay(response)
    return render(request, "shop_wizard/read.html", {"response": response, "wizard": response.wizard,
                                                     "definition": response.version.definition,
                                                     "pages": _pages(outcome.content)})


def _shown(outcome: Outcome, language: str) -> tuple[list[dict], list[dict]]:
    products = Product.objects.select_related("partner", "image").in_bulk([p.product for p in outcome.picks])
    full, partial = [], []
    for position, pick in enumerate(outcome.picks, start=1):
        product = products.get(pick.product)
        if product is None:
            continue
        item = {"pick": pick, "product": product, "position": position, "seller": product.seller(language)}
        (full if pick.full else partial).append(item)
    return full, partial


@never_cache
@require_http_methods(["GET", "HEAD"])
def results(request: HttpRequest, token: str) -> HttpResponse:
    response = _response(token)
    if response.status != ResponseStatus.COMPLETED:
        return HttpResponseRedirect(reverse("shop_wizard_question", args=[token, max(1, response.reached)]))
    return _results(request, response)


def _results(request, response: Response, *, status: int = 200, email_error: str = "", contact_error: str = "",
             subscribed: bool = False, contacted: bool = False) -> HttpResponse:
    outcome = actions.replay(response)
    full, partial = _shown(outcome, response.language)
    return render(request, "shop_wizard/results.html", {
        "response": response, "wizard": response.wizard, "full": full, "partial": partial,
        "fallback": not (full or partial), "pages": _pages(outcome.content), "consent_text": CONSENT_TEXT,
        "email_error": email_error, "contact_error": contact_error, "subscribed": subscribed,
        "contacted": contacted, "post": request.POST if request.method == "POST" else {},
    }, status=status)


@require_POST
def email(request: HttpRequest, token: str) -> HttpResponse:
    response = _response(token)
    if response.status != ResponseStatus.COMPLETED:
        raise Http404
    ip = client_ip(request) or ""
    if request.POST.get("website"):  # honeypot
        return _results(request, response, subscribed=True)
    if rate_limited(ip):
        return _results(request, response, status=429,
                        email_error=_("Too many sign-ups from your address. Please try again in a few minutes."))
    try:
        actions.capture_lead(response, email=request.POST.get("email", ""), consent=request.POST.get("consent") == "on",
                             consent_text=str(CONSENT_TEXT), ip=ip or None,
                             user_agent=request.META.get("HTTP_USER_AGENT", ""), language=response.language)
    except actions.WizardInputError as error:
        return _results(request, response, status=400, email_error=error.message)
    return _results(request, response, subscribed=True)


@require_POST
def contact(request: HttpRequest, token: str) -> HttpResponse:
    response = _response(token)
    try:
        actions.contact(response, name=request.POST.get("name", ""), email=request.POST.get("email", ""),
                        message=request.POST.get("message", ""))
    except actions.WizardInputError as error:
        return _results(request, response, status=400, contact_error=error.message)
    return _results(request, response, contacted=True)


@require_http_methods(["GET", "HEAD"])
def go(request: HttpRequest, product_id: int) -> HttpResponse:
    """The tracked way out to a product; the destination is the product's own URL, never a parameter."""
    product = get_object_or_404(Product.objects.select_related("partner"), pk=product_id)
    response = Response.objects.filter(token=request.GET.get("r", "")[:40]).first() if request.GET.get("r") else None
    try:
        position = int(request.GET.get("p", ""))
    except ValueError:
        position = None
    url = actions.click_out(product, response, position) if request.method == "GET" else actions.outbound_url(product)
    redirect = HttpResponse(status=302)
    redirect["Location"] = url
    redirect["Cache-Control"] = "no-store, private"
    redirect["Referrer-Policy"] = "no-referrer"
    return redirect


@require_http_methods(["GET", "HEAD"])
def product_detail(request: HttpRequest, slug: str) -> HttpResponse:
    product = get_object_or_404(Product.objects.select_related("partner", "image").prefetch_related("tags"), slug=slug)
    if not product.active:
        raise Http404
    language = _language()
    data = {
        "@context": "https://schema.org", "@type": "Product", "name": product.title, "sku": product.sku,
        "description": product.summary or product.title, "url": request.build_absolute_uri(product.get_absolute_url()),
        "brand": {"@type": "Brand", "name": product.seller(language)},
        "offers": {"@type": "Offer", "url": product.url,
                   "availability": f"https://schema.org/{SCHEMA_AVAILABILITY[product.availability]}",
                   **({"price": str(product.price), "priceCurrency": product.currency}
                      if product.price is not None else {})},
    }
    image = product.image.get_rendition("fill-1200x630").url if product.image else product.image_url
    if image:
        data["image"] = request.build_absolute_uri(image)
    return render(request, "shop_wizard/product.html", {
        "product": product, "seller": product.seller(language), "tags": [t.label(language) for t in product.tags.all()],
        "view_seo": view_seo(request, title=product.title, description=product.summary or product.title, image=image,
                             jsonld=data, robots="index, follow" if product.recommendable else "noindex, follow"),
    })
