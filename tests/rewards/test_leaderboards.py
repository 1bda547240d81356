"""Leaderboards: points earned per week, month and all time, overall and per group; ties share a
rank; reversals count against the period of what they undo; spending, staff (by the site's setting),
editors' exclusions and members who left themselves off do not show."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from community.models import Comment, CommunityGroup, GroupKind, Membership, Thread
from rewards.actions import award, leaderboard, period_starts, points, reverse_awards, standing_of
from rewards.models import Event, LeaderboardExclusion, LeaderboardSettings

pytestmark = pytest.mark.django_db


@pytest.fixture
def crowd(person, article):
    thread = Thread.objects.create(page=article)
    people = {name: person(name) for name in ("ara", "bom", "cho", "dan")}

    def earn(name, times, at=None):
        member = people[name].member
        for _ in range(times):
            source = Comment.objects.create(thread=thread, author=member, body="x", html="x")
            award(Event.COMMENT_APPROVED, member, source=source, at=at)
        return member

    return people, earn


def names(rows):
    return [(r["rank"], r["name"], r["points"]) for r in rows]


def test_ties_share_a_rank_and_the_next_one_skips(crowd):
    people, earn = crowd
    earn("ara", 3), earn("bom", 2), earn("cho", 2), earn("dan", 1)
    assert names(leaderboard("week", currency=points())) == [
        (1, "Ara", 15), (2, "Bom", 10), (2, "Cho", 10), (4, "Dan", 5)]
    assert names(leaderboard("week", currency=points(), limit=2, offset=2)) == [(2, "Cho", 10), (4, "Dan", 5)]
    assert standing_of(people["cho"].member, "week", currency=points()) == {"rank": 2, "points": 10}


def test_last_weeks_points_leave_this_weeks_board_and_a_reversal_counts_where_it_was_earned(crowd):
    people, earn = crowd
    last_week = timezone.now() - timedelta(days=8)
    earn("ara", 2, at=last_week)
    bom = earn("bom", 1)
    assert names(leaderboard("week", currency=points())) == [(1, "Bom", 5)]
    assert names(leaderboard("all", currency=points()))[0] == (1, "Ara", 10)
    assert names(leaderboard("week", currency=points(), at=last_week)) == [(1, "Ara", 10)]
    ara_comment = Comment.objects.filter(author=people["ara"].member).first()
    reverse_awards(ara_comment)  # taken back today, counted against last week
    assert names(leaderboard("week", currency=points(), at=last_week)) == [(1, "Ara", 5)]
    assert names(leaderboard("week", currency=points())) == [(1, "Bom", 5)]
    assert bom and period_starts(timezone.now())["week"].weekday() == 0


def test_a_group_board_lists_its_active_members_only(crowd):
    people, earn = crowd
    earn("ara", 1), earn("bom", 2), earn("cho", 3)
    group = CommunityGroup.objects.create(name="스터디", slug="study", kind=GroupKind.CLOSED)
    Membership.objects.create(group=group, member=people["ara"].member)
    Membership.objects.create(group=group, member=people["bom"].member)
    Membership.objects.create(group=group, member=people["cho"].member, status=Membership.Status.PENDING)
    assert names(leaderboard("month", currency=points(), group=group)) == [(1, "Bom", 10), (2, "Ara", 5)]
    api = Client().get("/api/rewards/leaderboards/month/", {"group": "study"}).json()
    assert [r["name"] for r in api["items"]] == ["Bom", "Ara"] and api["group"] == "study"
    assert Client().get("/api/rewards/leaderboards/month/", {"group": "nope"}).status_code == 404
    assert Client().get("/api/rewards/leaderboards/year/").status_code == 404  # no such board


def test_staff_exclusions_and_opting_out_keep_people_off_the_boards(crowd, person):
    people, earn = crowd
    earn("ara", 1), earn("bom", 1)
    boss = person("boss", staff=True)
    for _ in range(3):
        award(Event.COMMENT_APPROVED, boss.member, source=Comment.objects.create(
            thread=Thread.objects.first(), author=boss.member, body="s", html="s"))
    assert [r["name"] for r in leaderboard("week", currency=points())] == ["Ara", "Bom"]
    settings = LeaderboardSettings.load()
    settings.exclude_staff = False
    settings.save()
    assert [r["name"] for r in leaderboard("week", currency=points())][0] == "Boss"
    LeaderboardExclusion.objects.create(member=people["ara"].member, note="테스트 계정")
    bom = people["bom"]
    assert bom.post("/rewards/leaderboards/me/", {"listed": "0"}).status_code == 302
    assert [r["name"] for r in leaderboard("week", currency=points())] == ["Boss"]
    page = bom.get("/rewards/leaderboards/").content.decode()
    assert "Bom" not in page.split("<tbody>")[-1] and "Ara" not in page
    assert "리더보드에 다시 올리기" in bom.get("/accounts/profile/").content.decode()
    bom.post("/rewards/leaderboards/me/", {"listed": "1"})
    assert "Bom" in [r["name"] for r in leaderboard("week", currency=points())]
    ara_profile = people["ara"].get("/accounts/profile/").content.decode()
    assert "편집자가" in ara_profile  # an editor's exclusion is not the member's to undo


def test_the_site_board_shows_ranks_and_my_place(crowd):
    people, earn = crowd
    earn("ara", 2), earn("bom", 1)
    page = people["bom"].get("/rewards/leaderboards/?period=month").content.decode()
    assert "<td>1</td><td>Ara</td><td>10</td>" in page and "2위" in page
