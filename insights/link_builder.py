"""The tracked-link builder staff find in the "File a post" panel (the admin's Tracked links snippet is
the full one): pick a public page and a channel, get /l/<code>/ with utm_* set."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.models import Page

from cms.models.visibility import is_private, is_staff_user

from . import reports
from .models import TrackedLink

CHOICES = 40  # the most recently published public pages offered


def shareable_pages() -> list[Page]:
    pages = Page.objects.live().filter(depth__gte=3).order_by("-last_published_at")[:CHOICES * 2]
    return [p for p in pages if not is_private(p)][:CHOICES]


def render(request: HttpRequest) -> str:
    recent = list(TrackedLink.objects.select_related("page").exclude(campaign="share")[:5])
    visits = reports.link_visits([link.code for link in recent])
    for link in recent:
        link.visits = visits.get(link.code, 0)
    return render_to_string("insights/admin/link_builder.html", {
        "pages": shareable_pages(), "channels": TrackedLink._meta.get_field("channel").choices, "recent": recent,
        "csrf_token": get_token(request)}, request=request)


@require_POST
def new_link(request: HttpRequest) -> HttpResponse:
    back = request.POST.get("next", "")
    back = back if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}) else "/admin/"
    if not is_staff_user(request.user):
        messages.error(request, _("Only staff can make tracked links."))
        return redirect(back)
    page = Page.objects.filter(pk=request.POST.get("page") or 0).first() if str(
        request.POST.get("page", "")).isdigit() else None
    link = TrackedLink(page=page, channel=request.POST.get("channel", ""), campaign=request.POST.get("campaign", ""),
                       note=request.POST.get("note", ""))
    if page is None:
        messages.error(request, _("Pick a page to share."))
        return redirect(back)
    try:
        link.full_clean()
    except ValidationError as error:
        messages.error(request, " ".join(m for messages_ in error.message_dict.values() for m in messages_))
        return redirect(back)
    link.save()
    messages.success(request, _("Your tracked link for “%(title)s”: %(url)s") % {"title": page.title,
                                                                               "url": link.short_url()})
    return redirect(back)
