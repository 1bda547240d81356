"""The search page and the JSON endpoints, including input nobody should send."""

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from search.models import ClickLog, QueryLog

pytestmark = pytest.mark.django_db
BROWSER = {"HTTP_USER_AGENT": "Mozilla/5.0 Firefox/130.0"}


def test_search_page_without_javascript(client, corpus):
    html = client.get("/search/", {"q": "커뮤니티"}, **BROWSER).content.decode()
    assert "결과 2개" in html
    assert "<mark>커뮤니티</mark>" in html
    assert 'href="?q=%EC%BB%A4%EB%AE%A4%EB%8B%88%ED%8B%B0&amp;type=event"' in html  # a facet link
    narrowed = client.get("/search/", {"q": "커뮤니티", "type": "event"}, **BROWSER).content.decode()
    assert "커뮤니티 밋업" in narrowed and "모임 회의록" not in narrowed


def test_english_search_page(client, corpus):
    html = client.get("/en/search/", {"q": "campaigns"}, **BROWSER).content.decode()
    assert '<html lang="en">' in html and "Launch notes" in html and "<mark>campaign</mark>" in html


def test_result_links_record_clicks_and_redirect_only_to_pages(client, corpus):
    html = client.get("/search/", {"q": "campaign"}, **BROWSER).content.decode()
    href = html.split('<h2><a href="')[1].split('"')[0].replace("&amp;", "&")
    response = client.get(href, **BROWSER)
    assert response.status_code == 302 and response["Location"] == "/en/posts/launch/"
    click = ClickLog.objects.get()
    assert click.query == "campaign" and click.position == 1 and click.query_log == QueryLog.objects.get()
    forged = client.get("/search/click/", {"t": "x" + href.split("t=")[1]}, **BROWSER)
    assert forged.status_code == 400 and ClickLog.objects.count() == 1


def test_api_search(client, corpus):
    data = client.get("/api/search/", {"q": "커뮤니티를"}, HTTP_ACCEPT_LANGUAGE="ko").json()
    assert data["total"] == 2 and data["facets"]["type"] == {"event": 1, "post": 1}
    first = data["results"][0]
    assert set(first) >= {"title", "url", "snippet", "type", "topics", "score", "click_token"}
    assert first["url"].startswith("http://testserver/")
    assert client.post("/api/search/click/", {"click_token": first["click_token"]},
                       content_type="application/json").json() == {"recorded": True}
    assert ClickLog.objects.get().page_id == first["id"]
    schema = client.get("/api/openapi.json").json()["paths"]
    assert {"/api/search/", "/api/search/suggest/", "/api/search/click/"} <= set(schema)


def test_api_suggest_completes_titles_and_clicked_queries(client, corpus):
    titles = [s["text"] for s in client.get("/api/search/suggest/", {"q": "커뮤"}).json()]
    assert "커뮤니티 밋업" in titles
    found = client.get("/api/search/", {"q": "커뮤니티"}, **BROWSER).json()
    client.post("/api/search/click/", {"click_token": found["results"][0]["click_token"]},
                content_type="application/json")
    suggestions = client.get("/api/search/suggest/", {"q": "커뮤"}).json()
    assert suggestions[0] == {"text": "커뮤니티", "kind": "query", "url": None}


def test_bad_input_gets_a_message(client, corpus):
    long = client.get("/api/search/", {"q": "가" * 500}, HTTP_ACCEPT_LANGUAGE="ko")
    assert long.status_code == 400
    assert long.json()["errors"][0]["field"] == "q" and "200" in long.json()["errors"][0]["message"]
    assert client.get("/api/search/", {"q": "x", "page": "abc"}).status_code == 422
    assert client.get("/api/search/", {"q": "x", "type": "spaceship"}).status_code == 422
    page = client.get("/search/", {"q": "x", "from": "yesterday"}, HTTP_ACCEPT_LANGUAGE="ko")
    assert page.status_code == 400 and "YYYY-MM-DD" in page.content.decode()
    bad_click = client.post("/api/search/click/", {"click_token": "nope"}, content_type="application/json")
    assert bad_click.status_code == 400


FTS_SHAPED = st.sampled_from(['"', "'", "(", ")", "*", "^", ":", "-", "+", "NEAR(", "OR", "AND", "NOT", "{", "}",
                              "title:", "\\", "%", "_", ";", "--", "/*", "\x00", "마케팅", "campaign", " "])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=st.one_of(st.text(max_size=60), st.lists(FTS_SHAPED, max_size=12).map("".join)))
@example(q="\x00")  # PostgreSQL refuses NUL in any text it is sent, and every results source is sent the query
def test_no_query_breaks_search(client, corpus, q):
    for url in ("/api/search/", "/api/search/suggest/", "/search/"):
        response = client.get(url, {"q": q}, **BROWSER)
        assert response.status_code in (200, 400), (url, q, response.status_code)
