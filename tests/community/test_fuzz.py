"""Any text at the comment API: never a server error, never unsafe HTML, nothing stored on a refusal."""

from __future__ import annotations

import json
from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from community.models import Comment, Thread
from tests import factories

pytestmark = pytest.mark.django_db

ALLOWED = {"p", "br", "strong", "em", "a", "code", "pre", "blockquote", "ul", "ol", "li", "span"}


class _Tags(HTMLParser):
    """Every tag and attribute the stored HTML would give a browser."""

    def __init__(self):
        super().__init__()
        self.found: list[tuple[str, list]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, attrs))


def unsafe(html: str) -> list:
    parser = _Tags()
    parser.feed(html)
    bad = []
    for tag, attrs in parser.found:
        for name, value in attrs:
            ok = (tag, name) in {("a", "href"), ("a", "rel"), ("span", "class")}
            if not ok or (name == "href" and not (value or "").startswith(("http://", "https://", "mailto:"))):
                bad.append((tag, name, value))
        if tag not in ALLOWED:
            bad.append(tag)
    return bad

TEXT = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.sampled_from(list("<>&\"'`*_[]()!#@:/\\\n\x00 가나다abc")), max_size=200),
    st.sampled_from(["<script>alert(1)</script>", "[x](javascript:alert(1))", "<img src=x onerror=alert(1)>",
                     "![a](http://x/y.png)", "@nobody", "`<b>`", "x" * 5001, "   ", "\x00", "http://a.example"]),
)


@pytest.fixture
def target(person, tree, settings_override):
    page = factories.ArticlePageFactory(parent=tree.articles, slug="fuzz", title="퍼즈")
    page.save_revision().publish()
    poster = person("poster")
    Comment.objects.create(thread=Thread.objects.create(page=factories.ArticlePageFactory(parent=tree.articles)),
                           author=poster.member, body="x", html="x")  # trusted: shown at once
    return page, poster


@pytest.fixture
def settings_override(settings):
    settings.COMMUNITY_RATE_LIMITS = {"comment_member": [(10**6, 60)], "comment_ip": [(10**6, 600)]}


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=TEXT, parent=st.one_of(st.none(), st.integers(min_value=-5, max_value=10**12)))
def test_any_text_is_stored_safely_or_refused_whole(target, body, parent):
    page, poster = target
    before = Comment.objects.count()
    answer = poster.post(f"/api/community/pages/{page.pk}/comments/", data=json.dumps({"body": body, "parent": parent}),
                         content_type="application/json")
    assert answer.status_code in (201, 202, 400, 422), answer.content
    if answer.status_code in (201, 202):
        stored = Comment.objects.get(pk=answer.json()["id"])
        assert stored.body == body.replace("\x00", "").strip()
        assert unsafe(stored.html) == [], stored.html
        assert Comment.objects.count() == before + 1
    else:
        assert answer.json()["errors"][0]["message"]
        assert Comment.objects.count() == before
