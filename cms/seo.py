"""Structured data (JSON-LD) and breadcrumbs for every page type.

Each builder returns plain dicts; ``jsonld`` in ``seo_tags`` serialises them with ``<``, ``>`` and
``&`` escaped, so no title can close the script element it sits in.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from .structure import PageLink, breadcrumbs, language_of
from .text import html_to_text

JSONLD_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def dump_jsonld(data) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(JSONLD_ESCAPES)


def absolute(request: HttpRequest | None, path: str) -> str:
    """Absolute URL on the Wagtail Site's own host, the same host ``page.get_full_url`` uses."""
    if path.startswith("http"):
        return path
    from wagtail.models import Site

    site = Site.find_for_request(request) if request is not None else None
    site = site or Site.objects.filter(is_default_site=True).first()
    base = site.root_url if site else settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    return base + path


def share_image_url(page, request) -> str:
    image = getattr(page, "share_image", None)
    if image is not None:
        return absolute(request, image.get_rendition("fill-1200x630").url)
    return absolute(request, reverse("share_image", args=[page.pk]))


def _when(*candidates) -> str:
    """The first known date, as ISO 8601 (a page saved without a revision has no publish dates)."""
    from django.utils import timezone

    return next((d for d in candidates if d is not None), timezone.now()).isoformat()


def organization(request) -> dict:
    company = settings.COMPANY
    home_url = absolute(request, "/")
    return {
        "@type": "Organization",
        "@id": f"{home_url}#organization",
        "name": company["name"],
        "alternateName": company["name_en"],
        "url": home_url,
        "email": company["email"],
        "address": {"@type": "PostalAddress", "streetAddress": company["address"], "addressCountry": "KR"},
    }


def breadcrumb_list(trail: list[PageLink], request) -> dict:
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": i, "name": p.title, "item": p.full_url}
            for i, p in enumerate(trail, start=1)
        ],
    }


def faq_page(page) -> dict | None:
    body = getattr(page, "body", None)
    if body is None or not hasattr(body, "raw_data"):
        return None
    questions = [
        {"@type": "Question", "name": item["question"],
         "acceptedAnswer": {"@type": "Answer", "text": html_to_text(item["answer"].source, separator=" ")}}
        for block in body if block.block_type == "faq" for item in block.value
    ]
    return {"@type": "FAQPage", "mainEntity": questions} if questions else None


def article(page, request, kind: str) -> dict:
    author = getattr(page, "author_name", "") or settings.COMPANY["name"]
    data = {
        "@type": kind,
        "headline": page.title[:110],
        "description": page.meta_description,
        "image": [share_image_url(page, request)],
        "datePublished": _when(page.first_published_at, page.last_published_at, page.latest_revision_created_at),
        "dateModified": _when(page.last_published_at, page.first_published_at, page.latest_revision_created_at),
        "inLanguage": language_of(page),
        "mainEntityOfPage": page.get_full_url(request),
        "author": {"@type": "Person", "name": author},
        "publisher": {"@id": absolute(request, "/") + "#organization", "@type": "Organization",
                      "name": settings.COMPANY["name"]},
        "keywords": ", ".join(t["name"] for t in page.topic_list()),
    }
    return data


ONLINE_VENUES = {"online", "온라인"}


def event(page, request) -> dict:
    has_place = bool(page.venue) and page.venue.strip().lower() not in ONLINE_VENUES
    if has_place and page.online_url:
        mode = "https://schema.org/MixedEventAttendanceMode"
    elif page.online_url:
        mode = "https://schema.org/OnlineEventAttendanceMode"
    else:
        mode = "https://schema.org/OfflineEventAttendanceMode"
    locations = []
    if has_place:
        locations.append({"@type": "Place", "name": page.venue,
                          "address": {"@type": "PostalAddress", "streetAddress": page.address or page.venue,
                                      "addressCountry": "KR"}})
    if page.online_url:
        locations.append({"@type": "VirtualLocation", "url": page.online_url})
    seats = page.seats_left
    return {
        "@type": "Event",
        "name": page.title,
        "description": page.meta_description,
        "startDate": page.local_start.isoformat(),
        "endDate": page.local_end.isoformat(),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": mode,
        "location": locations[0] if len(locations) == 1 else locations,
        "image": [share_image_url(page, request)],
        "inLanguage": language_of(page),
        "organizer": {"@type": "Organization", "name": settings.COMPANY["name"], "url": absolute(request, "/")},
        "offers": {
            "@type": "Offer",
            "price": "0",
            "priceCurrency": "KRW",
            "url": page.get_full_url(request),
            "availability": "https://schema.org/SoldOut" if seats == 0 else "https://schema.org/InStock",
            "validFrom": _when(page.first_published_at, page.latest_revision_created_at, page.start),
        },
    }


_extensions: list = []


def register_structured_data(extend) -> None:
    """Another app adds to a page's JSON-LD: ``extend(page, graph, request)`` changes the graph in place
    (the community adds ``commentCount``). What it reads must retire the page when it changes
    (cms.cache.retire_page), since the head is kept per page version."""
    if extend not in _extensions:
        _extensions.append(extend)


def structured_data(page, request) -> list[dict]:
    """All JSON-LD objects for a page, as one @graph per page."""
    from .models import ArticlePage, EventPage, HomePage, PostPage

    graph: list[dict] = []
    if isinstance(page, HomePage):
        home_url = page.get_full_url(request)
        graph.append(organization(request))
        graph.append({
            "@type": "WebSite",
            "name": settings.COMPANY["name"] if language_of(page) == "ko" else settings.COMPANY["name_en"],
            "url": home_url,
            "inLanguage": language_of(page),
            "publisher": {"@id": absolute(request, "/") + "#organization"},
            "potentialAction": {
                "@type": "SearchAction",
                "target": {"@type": "EntryPoint", "urlTemplate": f"{home_url}search/?q={{search_term_string}}"},
                "query-input": "required name=search_term_string",
            },
        })
        return graph
    if isinstance(page, ArticlePage):
        graph.append(article(page, request, "Article"))
    elif isinstance(page, PostPage):
        graph.append(article(page, request, "BlogPosting"))
    elif isinstance(page, EventPage):
        graph.append(event(page, request))
    faq = faq_page(page)
    if faq:
        graph.append(faq)
    trail = breadcrumbs(page, request)
    if len(trail) > 1:
        graph.append(breadcrumb_list(trail, request))
    for extend in _extensions:
        extend(page, graph, request)
    return graph


def view_seo(request: HttpRequest, *, title: str, description: str, image: str = "", jsonld: dict | None = None,
             robots: str = "index, follow") -> dict:
    """The head of a page that is a Django view, not a Wagtail page (a product, a wizard's start).

    Same keys as ``seo_tags.seo_context``; the image falls back to the site home's share card.
    """
    from django.utils.safestring import mark_safe
    from wagtail.models import Site

    if not image:
        site = Site.find_for_request(request) or Site.objects.filter(is_default_site=True).first()
        image = share_image_url(site.root_page, request) if site else ""
    return {
        "title": title, "description": description[:300], "canonical": absolute(request, request.path),
        "robots": robots, "alternates": [], "image": absolute(request, image) if image else "",
        "jsonld": mark_safe(dump_jsonld(jsonld)) if jsonld else "",  # noqa: S308 - dump_jsonld escapes <, > and &
        "og_type": "website",
    }
