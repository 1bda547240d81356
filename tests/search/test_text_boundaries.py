"""A word that opens a paragraph, list item, heading or table cell is a word of its own, in the index
and in everything shown from it (snippets, descriptions, feeds, cards, plain-text emails)."""

import re

import pytest

from cms.text import html_to_text
from search.service import SearchParams, search
from tests import factories
from tests.search.conftest import reindex

pytestmark = pytest.mark.django_db

BODY = (
    "<h2>작업 기록</h2><p>우리는 마케팅</p><p>인터럽션 광고를 줄였습니다. alpha</p>"
    "<ul><li>첫 항목 bravo</li><li>charlie 퍼미션 동의</li></ul>"
    "<table><tr><td>가입 delta</td><td>echo 전환율</td></tr></table><p>줄 하나<br>foxtrot 둘</p>"
)
GLUED = ["마케팅인터럽션", "alphabravo", "bravocharlie", "deltaecho", "하나foxtrot", "기록우리는"]


def test_the_helper_separates_blocks_and_keeps_inline_words_whole():
    text = html_to_text(BODY)
    assert not any(g in text for g in GLUED)
    assert "인터럽션 광고를" in text and "echo 전환율" in text
    assert html_to_text("<p><b>마케팅</b>을 <a href='/x'>다시</a> &amp; 또</p>") == "마케팅을 다시 & 또"
    assert html_to_text("<p>보임</p><script>var hidden = 1;</script><style>p{}</style>") == "보임"


@pytest.fixture
def boundary_post(tree):
    page = factories.PostPageFactory(parent=tree.posts, slug="boundaries", title="경계 시험", body=BODY)
    page.save_revision().publish()
    article = factories.ArticlePageFactory(
        parent=tree.articles, slug="boundary-article", title="경계 기사", summary="경계를 시험하는 기사",
        body=[("paragraph", "<p>golf 첫 문단</p><p>hotel 둘째 문단</p>"),
              ("table", {"data": [["india 셀", "juliet 셀"]], "first_row_is_table_header": False,
                         "first_col_is_header": False, "table_caption": ""})])
    article.save_revision().publish()
    reindex()
    return page, article


@pytest.mark.parametrize("word", ["인터럽션", "charlie", "퍼미션", "echo", "foxtrot", "bravo", "alpha", "delta"])
def test_a_word_opening_a_block_is_found_alone(boundary_post, word):
    assert "경계 시험" in [r.title for r in search(SearchParams(q=word), language="ko").results]


@pytest.mark.parametrize("word", ["hotel", "juliet"])
def test_stream_blocks_too(boundary_post, word):
    assert "경계 기사" in [r.title for r in search(SearchParams(q=word), language="ko").results]


def test_no_snippet_shows_a_glued_pair(boundary_post):
    for word in ["인터럽션", "charlie", "echo", "foxtrot", "hotel"]:
        for result in search(SearchParams(q=word), language="ko").results:
            plain = re.sub(r"</?mark>", "", str(result.snippet))
            assert not any(g in plain for g in GLUED + ["문단hotel"]), plain


def test_descriptions_cards_and_feeds_keep_paragraphs_apart(boundary_post, client):
    post, article = boundary_post
    assert article.body_text() == "golf 첫 문단"
    listing = client.get(post.get_parent().url).content.decode()
    assert "마케팅 인터럽션" in listing and "마케팅인터럽션" not in listing
    inline = factories.PostPageFactory(parent=post.get_parent(), slug="inline", title="굵게",
                                       body="<p><b>마케팅</b>을 다시<br>생각합니다</p><p>둘째</p>")
    inline.save_revision().publish()
    feed = client.get("/feeds/rss.xml").content.decode()
    assert "<description>마케팅을 다시 생각합니다</description>" in feed
