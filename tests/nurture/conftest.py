"""Nurture fixtures: a movable clock, a landing page with its sequence, and helpers for the emails
(the real SMTP server, ``smtp``, is in tests/conftest.py)."""

from __future__ import annotations

from datetime import timedelta
from email.message import EmailMessage

import pytest

from nurture import clock
from nurture.models import Sequence, Step
from tests import factories


class Clock:
    def advance(self, **kwargs) -> None:
        clock.advance(timedelta(**kwargs))

    def now(self):
        return clock.now()


@pytest.fixture
def nurture_clock():
    clock.reset()
    yield Clock()
    clock.reset()


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run a callable and then what it queued for after commit (the tasks), as a request would."""
    def run(fn, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(*args, **kwargs)
    return run


@pytest.fixture
def landing(tree):
    return factories.LandingPageFactory(parent=tree.home, slug="guide")


@pytest.fixture
def sequence(landing, tree):
    """Four steps (day 0, 2, 5, 9) attached to the landing page, and articles to pick from."""
    for i in range(3):
        factories.ArticlePageFactory(parent=tree.articles, slug=f"read-{i}", title=f"읽을거리 {i}").save_revision(
        ).publish()
    seq = Sequence(name="가이드 후속", slug="guide-follow-up", trigger_page=landing, language="ko", max_late_hours=24)
    seq.steps = [
        Step(delay_days=0, subject="환영합니다", preheader="첫 안내",
             body=[("paragraph", "<p>가이드를 신청해 주셔서 고맙습니다.</p><p>첫 편지입니다.</p>"),
                   ("next_article", {"heading": "먼저 읽어 보세요"})]),
        Step(delay_days=2, subject="두 번째 이야기", body=[("next_article", {"heading": "다음 글"})]),
        Step(delay_days=5, subject="세 번째 이야기", body=[("products", {"heading": ""})]),
        Step(delay_days=9, subject="마지막 이야기", body=[("paragraph", "<p>함께해 주셔서 고맙습니다.</p>")]),
    ]
    seq.save()
    return seq


def sign_up(client, email="sky@example.com", name="김하늘", consent=True, path="/guide/"):
    data = {"name": name, "imeil": email}
    if consent:
        data["marketing_consent"] = "on"
    return client.post(path, data, HTTP_USER_AGENT="pytest-browser")


def link_in(message: EmailMessage, marker: str) -> str:
    text = message.get_body(preferencelist=("plain",)).get_content()
    return next(word for word in text.split() if marker in word)
