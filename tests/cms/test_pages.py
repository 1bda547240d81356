"""Every page type renders for visitors and is served by the headless API."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(tree):
    topic = factories.TopicFactory(slug="search", name="검색", name_en="Search")
    pillar = factories.ArticlePageFactory(parent=tree.articles, slug="pillar", title="검색 완전 가이드", is_pillar=True,
                                          body=[("heading", {"text": "소제목", "level": "h2"}),
                                                ("paragraph", "<p>문단</p>"),
                                                ("quote", {"text": "인용", "attribution": "누군가"}),
                                                ("faq", [{"question": "질문?", "answer": "<p>답</p>"}]),
                                                ("table", {"data": [["a", "b"]], "first_row_is_table_header": False,
                                                           "first_col_is_header": False, "table_caption": ""})])
    cluster = factories.ArticlePageFactory(parent=tree.articles, slug="cluster", title="검색어 읽기", pillar=pillar)
    post = factories.PostPageFactory(parent=tree.posts, slug="note", title="회의록")
    event = factories.EventPageFactory(parent=tree.events, slug="meetup", title="첫 만남")
    landing = factories.LandingPageFactory(parent=tree.home, slug="guide")
    for page in (pillar, cluster, post, event):
        page.topics.add(topic)
        page.save_revision().publish()
    return {"home": tree.home, "articles": tree.articles, "pillar": pillar, "cluster": cluster, "posts": tree.posts,
            "post": post, "events": tree.events, "event": event, "landing": landing, "topics": tree.topics}


def test_every_page_type_renders(client, pages):
    for name, page in pages.items():
        response = client.get(page.url)
        assert response.status_code == 200, name
        assert page.title in response.content.decode(), name
    assert client.get("/topics/search/").status_code == 200
    assert "검색어 읽기" in client.get("/topics/search/").content.decode()


def test_pillar_lists_its_cluster_and_cluster_links_back(client, pages, tree):
    internal = factories.PostPageFactory(parent=tree.posts, slug="internal", title="기밀 회의", visibility="internal")
    internal.topics.add(pages["pillar"].topics.first())
    internal.save_revision().publish()
    pillar_html = client.get("/guides/pillar/").content.decode()
    assert 'href="/guides/cluster/"' in pillar_html
    posts_section = pillar_html.split('id="pillar-posts-h"')[1].split("</section>")[0]
    assert 'href="/posts/note/"' in posts_section  # a post sharing the pillar's topic
    assert "기밀 회의" not in pillar_html
    assert 'href="/guides/pillar/"' in client.get("/guides/cluster/").content.decode()


def test_every_page_type_is_in_the_api(client, pages):
    listed = client.get("/api/v3/pages/?limit=50").json()["items"]
    types = {item["meta"]["type"] for item in listed}
    assert {"cms.HomePage", "cms.ArticleIndexPage", "cms.ArticlePage", "cms.PostIndexPage", "cms.PostPage",
            "cms.EventIndexPage", "cms.EventPage", "cms.LandingPage", "cms.TopicIndexPage"} <= types


def test_api_gives_structured_body_topics_and_form_schema(client, pages):
    article = client.get(f"/api/v3/pages/{pages['pillar'].pk}/").json()
    assert [b["type"] for b in article["body"]] == ["heading", "paragraph", "quote", "faq", "table"]
    assert article["body"][0]["value"] == {"text": "소제목", "level": "h2"}
    assert article["topic_data"] == [{"slug": "search", "name": "검색"}]
    landing = client.get(f"/api/v3/pages/{pages['landing'].pk}/").json()
    names = [f["name"] for f in landing["form_schema"]]
    assert names[-1] == "marketing_consent"
    event = client.get(f"/api/events/{pages['event'].pk}/").json()
    assert event["seats_left"] == 2 and event["topics"] == [{"slug": "search", "name": "검색"}]


def test_api_pagination_and_docs(client, pages):
    first = client.get("/api/v3/pages/?limit=2").json()
    assert len(first["items"]) == 2 and first["count"] >= 10
    second = client.get("/api/v3/pages/?limit=2&offset=2").json()
    assert {p["id"] for p in first["items"]}.isdisjoint({p["id"] for p in second["items"]})
    schema = client.get("/api/openapi.json").json()
    assert "/api/events/{event_id}/registrations/" in schema["paths"]
    assert "/api/posts/" in schema["paths"]
    assert client.get("/api/docs/").status_code == 200
    assert client.get("/api/v3/docs/").status_code == 200


def test_english_site_lives_under_en(client, tree):
    response = client.get("/en/")
    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()
    assert '<html lang="ko">' in client.get("/").content.decode()


def test_article_renders_image_renditions_in_api(client, tree):
    from cms.images import demo_image

    article = factories.ArticlePageFactory(parent=tree.articles, slug="img", hero_image=demo_image("t", "t"))
    data = client.get(f"/api/v3/pages/{article.pk}/").json()["image_data"]
    assert data["share"]["width"] == 1200 and data["share"]["height"] == 630
    assert data["thumbnail"]["url"].endswith(".png")


@pytest.mark.parametrize(
    "name", ["home", "pillar", "cluster", "post", "event", "landing", "posts", "articles", "events", "topics",
             "topic"],
)
def test_pages_render_within_query_budget(client, pages, name):
    """An uncached render of every page type takes at most 15 SQL queries (issue 3).

    The first request warms what is shared across renders (content types, site structure); the
    second must not touch the full-page cache either, so it is switched off here.
    """
    url = "/topics/search/" if name == "topic" else pages[name].url
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200 and "X-Cache" not in response
    assert len(queries) <= 15, [q["sql"][:120] for q in queries]


def test_site_structure_follows_publishing(client, pages, tree):
    """Menus and breadcrumbs are shared across renders, yet a publish shows at once."""
    assert "글 모음" not in client.get("/guides/cluster/").content.decode()
    articles = pages["articles"]
    articles.title = "글 모음"
    articles.save_revision().publish()
    html = client.get("/guides/cluster/").content.decode()
    breadcrumbs = html.split('class="breadcrumbs"')[1].split("</nav>")[0]
    assert '<a href="/guides/">글 모음</a>' in breadcrumbs
    menu = html.split('<ul class="nav">')[1].split("</ul>")[0]
    assert ">글 모음</a>" in menu
