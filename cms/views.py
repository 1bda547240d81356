"""Small site views that are not pages: robots.txt and generated share images."""

from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from wagtail.models import Page

from .images import draw
from .models.visibility import visible_to

# Query parameters that filter a listing into a near-copy of itself. Each combination would be a
# separate URL to crawl; their canonical is the unfiltered listing, so crawlers skip them.
LISTING_FILTERS = ("kind", "topic", "team")

# Paths no crawler should follow: personal links (tokens in the path), click-counting redirects and
# search results. Everything else, with or without a query string (utm_* on shared links, ?page=),
# is crawlable and carries its canonical.
PRIVATE_PATHS = ("/admin/", "/django-admin/", "/api/", "/nurture/")
PER_LANGUAGE_PATHS = ("/search/", "/shop/go/", "/shop/wizard/r/")


@require_GET
def robots_txt(request):
    prefixes = [""] + [f"/{code}" for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
    lines = ["User-agent: *"]
    lines += [f"Disallow: {path}" for path in PRIVATE_PATHS]
    lines += [f"Disallow: {prefix}{path}" for path in PER_LANGUAGE_PATHS for prefix in prefixes]
    lines += [f"Disallow: /*?*{name}=" for name in LISTING_FILTERS]
    lines += ["", f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_GET
@cache_control(public=True, max_age=24 * 3600)
def favicon(request):
    """Browsers and crawlers ask for /favicon.ico whatever the page's <link rel="icon"> says."""
    return HttpResponsePermanentRedirect(static("favicon.svg"))


@require_GET
@cache_control(public=True, max_age=7 * 24 * 3600)
def share_image(request, page_id: int):
    """A drawn 1200×630 share card for pages without their own image, made once and kept."""
    page = visible_to(Page.objects.filter(pk=page_id), None).first()
    if page is None:
        raise Http404
    folder = Path(settings.MEDIA_ROOT) / "share"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{page.translation_key}.png"
    if not path.exists():
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(draw(str(page.translation_key)))
        tmp.replace(path)
    return FileResponse(path.open("rb"), content_type="image/png")
