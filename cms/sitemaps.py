from django.contrib.sitemaps import Sitemap as DjangoSitemap
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page


class SiteSitemap(Sitemap):
    """Every language tree of the site (Wagtail's own covers only the default-language root).

    Pages drop themselves when noindex (``SeoMixin.get_sitemap_urls``); internal posts never
    get here because ``.public()`` leaves out pages behind a view restriction.
    """

    def items(self):
        root = self.get_wagtail_site().root_page
        roots = [root, *root.get_translations()]
        queryset = Page.objects.none()
        for tree_root in roots:
            queryset |= Page.objects.descendant_of(tree_root, inclusive=True)
        return queryset.live().public().order_by("path").defer_streamfields().specific()


_sitemaps: dict[str, type[DjangoSitemap]] = {"pages": SiteSitemap}


def register_sitemap(name: str, sitemap: type[DjangoSitemap]) -> None:
    """Another app's URLs in /sitemap.xml (registered in its ready(), so the CMS never imports it)."""
    _sitemaps[name] = sitemap


def sitemaps() -> dict[str, type[DjangoSitemap]]:
    """The live registry: read when the sitemap is served, after every app is ready."""
    return _sitemaps
