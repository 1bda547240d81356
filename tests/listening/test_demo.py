"""The demo's listening: hundreds of mentions across channels in two languages, watched communities in
every direction (none pulled: the demo reaches no one outside), labels and a model, cases in every
status; a second load adds nothing."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from listening.models import Case, Contribution, Label, Mention, NpsSurvey, SentimentModel, Source

pytestmark = pytest.mark.django_db


def test_the_demo_listens_across_channels_and_a_second_load_adds_nothing():
    call_command("load_demo", stdout=StringIO())
    counts = (Mention.objects.count(), Label.objects.count(), Case.objects.count(), SentimentModel.objects.count(),
              NpsSurvey.objects.count())
    assert counts[0] >= 300 and counts[1] >= 40 and counts[2] >= 8 and counts[3] == 1
    assert set(Mention.objects.values_list("channel", flat=True)) >= {"x", "facebook", "kakao", "blog", "email",
                                                                      "comment"}
    assert set(Mention.objects.values_list("language", flat=True)) == {"ko", "en"}
    assert set(Mention.objects.values_list("sentiment", flat=True)) == {"positive", "neutral", "negative"}
    assert set(Case.objects.values_list("status", flat=True)) == {"new", "in_progress", "answered", "resolved"}
    watched = Source.objects.filter(kind=Source.Kind.FEED)
    assert {d: watched.filter(direction=d).count() for d in ("same", "other", "customers")} == {
        "same": 2, "other": 2, "customers": 2}
    assert not watched.filter(active=True).exists()
    answered = NpsSurvey.objects.filter(score__isnull=False)
    assert answered.count() >= 40 and NpsSurvey.objects.filter(answered_at__isnull=True).exists()
    assert {"event", "wizard", "site"} == set(answered.values_list("trigger", flat=True))
    assert {s >= 9 for s in answered.values_list("score", flat=True)} == {True, False}
    assert Mention.objects.filter(channel="nps").exists()  # the comments went into the inbox
    assert Contribution.objects.exists()  # advocates found in the demo's conversation
    assert {"same", "other", "customers"} <= set(Mention.objects.values_list("source__direction", flat=True))
    call_command("load_demo", stdout=StringIO())
    assert (Mention.objects.count(), Label.objects.count(), Case.objects.count(),
            SentimentModel.objects.count(), NpsSurvey.objects.count()) == counts
