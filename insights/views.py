"""The beacon: every page (cached or not, from Django or from the front server's files) runs
site/static/js/visit.js, which posts what the browser knows (the page, its path and query, the
referrer) here once. A beacon and not server logs: the front server serves cached pages without
Django, and a script-less bot never runs it."""

from __future__ import annotations

from django.db.models import F
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from cms.models.visibility import is_private

from .actions import ViewError, record_view
from .actions.attribution import remember_arrival
from .models import TrackedLink


@csrf_exempt  # a beacon from our own pages: it writes a count, nothing of anyone's
@require_POST
def hit(request: HttpRequest) -> HttpResponse:
    try:
        view = record_view(request, page=request.POST.get("page", "")[:20], path=request.POST.get("path", "")[:400],
                           query=request.POST.get("query", ""), referrer=request.POST.get("referrer", ""))
    except ViewError as problem:
        return JsonResponse({"errors": [{"field": problem.field, "message": problem.message}]}, status=400)
    response = HttpResponse(status=204)
    if view is not None:
        remember_arrival(request, response, view)
    return response


def follow(request: HttpRequest, code: str) -> HttpResponse:
    """A tracked link: counted, then on to its page with its utm_* (a page since unpublished or made
    private is not there any more for whoever follows the link)."""
    link = TrackedLink.objects.select_related("page").filter(code=code[:12]).first()
    if link is None or not link.page.live or is_private(link.page):
        raise Http404
    TrackedLink.objects.filter(pk=link.pk).update(clicks=F("clicks") + 1)
    target = link.page.specific_deferred.get_url(request) or "/"
    response = HttpResponseRedirect(f"{target}?{link.query()}")
    response["Cache-Control"] = "no-store"  # each follow is counted
    response["X-Robots-Tag"] = "noindex"
    return response
