"""Small site views that are not pages: robots.txt and generated share images."""

from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from wagtail.models import Page

from .images import draw
from .models.visibility import visible_to


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /django-admin/",
        "Disallow: /api/",
        "Disallow: /*?*",  # filtered listings are duplicates of the unfiltered ones
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


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
