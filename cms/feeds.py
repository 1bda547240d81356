"""RSS 2.0 and Atom feeds: the whole site, one topic, or one kind of post, in the URL's language.

Feeds list only live, public, indexable pages, so internal (기밀) and noindex pages never appear.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.models import Locale

from .models.articles import ArticlePage
from .models.events import EventPage
from .models.posts import PostKind, PostPage
from .models.topics import Topic
from .models.visibility import visible_to

FEED_SIZE = 30


class SiteFeed(Feed):
    feed_type = Rss201rev2Feed
    models = (ArticlePage, PostPage, EventPage)

    def get_object(self, request, topic=None, kind=None):
        language = (get_language() or settings.LANGUAGE_CODE)[:2]
        locale = Locale.objects.filter(language_code=language).first()
        if locale is None:
            raise Http404
        obj = {"request": request, "locale": locale, "language": language, "topic": None, "kind": None}
        if topic:
            obj["topic"] = get_object_or_404(Topic, slug=topic)
        if kind:
            if kind not in PostKind.values:
                raise Http404
            obj["kind"] = kind
        return obj

    def company(self, obj) -> str:
        return settings.COMPANY["name_en" if obj["language"] == "en" else "name"]

    def title(self, obj):
        if obj["topic"]:
            return f"#{obj['topic'].label(obj['language'])} · {self.company(obj)}"
        if obj["kind"]:
            return f"{PostKind(obj['kind']).label} · {self.company(obj)}"
        return self.company(obj)

    def link(self, obj):
        return obj["request"].build_absolute_uri("/en/" if obj["language"] == "en" else "/")

    def description(self, obj):
        return _("Articles, posts and events")

    subtitle = description

    def feed_url(self, obj):
        return obj["request"].build_absolute_uri(obj["request"].path)  # the feed itself, without a share link's utm_*

    def items(self, obj):
        models = (PostPage,) if obj["kind"] else self.models
        found = []
        for model in models:
            queryset = visible_to(model.objects.filter(locale=obj["locale"], noindex=False), None)
            if obj["topic"]:
                queryset = queryset.filter(topics=obj["topic"])
            if obj["kind"]:
                queryset = queryset.filter(kind=obj["kind"])
            found.extend(queryset.order_by("-first_published_at").prefetch_related("topics")[:FEED_SIZE])
        found.sort(key=lambda p: p.first_published_at, reverse=True)
        found = found[:FEED_SIZE]
        for item in found:  # the Feed instance is shared between requests: keep state on the items
            item.feed_link = item.get_full_url(obj["request"])
        return found

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.meta_description

    def item_link(self, item):
        return item.feed_link

    def item_guid(self, item):
        return f"urn:uuid:{item.translation_key}-{item.locale.language_code}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [t["name"] for t in item.topic_list()]

    def item_author_name(self, item):
        return getattr(item, "author_name", "") or None


class SiteAtomFeed(SiteFeed):
    feed_type = Atom1Feed


urlpatterns = [
    path("rss.xml", SiteFeed(), name="feed_rss"),
    path("atom.xml", SiteAtomFeed(), name="feed_atom"),
    path("topics/<str:topic>/rss.xml", SiteFeed(), name="feed_topic_rss"),
    path("topics/<str:topic>/atom.xml", SiteAtomFeed(), name="feed_topic_atom"),
    path("posts/<slug:kind>/rss.xml", SiteFeed(), name="feed_kind_rss"),
    path("posts/<slug:kind>/atom.xml", SiteAtomFeed(), name="feed_kind_atom"),
]
