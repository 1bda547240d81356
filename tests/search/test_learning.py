"""The self-organising loop: logs, clicks, synonyms, promotions."""

from datetime import timedelta

import pytest
from django.utils import timezone

from search import actions
from search.learning import propose_synonyms
from search.models import ClickLog, QueryLog, Synonym
from search.service import CLICK_WEIGHT, SearchParams, search
from tests import factories
from tests.search.conftest import reindex

pytestmark = pytest.mark.django_db


def visitor(n: int, agent: str = "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0"):
    """A real Django request from visitor number n (its own address, a browser's user agent)."""
    from django.test import RequestFactory

    return RequestFactory().get("/search/", REMOTE_ADDR=f"10.0.0.{n}", HTTP_USER_AGENT=agent)


def run(q, who=None, **kw):
    return search(SearchParams(q=q, **kw), request=who or visitor(1), language="ko")


def test_queries_are_logged_without_personal_data(corpus):
    run("마케팅을", visitor(7))
    log = QueryLog.objects.get()
    assert log.query == "마케팅을" and log.result_count >= 1 and log.language == "ko"
    assert "10.0.0.7" not in log.session and len(log.session) == 32


def test_bots_are_not_logged(corpus):
    run("마케팅", visitor(1, agent="Googlebot/2.1 (+http://www.google.com/bot.html)"))
    run("마케팅", visitor(1, agent=""))
    assert QueryLog.objects.count() == 0


def test_approved_synonym_makes_a_dead_query_find_the_page(corpus):
    """Two sessions search 그로스해킹 (nothing), then 커뮤니티 and click: an editor approves the proposal."""
    assert run("그로스해킹").total == 0
    for n in (11, 12, 13):
        who = visitor(n)
        run("그로스해킹", who)
        found = run("커뮤니티", who)
        actions.record_click(query_log_id=found.query_log_id, page_id=found.results[0].page_id, position=1,
                             session=QueryLog.objects.get(pk=found.query_log_id).session)
    [proposal] = propose_synonyms(min_sessions=3)
    assert proposal.term == "그로스해킹" and proposal.synonyms == ["커뮤니티"] and proposal.evidence == 3
    assert run("그로스해킹").total == 0  # a proposal alone changes nothing
    actions.approve_synonym(proposal)
    assert "모임 회의록" in [r.title for r in run("그로스해킹").results]
    assert Synonym.objects.get().status == Synonym.Status.APPROVED


def test_rejected_proposals_stay_rejected(corpus):
    row = Synonym.objects.create(term="우주", synonyms=["커뮤니티"], status=Synonym.Status.REJECTED)
    for n in (21, 22, 23):
        who = visitor(n)
        run("우주", who)
        found = run("커뮤니티", who)
        actions.record_click(query_log_id=found.query_log_id, page_id=found.results[0].page_id, position=1,
                             session="s")
    assert propose_synonyms(min_sessions=3) == []
    row.refresh_from_db()
    assert row.status == Synonym.Status.REJECTED


def test_editor_synonyms_work_both_ways(corpus):
    actions.add_synonym("밋업", ["모임"])
    assert "모임 회의록" in [r.title for r in run("밋업").results]
    assert "커뮤니티 밋업" in [r.title for r in run("모임").results]


def strong_and_weak_matches(tree) -> list:
    """Two published articles for 로드맵: one says it four times, the other once."""
    pages = []
    for i, body in enumerate(["로드맵 로드맵 로드맵 로드맵", "로드맵 한 번"]):
        page = factories.ArticlePageFactory(parent=tree.articles, slug=f"r{i}", title=f"계획 문서 {i}",
                                            body=[("paragraph", f"<p>{body}</p>")])
        page.save_revision().publish()
        pages.append(page)
    return pages


def test_clicks_reorder_within_the_bound(tree):
    pages = strong_and_weak_matches(tree)
    exact = factories.ArticlePageFactory(parent=tree.articles, slug="exact", title="로드맵",
                                         body=[("paragraph", "<p>짧은 글</p>")])
    exact.save_revision().publish()
    reindex()
    before = [r.page_id for r in run("로드맵").results]
    assert before[0] == exact.pk and before.index(pages[0].pk) < before.index(pages[1].pk)
    for n in range(40):  # many visitors prefer the weaker match
        ClickLog.objects.create(query="로드맵", page=pages[1], position=3, session=f"s{n}")
    after = run("로드맵").results
    order = [r.page_id for r in after]
    assert order[0] == exact.pk  # an exact title match is never buried
    assert order.index(pages[1].pk) < order.index(pages[0].pk)
    learned = {r.page_id: r.score for r in after}
    assert learned[pages[1].pk] - learned[pages[0].pk] <= CLICK_WEIGHT  # bounded


def test_old_clicks_fade(tree):
    pages = strong_and_weak_matches(tree)
    reindex()
    old = timezone.now() - timedelta(days=70)
    for n in range(40):
        ClickLog.objects.create(query="로드맵", page=pages[1], position=2, session=f"s{n}", created_at=old)
    assert [r.page_id for r in run("로드맵").results] == [pages[0].pk, pages[1].pk]


def test_promotions_pin_within_their_window(corpus):
    event = corpus["event"]
    now = timezone.now()
    actions.create_promotion("마케팅", event.pk, description="이번 달 모임", starts_at=now - timedelta(days=1),
                             ends_at=now + timedelta(days=1))
    actions.create_promotion("마케팅", corpus["community"].pk, starts_at=now + timedelta(days=3))
    results = run("마케팅").results
    assert results[0].page_id == event.pk and results[0].promoted and results[0].promotion_note == "이번 달 모임"
    assert [r.page_id for r in results].count(event.pk) == 1
    assert not any(r.promoted and r.page_id == corpus["community"].pk for r in results)


def test_promoting_an_internal_page_never_shows_it_to_visitors(corpus):
    actions.create_promotion("마케팅", corpus["internal"].pk)
    assert "기밀 마케팅 예산" not in [r.title for r in run("마케팅").results]


def test_people_also_searched(corpus):
    for n in (31, 32):
        who = visitor(n)
        run("마케팅", who)
        run("커뮤니티", who)
    assert run("마케팅", visitor(40)).suggestions == ["커뮤니티"]
    assert "커뮤니티" in search(SearchParams(q=""), language="ko").suggestions


def test_trending_searches_rise_above_their_past(corpus):
    old = timezone.now() - timedelta(days=20)
    for n in range(6):  # 커뮤니티 was popular weeks ago; 마케팅 is new this week
        QueryLog.objects.create(query="커뮤니티", language="ko", result_count=2, session=f"old{n}", created_at=old)
    for n in range(3):
        QueryLog.objects.create(query="마케팅", language="ko", result_count=3, session=f"new{n}")
        QueryLog.objects.create(query="커뮤니티", language="ko", result_count=2, session=f"new{n}")
    empty = search(SearchParams(q=""), language="ko")
    assert empty.trending == ["마케팅"]  # 커뮤니티 is searched as much, but less than it was
