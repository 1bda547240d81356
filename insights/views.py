"""The beacon: every page (cached or not, from Django or from the front server's files) runs
site/static/js/visit.js, which posts what the browser knows (the page, its path and query, the
referrer) here once. A beacon and not server logs: the front server serves cached pages without
Django, and a script-less bot never runs it."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .actions import ViewError, record_view


@csrf_exempt  # a beacon from our own pages: it writes a count, nothing of anyone's
@require_POST
def hit(request: HttpRequest) -> HttpResponse:
    try:
        record_view(request, page=request.POST.get("page", "")[:20], path=request.POST.get("path", "")[:400],
                    query=request.POST.get("query", ""), referrer=request.POST.get("referrer", ""))
    except ViewError as problem:
        return JsonResponse({"errors": [{"field": problem.field, "message": problem.message}]}, status=400)
    return HttpResponse(status=204)
