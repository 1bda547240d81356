"""Group pages in /sitemap.xml (registered with cms.sitemaps in ready()): each language's groups."""

from django.contrib.sitemaps import Sitemap

from .models import CommunityGroup


class GroupSitemap(Sitemap):
    def items(self):
        return list(CommunityGroup.objects.order_by("pk"))
