"""The public search page and the click redirect. Both work without JavaScript."""

from __future__ import annotations

from datetime import datetime, time

from django.core import signing
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from cms.models import Topic
from cms.models.visibility import is_staff_user

from . import actions
from .models import SearchDocument
from .service import PAGE_TYPES, SearchInputError, SearchParams, is_bot, search, session_hash
from .sources import other_results

CLICK_SALT = "site_search.click"
TYPE_LABELS = {"article": gettext_lazy("Articles"), "post": gettext_lazy("Posts"), "event": gettext_lazy("Events"),
               "landing": gettext_lazy("Guides")}


def click_token(query_log_id: int | None, page_id: int, position: int, query: str) -> str:
    """What a result link carries: the logged search (if it was logged), the page, its place, the query."""
    return signing.dumps([query_log_id, page_id, position, query[:200]], salt=CLICK_SALT, compress=True)


def read_click_token(token: str) -> tuple[int | None, int, int, str]:
    query_log_id, page_id, position, query = signing.loads(token, salt=CLICK_SALT, max_age=60 * 60 * 24)
    return query_log_id, int(page_id), int(position), str(query)


def _date(value: str, end: bool = False) -> datetime | None:
    if not value:
        return None
    try:
        day = datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError as exc:
        raise SearchInputError("from" if not end else "to", _("Enter a date as YYYY-MM-DD.")) from exc
    moment = datetime.combine(day, time.max if end else time.min)
    return timezone.make_aware(moment)


def params_from(data) -> SearchParams:
    """Query-string parameters → SearchParams; SearchInputError names the bad one."""
    try:
        page = int(data.get("page") or 1)
    except ValueError as exc:
        raise SearchInputError("page", _("Enter a whole number.")) from exc
    return SearchParams(
        q=data.get("q", ""), page_type=data.get("type") or None, topic=(data.get("topic") or None),
        kind=data.get("kind") or None, lang=data.get("lang") or None,
        date_from=_date(data.get("from", "")), date_to=_date(data.get("to", ""), end=True), page=page,
    )


@require_GET
def search_page(request: HttpRequest) -> HttpResponse:
    language = (get_language() or "ko")[:2]
    staff = is_staff_user(getattr(request, "user", None))
    error = None
    response = None
    try:
        params = params_from(request.GET)
        response = search(params, request=request, language=language, staff=staff)
    except SearchInputError as exc:
        params, error = SearchParams(q=request.GET.get("q", "")[:200]), exc.message
    results = []
    if response is not None:
        for result in response.results:
            token = click_token(response.query_log_id, result.page_id, result.position, response.query)
            results.append({"result": result, "href": f"{request.path}click/?{urlencode({'t': token})}",
                            "type_label": TYPE_LABELS.get(result.page_type, result.page_type)})

    def link(**changes) -> str:
        query = {k: v for k, v in request.GET.items() if k != "page"}
        query.update({k: v for k, v in changes.items()})
        return "?" + urlencode({k: v for k, v in query.items() if v not in (None, "")})

    facets = response.facets if response else {}
    context = {
        "query": params.q, "response": response, "results": results, "error": error, "params": params,
        "type_facets": [{"value": t, "label": TYPE_LABELS[t], "count": facets.get("type", {}).get(t, 0),
                         "href": link(type="" if params.page_type == t else t),
                         "active": params.page_type == t} for t in PAGE_TYPES if facets.get("type", {}).get(t)],
        "topic_facets": _topic_facets(facets.get("topic", {}), params, link, language),
        "prev_href": link(page=params.page - 1) if response and params.page > 1 else None,
        "next_href": link(page=params.page + 1) if response and params.page < response.pages else None,
        "did_you_mean_href": link(q=response.did_you_mean, type="", topic="") if response and response.did_you_mean
        else None,
        "suggestion_links": [{"text": s, "href": link(q=s, type="", topic="")} for s in
                             (response.suggestions if response else [])],
        "trending_links": [{"text": s, "href": link(q=s, type="", topic="")} for s in
                           (response.trending if response else [])],
        "other_results": other_results(params.q, request, language) if not error and params.page == 1 else [],
    }
    status = 400 if error else 200
    return render(request, "search/search.html", context, status=status)


def _topic_facets(counts: dict[str, int], params: SearchParams, link, language: str) -> list[dict]:
    topics = {t.slug: t for t in Topic.objects.filter(slug__in=list(counts))}
    out = []
    for slug, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:12]:
        topic = topics.get(slug)
        label = topic.label(language) if topic else slug
        out.append({"value": slug, "label": label, "count": count, "active": params.topic == slug,
                    "href": link(topic="" if params.topic == slug else slug)})
    return out


@require_GET
def click(request: HttpRequest) -> HttpResponse:
    """Record a click on a result, then go to the page. Only indexed pages are targets: no open redirect."""
    try:
        query_log_id, page_id, position, query = read_click_token(request.GET.get("t", ""))
    except (signing.BadSignature, ValueError, TypeError):
        return HttpResponseBadRequest(_("This search link has expired. Please search again."),
                                      content_type="text/plain; charset=utf-8")
    staff = is_staff_user(getattr(request, "user", None))
    document = SearchDocument.objects.filter(page_id=page_id).first()
    if document is None or (document.internal and not staff):
        return HttpResponseBadRequest(_("This result is no longer available."),
                                      content_type="text/plain; charset=utf-8")
    if not is_bot(request):
        try:
            actions.record_click(query_log_id=query_log_id, page_id=page_id, position=position,
                                 session=session_hash(request), staff=staff, query=query)
        except actions.ClickRejected:
            pass
    return HttpResponseRedirect(document.url)
