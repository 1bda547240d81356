"""Editors' side of search: insights with charts, fixing zero-result queries, synonyms, promotions."""

import pytest

from search.models import Promotion, Synonym
from search.service import SearchParams, search
from tests.search.test_learning import visitor

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(admin_client):
    return admin_client


def run(q, n=1):
    return search(SearchParams(q=q), request=visitor(n), language="ko")


def test_insights_show_figures_charts_and_zero_result_rows(editor, corpus):
    run("커뮤니티", 1)
    run("커뮤니티", 2)
    run("우주선", 1)
    run("우주선", 3)
    search(SearchParams(q="예산"), request=visitor(9), language="ko", staff=True)  # staff: left out
    html = editor.get("/admin/search/insights/").content.decode()
    assert 'data-figure="searches">4<' in html
    assert 'data-figure="zero-rate">50%<' in html
    from django.utils import timezone

    today = f"<th scope=\"row\">{timezone.localdate().isoformat()}</th>"
    searches = html.split('data-chart-table="chart-searches"', 1)[1].split("</table>", 1)[0]
    assert f"{today}<td>4</td>" in searches  # the chart's own figures, as a table for screen readers
    rates = html.split('data-chart-table="chart-search-rates"', 1)[1].split("</table>", 1)[0]
    assert f"{today}<td>50%</td>" in rates
    assert 'id="chart-searches-spec" type="application/json"' in html and "cms/charts.js" in html
    row = html.split('data-query="우주선"')[1].split("</tr>")[0]
    assert "추천 결과 만들기" in row and "동의어 추가" in row and "초안 글 쓰기" in row  # the admin speaks Korean
    assert "/admin/snippets/site_search/promotion/add/?query=%EC%9A%B0%EC%A3%BC%EC%84%A0" in row
    assert "/admin/snippets/site_search/synonym/add/?term=%EC%9A%B0%EC%A3%BC%EC%84%A0" in row
    assert 'data-query="예산"' not in html


def test_prefilled_promotion_and_synonym_forms(editor, corpus):
    assert 'value="우주선"' in editor.get("/admin/snippets/site_search/promotion/add/?query=우주선").content.decode()
    assert 'value="우주선"' in editor.get("/admin/snippets/site_search/synonym/add/?term=우주선").content.decode()


def test_editor_adds_a_synonym_in_the_admin_and_search_follows(editor, corpus):
    assert run("우주선").total == 0
    response = editor.post("/admin/snippets/site_search/synonym/add/",
                           {"term": " 우주선 ", "synonyms": "커뮤니티,  ", "status": "approved"})
    assert response.status_code == 302
    row = Synonym.objects.get()
    assert row.term == "우주선" and row.synonyms == ["커뮤니티"]
    assert "모임 회의록" in [r.title for r in run("우주선").results]


def test_synonym_form_rejects_empty_synonyms(editor, corpus):
    response = editor.post("/admin/snippets/site_search/synonym/add/",
                           {"term": "우주선", "synonyms": " , ", "status": "approved"})
    assert response.status_code == 200 and Synonym.objects.count() == 0


def test_promotion_created_in_admin_is_pinned(editor, corpus):
    response = editor.post("/admin/snippets/site_search/promotion/add/",
                           {"query": "우주선", "page": corpus["event"].pk, "description": "", "sort_order": 0})
    assert response.status_code == 302, response.content.decode()[:500]
    assert Promotion.objects.get().query == "우주선"
    assert [r.title for r in run("우주선").results] == ["커뮤니티 밋업"]


def test_start_a_draft_article_from_a_zero_result_query(editor, corpus, tree):
    response = editor.post("/admin/search/draft/", {"query": "우주선 여행"})
    from cms.models import ArticlePage

    draft = ArticlePage.objects.get(title="우주선 여행")
    assert response.status_code == 302 and response["Location"] == f"/admin/pages/{draft.pk}/edit/"
    assert not draft.live and draft.get_parent().pk == tree.articles.pk
    assert run("우주선").total == 0  # a draft is not searchable


def test_approve_a_proposal_from_insights(editor, corpus):
    proposal = Synonym.objects.create(term="우주선", synonyms=["커뮤니티"], evidence=3)
    assert "우주선" in editor.get("/admin/search/insights/").content.decode()
    editor.post(f"/admin/search/synonyms/{proposal.pk}/approve/")
    proposal.refresh_from_db()
    assert proposal.status == Synonym.Status.APPROVED and proposal.decided_by.username == "editor"
    assert run("우주선").total >= 1
