"""Product pages and wizard start pages in /sitemap.xml (registered with cms.sitemaps in ready())."""

from django.contrib.sitemaps import Sitemap

from .models import Product, Wizard


class ShopSitemap(Sitemap):
    """Product pages and wizard start pages: Django views rather than Wagtail pages."""

    def items(self):
        return [*Product.objects.recommendable().order_by("pk"),
                *Wizard.objects.filter(live=True, version__gt=0).order_by("pk")]

    def lastmod(self, item):
        return getattr(item, "updated_at", None)
