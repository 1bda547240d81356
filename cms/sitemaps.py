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


class ShopSitemap(DjangoSitemap):
    """Product pages and wizard start pages: Django views rather than Wagtail pages."""

    def items(self):
        from shop_wizard.models import Product, Wizard

        return [*Product.objects.recommendable().order_by("pk"),
                *Wizard.objects.filter(live=True, version__gt=0).order_by("pk")]

    def lastmod(self, item):
        return getattr(item, "updated_at", None)
