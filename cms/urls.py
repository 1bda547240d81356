from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.api.v3.urls import api as wagtail_api
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from community import urls as community_urls
from insights import views as insights_views
from rewards import urls as rewards_urls
from search import views as search_views

from . import reading, views
from .api import api as content_api
from .sitemaps import sitemaps

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v3/", wagtail_api.urls),
    path("api/auth/", include("allauth.headless.urls")),  # accounts for front ends that are not this site
    path("api/", content_api.urls),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps()}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("share/<int:page_id>.png", views.share_image, name="share_image"),
    path("read/", reading.read_to_end, name="read_to_end"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("nurture/", include("nurture.urls")),
    path("insights/", include("insights.urls")),  # the visit beacon
    path("l/<str:code>/", insights_views.follow, name="insights_link"),  # tracked links staff share
]

if settings.ANYMAIL:  # inbound email into the listening inbox (see ANYMAIL in settings)
    urlpatterns.append(path("anymail/", include("anymail.urls")))

if settings.DEBUG or settings.SERVE_MEDIA:
    from django.urls import re_path
    from django.views.static import serve

    urlpatterns.append(
        re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    )

# Korean (the default language) at /, English at /en/.
urlpatterns += i18n_patterns(
    path("feeds/", include("cms.feeds")),
    path("search/", search_views.search_page, name="search"),
    path("search/click/", search_views.click, name="search_click"),
    path("shop/", include("shop_wizard.urls")),
    path("accounts/", include(community_urls.account_urls)),
    path("groups/", include(community_urls.group_urls)),
    path("community/", include(community_urls.conversation_urls)),
    path("rewards/", include(rewards_urls)),
    path("feedback/", include("listening.urls")),  # the NPS survey
    path("accounts/", include("allauth.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
