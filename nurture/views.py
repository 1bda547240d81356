"""The pages a lead reaches from an email: confirm, one-click unsubscribe, preferences.

RFC 8058: the unsubscribe URL changes state only on POST, with no cookie, login or CSRF token,
answers 200 without a redirect, and is idempotent. GET and HEAD only show a page (a link scanner
or a HEAD request must never unsubscribe anyone; Mautic #14916).
"""

from __future__ import annotations

import json

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from cms.client_ip import client_ip
from cms.models import Topic

from . import actions, tracking
from .models import Lead


def _lead(token: str) -> Lead:
    lead = Lead.objects.filter(token=token, erased_at__isnull=True).first()
    if lead is None:
        raise Http404(_("This link is not valid."))
    return lead


@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button (mail scanners open links); the POST confirms."""
    try:
        consent = actions.consent_for_token(token)
    except actions.NurtureInputError as error:
        return render(request, "nurture/page.html", {"heading": _("Confirmation"), "message": error.message},
                      status=400)
    with translation.override(consent.lead.language):
        if request.method == "POST":
            lead = actions.confirm(token, ip=client_ip(request))
            return identify(request, render(request, "nurture/page.html", {
                "heading": _("Thank you: your subscription is confirmed"),
                "message": _("You will receive our emails from now on. You can change or stop them at any time."),
                "preferences_url": reverse("nurture_preferences", args=[lead.token])}), lead)
        return render(request, "nurture/page.html", {
            "heading": _("Confirm your subscription"), "message": consent.lead.email,
            "form_action": request.path, "with_csrf": True, "button": _("Confirm my subscription")})


@csrf_exempt  # RFC 8058: mail providers POST here with no cookie or token of ours
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    lead = _lead(token)
    with translation.override(lead.language):
        if request.method == "POST":
            actions.unsubscribe(lead, how="one-click" if request.POST.get("List-Unsubscribe") else "page")
            return render(request, "nurture/page.html", {
                "heading": _("You are unsubscribed"),
                "message": _("We will send you no more marketing email."),
                "preferences_url": reverse("nurture_preferences", args=[lead.token])})
        return render(request, "nurture/page.html", {
            "heading": _("Unsubscribe"), "message": lead.email, "form_action": request.path,
            "button": _("Unsubscribe from all emails")})


@require_http_methods(["GET", "HEAD", "POST"])
def preferences(request: HttpRequest, token: str) -> HttpResponse:
    lead = _lead(token)
    saved = False
    if request.method == "GET" and request.GET.get("export"):
        body = json.dumps(actions.export_lead(lead), ensure_ascii=False, indent=2)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="my-data.json"'
        return response
    if request.method == "POST":
        if request.POST.get("action") == "erase":
            actions.erase_lead(lead)
            return render(request, "nurture/page.html", {
                "heading": _("Your data is erased"), "message": _("We keep no address, name or history of yours.")})
        language = request.POST.get("language", lead.language)
        try:
            lead = actions.update_preferences(lead, language=language, topics=request.POST.getlist("topics"),
                                              weekly_only=bool(request.POST.get("weekly_only")))
        except actions.NurtureInputError as error:
            return HttpResponse(error.message, status=400)
        saved = True
    with translation.override(lead.language):
        return render(request, "nurture/preferences.html", {
            "lead": lead, "saved": saved, "languages": settings.LANGUAGES,
            "topics": [{"slug": t.slug, "label": t.label(lead.language)} for t in Topic.objects.order_by("name")],
            "unsubscribe_url": reverse("nurture_unsubscribe", args=[lead.token])})


# --- engagement: opens, clicks, page views (first-party only) -------------------------------------------

PIXEL = (b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,"
         b"\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;")
LEAD_COOKIE, KNOWN_COOKIE, COOKIE_AGE = tracking.LEAD_COOKIE, tracking.KNOWN_COOKIE, tracking.COOKIE_AGE


def identify(request: HttpRequest, response: HttpResponse, lead: Lead) -> HttpResponse:
    """A signed first-party cookie: later page views of this browser count for this lead."""
    response.set_signed_cookie(LEAD_COOKIE, str(lead.pk), salt=tracking.LEAD_SALT, max_age=COOKIE_AGE,
                               httponly=True, samesite="Lax", secure=request.is_secure())
    response.set_cookie(KNOWN_COOKIE, "1", max_age=COOKIE_AGE, samesite="Lax", secure=request.is_secure())
    return response


@require_http_methods(["GET", "HEAD"])
def open_pixel(request: HttpRequest, token: str) -> HttpResponse:
    if request.method == "GET":
        tracking.record_open(token)
    response = HttpResponse(PIXEL, content_type="image/gif")
    response["Cache-Control"] = "no-store, private"
    return response


@require_http_methods(["GET", "HEAD"])
def click(request: HttpRequest, token: str) -> HttpResponse:
    """Only to a URL that was in that email: the address is inside the signed token, never a parameter."""
    try:
        url, lead = tracking.read_click(token)
    except actions.NurtureInputError as error:
        return render(request, "nurture/page.html", {"heading": _("Link"), "message": error.message}, status=400)
    response = HttpResponse(status=302)
    response["Location"] = url
    response["Cache-Control"] = "no-store, private"
    if request.method == "GET":
        tracking.record_click(token)
        if lead is not None:
            identify(request, response, lead)
    return response


@csrf_exempt  # a beacon from our own pages; it only adds a view to the lead this browser already is
@require_http_methods(["POST"])
def seen(request: HttpRequest) -> HttpResponse:
    lead_id = tracking.lead_id_from(request)
    try:
        page_id = int(request.POST.get("page", ""))
    except ValueError:
        return HttpResponse(status=204)
    if lead_id is not None:
        tracking.record_view(lead_id, page_id)
    return HttpResponse(status=204)


@require_http_methods(["GET", "HEAD", "POST"])
def renew(request: HttpRequest, token: str) -> HttpResponse:
    """The two-yearly renewal: GET shows a button, the POST records a fresh consent."""
    if request.method == "POST":
        try:
            lead = actions.renew_consent(token, ip=client_ip(request))
        except actions.NurtureInputError as error:
            return render(request, "nurture/page.html", {"heading": _("Keep receiving emails"),
                                                         "message": error.message}, status=400)
        with translation.override(lead.language):
            return render(request, "nurture/page.html", {
                "heading": _("Thank you: you will keep receiving our emails"),
                "preferences_url": reverse("nurture_preferences", args=[lead.token])})
    return render(request, "nurture/page.html", {"heading": _("Keep receiving emails"), "form_action": request.path,
                                                 "with_csrf": True, "button": _("Keep receiving emails")})


@csrf_exempt  # the form sits in cached pages, which carry no per-visitor token; double opt-in guards it
@require_http_methods(["POST"])
def signup(request: HttpRequest) -> HttpResponse:
    """The inline sign-up block's form: a consent stored, a confirmation email sent, nothing else."""
    import hashlib

    from wagtail.models import Page

    page = None
    if request.POST.get("page", "").isdigit():
        page = Page.objects.live().filter(pk=int(request.POST["page"])).first()
    language = page.locale.language_code if page is not None else settings.LANGUAGE_CODE
    with translation.override(language):
        thanks = {"heading": _("Check your inbox"),
                  "message": _("Check your inbox: we sent a link to confirm your subscription.")}
        if request.POST.get("website"):  # the honeypot: a bot gets the same answer and nothing is stored
            return render(request, "nurture/page.html", thanks)
        if actions.rate_limited(client_ip(request) or ""):
            return render(request, "nurture/page.html", {"heading": _("Sign up"), "message": _(
                "Too many sign-ups from your address. Please try again in a few minutes.")}, status=429)
        text = request.POST.get("consent_text", "")[:4000]
        try:
            actions.capture(actions.Capture(
                email=request.POST.get("email", ""), consent=request.POST.get("consent") == "on", consent_text=text,
                consent_version="block:" + hashlib.sha256(text.encode()).hexdigest()[:10], language=language[:2],
                page=page, form=f"block:{page.pk}" if page else "block", ip=client_ip(request),
                user_agent=request.META.get("HTTP_USER_AGENT", ""),
            ))
        except actions.NurtureInputError as error:
            return render(request, "nurture/page.html", {"heading": _("Sign up"), "message": error.message},
                          status=400)
        return render(request, "nurture/page.html", thanks)
