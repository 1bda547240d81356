"""Per-page SEO, structured data and discovery files."""

import json
import re
import xml.etree.ElementTree as ET

import feedparser
import pytest
from wagtail.contrib.redirects.models import Redirect

from tests import factories

pytestmark = pytest.mark.django_db

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


@pytest.fixture
def site(tree):
    topic = factories.TopicFactory(slug="search", name="검색", name_en="Search")
    articles_en = factories.ArticleIndexPageFactory(parent=tree.home_en, slug="guides", title="Guides",
                                                    translation_key=tree.articles.translation_key)
    ko = factories.ArticlePageFactory(parent=tree.articles, slug="guide", title="검색 가이드", summary="검색 요약")
    en = factories.ArticlePageFactory(parent=articles_en, slug="guide", title="Search guide", summary="Search summary",
                                      translation_key=ko.translation_key)
    hidden = factories.ArticlePageFactory(parent=tree.articles, slug="hidden", title="숨긴 글", noindex=True)
    public_post = factories.PostPageFactory(parent=tree.posts, slug="open", title="공개 포스트", kind="how_to")
    internal = factories.PostPageFactory(parent=tree.posts, slug="secret", title="기밀 포스트", kind="how_to",
                                         visibility="internal")
    for page in (ko, en, hidden, public_post, internal):
        page.topics.add(topic)
        page.save_revision().publish()
    return {"ko": ko, "en": en, "hidden": hidden, "post": public_post, "internal": internal, "topic": topic}


def jsonld(html: str) -> dict:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def test_sitemap_lists_both_languages_with_hreflang_and_skips_hidden_pages(client, site):
    root = ET.fromstring(client.get("/sitemap.xml").content)  # noqa: S314 - our own output
    urls = {u.find("s:loc", SITEMAP_NS).text: u for u in root.findall("s:url", SITEMAP_NS)}
    assert "http://localhost/guides/guide/" in urls and "http://localhost/en/guides/guide/" in urls
    assert not any("hidden" in loc or "secret" in loc for loc in urls)
    for loc in ("http://localhost/guides/guide/", "http://localhost/en/guides/guide/"):
        links = {a.get("hreflang"): a.get("href") for a in urls[loc].findall("x:link", SITEMAP_NS)}
        assert links == {"ko": "http://localhost/guides/guide/", "en": "http://localhost/en/guides/guide/",
                         "x-default": "http://localhost/guides/guide/"}
    assert urls["http://localhost/guides/guide/"].find("s:lastmod", SITEMAP_NS) is not None


def test_head_has_canonical_hreflang_description_and_cards(client, site):
    html = client.get("/en/guides/guide/").content.decode()
    assert '<link rel="canonical" href="http://localhost/en/guides/guide/">' in html
    assert '<link rel="alternate" hreflang="ko" href="http://localhost/guides/guide/">' in html
    assert '<link rel="alternate" hreflang="x-default" href="http://localhost/guides/guide/">' in html
    assert '<meta name="description" content="Search summary">' in html
    assert '<meta name="robots" content="index, follow">' in html
    assert '<meta property="og:image" content="http://localhost/share/' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html


def test_noindex_page_says_so_and_leaves_related_links(client, site):
    html = client.get("/guides/hidden/").content.decode()
    assert '<meta name="robots" content="noindex, follow">' in html
    assert "숨긴 글" not in client.get("/guides/guide/").content.decode()  # not a related link


def test_description_falls_back_to_first_paragraph(tree):
    post = factories.PostPageFactory(parent=tree.posts, slug="p", body="<p></p><p>첫 문단입니다.</p><p>둘째</p>")
    assert post.meta_description == "첫 문단입니다."
    post.search_description = "편집자가 쓴 설명"
    assert post.meta_description == "편집자가 쓴 설명"


def test_script_in_title_stays_inside_jsonld(client, tree):
    evil = "</script><script>alert(1)</script> 제목"
    page = factories.ArticlePageFactory(parent=tree.articles, slug="evil", title=evil)
    html = client.get(page.url).content.decode()
    assert "<script>alert(1)" not in html
    data = jsonld(html)
    article = next(item for item in data["@graph"] if item["@type"] == "Article")
    assert article["headline"] == evil


def test_structured_data_per_page_type(client, tree, site):
    home = jsonld(client.get("/").content.decode())["@graph"]
    assert {i["@type"] for i in home} == {"Organization", "WebSite"}
    website = next(i for i in home if i["@type"] == "WebSite")
    assert website["potentialAction"]["target"]["urlTemplate"].endswith("/search/?q={search_term_string}")

    faq = factories.ArticlePageFactory(parent=tree.articles, slug="faq", body=[
        ("faq", [{"question": "무엇인가요?", "answer": "<p>답입니다.</p>"}])])
    graph = jsonld(client.get(faq.url).content.decode())["@graph"]
    types = {i["@type"] for i in graph}
    assert types == {"Article", "FAQPage", "BreadcrumbList"}
    faq_data = next(i for i in graph if i["@type"] == "FAQPage")
    assert faq_data["mainEntity"][0]["acceptedAnswer"]["text"] == "답입니다."

    post_graph = jsonld(client.get("/posts/open/").content.decode())["@graph"]
    assert post_graph[0]["@type"] == "BlogPosting" and post_graph[0]["keywords"] == "검색"

    event = factories.EventPageFactory(parent=tree.events, slug="e", online_url="https://meet.example.com/x",
                                       capacity=1)
    data = jsonld(client.get(event.url).content.decode())["@graph"][0]
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert data["offers"]["availability"] == "https://schema.org/InStock"
    assert data["startDate"].endswith("+09:00")
    crumbs = jsonld(client.get(event.url).content.decode())["@graph"][-1]
    assert [c["name"] for c in crumbs["itemListElement"]] == ["홈", "이벤트", event.title]


@pytest.mark.parametrize("url", ["/feeds/rss.xml", "/feeds/atom.xml", "/feeds/topics/search/rss.xml",
                                 "/feeds/topics/search/atom.xml", "/feeds/posts/how_to/rss.xml",
                                 "/en/feeds/rss.xml"])
def test_feeds_parse_and_leave_out_internal_and_noindex_pages(client, site, url):
    response = client.get(url)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    titles = {e.title for e in feed.entries}
    assert "기밀 포스트" not in titles and "숨긴 글" not in titles
    if url.startswith("/en/"):
        assert titles == {"Search guide"}
    elif "posts/how_to" in url:
        assert titles == {"공개 포스트"}
    else:
        assert {"검색 가이드", "공개 포스트"} <= titles


def test_unknown_feed_kind_or_topic_is_404(client, site):
    assert client.get("/feeds/posts/gossip/rss.xml").status_code == 404
    assert client.get("/feeds/topics/nope/rss.xml").status_code == 404


def test_robots_txt_names_the_sitemap(client, tree):
    body = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in body
    assert "Disallow: /admin/" in body


def test_slug_change_creates_a_redirect(client, site, django_capture_on_commit_callbacks):
    page = site["ko"]
    page.slug = "search-guide"
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert Redirect.objects.filter(old_path="/guides/guide").exists()
    response = client.get("/guides/guide/")
    assert response.status_code in (301, 302) and response["Location"].endswith("/guides/search-guide/")


def test_share_image_is_generated_for_public_pages_only(client, site):
    from io import BytesIO

    from PIL import Image

    response = client.get(f"/share/{site['post'].pk}.png")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert Image.open(BytesIO(b"".join(response.streaming_content))).size == (1200, 630)
    assert client.get(f"/share/{site['internal'].pk}.png").status_code == 404


def test_breadcrumbs_are_shown(client, site):
    html = client.get("/guides/guide/").content.decode()
    assert '<nav class="breadcrumbs"' in html and '<span aria-current="page">검색 가이드</span>' in html


def test_share_links_are_the_pages_own_tracked_links_per_network(client, site):
    from insights.models import TrackedLink

    html = client.get("/guides/guide/").content.decode()
    links = {link.note: link for link in TrackedLink.objects.filter(campaign="share")}
    assert set(links) == {"kakaotalk", "x", "facebook", "linkedin", "copy"}
    assert f"https://twitter.com/intent/tweet?url=http%3A%2F%2Flocalhost%2Fl%2F{links['x'].code}%2F" in html
    assert f"sharer.php?u=http%3A%2F%2Flocalhost%2Fl%2F{links['facebook'].code}%2F" in html
    assert f'href="http://localhost/l/{links["kakaotalk"].code}/"' in html
    assert f'data-copy="http://localhost/l/{links["copy"].code}/"' in html
    assert "<script src=\"https://" not in html  # no third-party script
    client.get("/guides/guide/")
    assert TrackedLink.objects.filter(campaign="share").count() == 5  # made once
    followed = client.get(f"/l/{links['x'].code}/")["Location"]
    assert followed.startswith("/guides/guide/?") and "utm_source=x" in followed and "utm_medium=social" in followed


def test_online_only_event_is_not_given_a_physical_place(client, tree):
    event = factories.EventPageFactory(parent=tree.events, slug="online", venue="온라인",
                                       online_url="https://meet.example.com/x")
    data = jsonld(client.get(event.url).content.decode())["@graph"][0]
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["location"] == {"@type": "VirtualLocation", "url": "https://meet.example.com/x"}


def crawler_may_fetch(robots: str, url: str) -> bool:
    """Google's reading of robots.txt (RFC 9309 plus the * and $ patterns it and Naver honour): the
    longest matching rule wins, Allow on a tie. urllib.robotparser compares plain prefixes only."""
    import re

    rules = []
    for line in robots.splitlines():
        field, _, value = line.partition(":")
        if field.strip().lower() in ("allow", "disallow") and value.strip():
            pattern = re.escape(value.strip()).replace(r"\*", ".*").replace(r"\$", "$")
            rules.append((len(value.strip()), field.strip().lower() == "allow", re.compile(pattern)))
    matches = [(length, allow) for length, allow, pattern in rules if pattern.match(url)]
    return not matches or max(matches)[1]


def test_robots_txt_lets_crawlers_reach_canonicals_and_keeps_them_out_of_searches(client, tree):
    from urllib.robotparser import RobotFileParser

    body = client.get("/robots.txt").content.decode()
    parser = RobotFileParser()
    parser.parse(body.splitlines())
    assert parser.site_maps() == ["http://testserver/sitemap.xml"]
    crawlable = ["/", "/en/", "/articles/communication/?utm_source=kakao&utm_medium=share&utm_campaign=spring",
                 "/posts/?page=2", "/en/events/?utm_source=newsletter", "/shop/products/starter-kit/"]
    hidden = ["/admin/", "/api/events/", "/search/?q=마케팅", "/en/search/?q=campaign", "/nurture/u/abc/",
              "/shop/go/3/?r=x&p=1", "/en/shop/wizard/r/abc/results/"]
    for url in crawlable:
        assert parser.can_fetch("Yeti", url), url  # Naver's crawler
        assert crawler_may_fetch(body, url), url
    for url in hidden:
        assert not parser.can_fetch("Googlebot", url), url
        assert not crawler_may_fetch(body, url), url
    # Filtered listings: the same list again, with the unfiltered one as canonical.
    for url in ["/posts/?kind=meeting_note", "/posts/?topic=community&team=marketing", "/articles/?page=2&topic=seo"]:
        assert not crawler_may_fetch(body, url), url


def test_favicon_ico_leads_to_the_site_icon(client, tree):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("favicon.svg")
