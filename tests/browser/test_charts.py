"""The admin's charts are drawn by the vendored ECharts in Chromium: an SVG with ECharts' aria
description in Korean, the same figures kept as a table for screen readers only; a page without a
chart does not load the library."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from listening.actions import Incoming, ingest, source_named
from listening.models import Source
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_the_listening_mood_chart_is_drawn_with_an_aria_description(page, context, live_server):
    now = timezone.now()
    said = [("정말 좋아요", 0), ("최고예요", 1), ("너무 실망했어요", 8), ("배송이 늦어요 화나요", 15)]
    ingest(source_named("후기", Source.Kind.FILE), [
        Incoming(text=text, posted_at=now - timedelta(days=days), channel="x", author=f"a{i}")
        for i, (text, days) in enumerate(said)])
    sign_in(context, live_server, get_user_model().objects.create_superuser("charts", "c@example.com", "pw"))
    loaded = []
    page.on("request", lambda request: loaded.append(request.url) if "echarts" in request.url else None)

    page.goto(reverse("listening_reports"), wait_until="networkidle")
    mood = page.locator('[data-chart="chart-mood-spec"]')
    mood.locator("svg").first.wait_for()
    assert mood.get_attribute("data-drawn") == "true"
    described = mood.get_attribute("aria-label") or ""
    assert "차트" in described and "긍정" in described  # ECharts' Korean aria text names the series
    assert "w-sr-only" in (page.locator('[data-chart-table="chart-mood"]').get_attribute("class") or "")
    assert mood.locator("svg path").count() > 3  # bars and the net-mood line
    assert any(url.endswith("echarts.min.js") for url in loaded) and any(url.endswith("langKO.js") for url in loaded)

    loaded.clear()
    page.goto(reverse("listening_label"), wait_until="networkidle")  # no chart here: no library
    assert loaded == []
    assert page.problems == []
