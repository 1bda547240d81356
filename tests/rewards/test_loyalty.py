"""Loyalty for nurture: a segment can ask for a rank or recent points, and only members who have them
enter its sequence; the lead's timeline shows their points and rank."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from community.models import Comment, Thread
from nurture.actions import enter_by_segment
from nurture.models import Enrollment, Lead, Segment, Sequence
from rewards.actions import award
from rewards.models import EarningRule, Event

pytestmark = pytest.mark.django_db


def lead_for(member):
    lead = Lead.objects.create(email=member.user.email, confirmed_at=timezone.now())
    member.lead = lead
    member.save(update_fields=["lead"])
    return lead


def test_a_rank_segment_enters_only_members_of_that_rank_and_the_timeline_shows_points(person, article):
    mina, joon = person("mina"), person("joon")
    stranger = Lead.objects.create(email="stranger@example.com", confirmed_at=timezone.now())
    leads = {who: lead_for(who.member) for who in (mina, joon)}
    EarningRule.objects.filter(event=Event.PILLAR_READ).update(enabled=False)  # only the rule below
    big = EarningRule.objects.create(event=Event.PILLAR_READ, name="큰 점수", points=215,
                                     currency=EarningRule.objects.first().currency)
    award(Event.PILLAR_READ, mina.member, source=big)  # 215: the Tree rank, the third
    thread, _made = Thread.objects.get_or_create(page=article)
    award(Event.COMMENT_APPROVED, joon.member, source=Comment.objects.create(thread=thread, author=joon.member,
                                                                            body="x", html="x"))
    trees = Sequence.objects.create(name="제휴 혜택", slug="partner-offer",
                                    trigger_segment=Segment.objects.create(name="나무 이상", min_loyalty_rank=3))
    active = Sequence.objects.create(name="활동 감사", slug="thanks",
                                     trigger_segment=Segment.objects.create(name="최근 5점", min_recent_points=5))
    enter_by_segment(timezone.now())
    assert list(Enrollment.objects.filter(sequence=trees).values_list("lead", flat=True)) == [leads[mina].pk]
    assert set(Enrollment.objects.filter(sequence=active).values_list("lead", flat=True)) == {
        leads[mina].pk, leads[joon].pk}
    assert not Enrollment.objects.filter(lead=stranger).exists()  # not a member: never a loyalty segment
    admin = Client()
    admin.force_login(get_user_model().objects.create_superuser("root", "root@example.com", "pw-12345-long"))
    inspect = admin.get(f"/admin/snippets/nurture/lead/inspect/{leads[mina].pk}/").content.decode()
    assert "나무" in inspect and "215" in inspect
