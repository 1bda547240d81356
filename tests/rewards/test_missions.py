"""Missions and expiry with a controllable clock: a mission completes once its steps are met inside
its run and rewards once; a series rolls over to the next mission and starts over after the last; a
group mission counts its members together; what is left of an award expires, oldest spent first."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from community.models import Comment, CommunityGroup, Membership, Thread
from rewards.actions import award, balance, lifetime_points, redeem, running
from rewards.actions.expiry import expire_due
from rewards.models import (
    Card,
    CardCopy,
    CardSet,
    Coupon,
    EarningRule,
    Entry,
    Event,
    Mission,
    MissionCompletion,
    MissionSeries,
    MissionStep,
    Reward,
)

pytestmark = pytest.mark.django_db


def comment(member, article, at):
    thread, _made = Thread.objects.get_or_create(page=article)
    made = Comment.objects.create(thread=thread, author=member, body="x", html="x")
    return award(Event.COMMENT_APPROVED, member, source=made, at=at)


def test_a_mission_completes_when_its_steps_are_met_in_its_run_and_rewards_once(person, article):
    mina = person("mina")
    now = timezone.now()
    cards = CardSet.objects.create(name="세트", slug="set")
    prize = Card.objects.create(card_set=cards, number=1, name="완주 카드")
    mug = Reward.objects.create(name="머그", price=999, currency=EarningRule.objects.first().currency, stock=5)
    mission = Mission.objects.create(name="이번 주: 댓글 두 개", name_en="This week: two comments", reward_points=30,
                                     reward_card=prize, reward_coupon=mug, starts_at=now - timedelta(days=1),
                                     ends_at=now + timedelta(days=6))
    MissionStep.objects.create(mission=mission, event=Event.COMMENT_APPROVED, count=2, label="댓글 달기")
    comment(mina.member, article, now - timedelta(days=2))  # before the run: does not count
    comment(mina.member, article, now)
    page = mina.get(f"/rewards/missions/{mission.pk}/").content.decode()
    assert "1/2" in page and "완료" not in page
    comment(mina.member, article, now + timedelta(minutes=1))
    assert MissionCompletion.objects.filter(mission=mission, member=mina.member).count() == 1
    # 3 comments × 5, the mission's 30, the mission-completed rule's 10
    assert balance(mina.member) == 15 + 30 + 10
    assert CardCopy.objects.filter(member=mina.member, card=prize).count() == 1
    assert Coupon.objects.filter(member=mina.member, reward=mug).count() == 1
    assert Reward.objects.get(pk=mug.pk).stock == 4
    comment(mina.member, article, now + timedelta(minutes=2))
    assert MissionCompletion.objects.count() == 1 and balance(mina.member) == 60  # once per run
    mine = mina.get("/api/rewards/me/missions/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert mine[0]["completed"] and mine[0]["name"] == "This week: two comments"
    assert mine[0]["steps"] == [{"what": "댓글 달기", "count": 2, "done": 2}]
    assert "2/2" in mina.get("/accounts/profile/").content.decode()


def test_a_series_rolls_over_to_the_next_mission_and_starts_again_after_the_last(person, article):
    mina = person("mina")
    start = timezone.now() - timedelta(days=30)
    series = MissionSeries.objects.create(name="매주 미션", starts_at=start)
    first = Mission.objects.create(name="A", series=series, position=1, days=7, reward_points=7)
    second = Mission.objects.create(name="B", series=series, position=2, days=7, reward_points=7)
    for mission in (first, second):
        MissionStep.objects.create(mission=mission, event=Event.COMMENT_APPROVED, count=1)
    clock = [start + timedelta(days=d, hours=1) for d in (0, 6, 7, 13, 14, 21)]
    names = [[m.name for m, _s, _e in running(at)] for at in clock]
    assert names == [["A"], ["A"], ["B"], ["B"], ["A"], ["B"]]  # one is always running
    assert [m.name for m, _s, _e in running(start - timedelta(hours=1))] == []  # not before the series starts
    _m, round_two, _end = running(clock[4])[0]
    assert round_two == start + timedelta(days=14)
    comment(mina.member, article, clock[0])
    comment(mina.member, article, clock[4])  # the same mission in its next round: completed again
    runs = list(MissionCompletion.objects.filter(mission=first).order_by("run_starts").values_list("run_starts",
                                                                                                   flat=True))
    assert runs == [start, start + timedelta(days=14)]
    assert not MissionCompletion.objects.filter(mission=second).exists()


def test_a_group_mission_counts_its_members_together_and_rewards_each_who_took_part(person, article):
    mina, joon, eve = person("mina"), person("joon"), person("eve")
    group = CommunityGroup.objects.create(name="러닝 모임", slug="runners")
    for who in (mina, joon):
        Membership.objects.create(group=group, member=who.member)
    now = timezone.now()
    mission = Mission.objects.create(name="함께 댓글 셋", kind=Mission.Kind.GROUP, group=group, reward_points=20,
                                     starts_at=now - timedelta(hours=1), ends_at=now + timedelta(days=1))
    MissionStep.objects.create(mission=mission, event=Event.COMMENT_APPROVED, count=3)
    comment(eve.member, article, now)  # not in the group: does not count
    comment(mina.member, article, now)
    comment(mina.member, article, now)
    assert not MissionCompletion.objects.exists()
    assert "함께 댓글 셋" not in eve.get("/rewards/missions/").content.decode()  # a group's business
    assert "2/3" in joon.get("/rewards/missions/").content.decode()
    comment(joon.member, article, now)
    assert set(MissionCompletion.objects.values_list("member_id", flat=True)) == {mina.member.pk, joon.member.pk}
    assert Entry.objects.filter(kind=Entry.Kind.AWARD, rule__isnull=True, amount=20).count() == 2


def test_what_is_left_of_an_award_expires_oldest_points_spent_first(person, article):
    mina = person("mina")
    rule = EarningRule.objects.get(event=Event.COMMENT_APPROVED)
    rule.expires_after_days, rule.daily_cap = 30, None
    rule.save()
    day0 = timezone.now() - timedelta(days=40)
    for _ in range(2):
        comment(mina.member, article, day0)  # 10 points, 40 days ago
    cup = Reward.objects.create(name="컵", price=4, currency=rule.currency)
    redeem(mina.member, cup.pk)  # spends 4 of the oldest
    comment(mina.member, article, timezone.now() - timedelta(days=5))  # 5 points, not due
    assert balance(mina.member) == 11
    assert expire_due() == 2  # the first award's 5 was half spent: 1 left; the second's 5 all left
    assert balance(mina.member) == 5
    assert sorted(Entry.objects.filter(kind=Entry.Kind.EXPIRY).values_list("amount", flat=True)) == [-5, -1]
    assert expire_due() == 0 and balance(mina.member) == 5  # once
    assert lifetime_points(mina.member) == 15  # a rank counts what was earned, expired or not
