"""The demo's three months of visits across channels and campaigns, rolled up by day; a second load adds
nothing."""

from __future__ import annotations

import pytest
from django.db.models import Sum

from insights import demo
from insights.models import DailyVisits, PageView

pytestmark = pytest.mark.django_db


def test_three_months_of_visits_rolled_up(tree):
    made = demo.load()
    assert made > 5000 and demo.load() == 0
    assert DailyVisits.objects.values("day").distinct().count() == demo.DAYS + 1
    channels = set(DailyVisits.objects.values_list("channel", flat=True))
    assert {"kakao", "naver", "google", "email", "direct", "internal"} <= channels
    visits = DailyVisits.objects.aggregate(n=Sum("visits"))["n"]
    assert visits == PageView.objects.exclude(channel="internal").count()
    assert DailyVisits.objects.filter(campaign="dec-meetup").exists()
