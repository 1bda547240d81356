"""Points for taking part: a shown comment, a helpful mark from someone else, an accepted answer;
taken back when what earned them goes away; capped per day; never for yourself; each event once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from community import actions as community
from community.actions import moderation
from community.models import Comment, Thread
from rewards.actions import award, balance, books_balance, points, reverse_awards
from rewards.models import EarningRule, Entry, Event
from tests.community.conftest import committed

pytestmark = pytest.mark.django_db


def comment(client, page, body="좋은 글 고맙습니다"):
    """A comment by a member whose comments show at once (their first was approved)."""
    member = client.member
    Comment.objects.get_or_create(thread=Thread.objects.get_or_create(page=page.get_parent())[0], author=member,
                                  defaults={"body": "x", "html": "<p>x</p>"})
    return committed(community.post_comment, user=member.user, member=member, page=page, body=body)


def test_a_shown_comment_earns_points_and_a_removed_one_gives_them_back(person, article):
    mina = person("mina")
    mine = comment(mina, article)
    assert balance(mina.member) == 5
    committed(community.delete_comment, user=mina.member.user, member=mina.member, comment=mine)
    assert balance(mina.member) == 0
    kinds = list(Entry.objects.filter(member=mina.member).order_by("pk").values_list("kind", "amount"))
    assert kinds == [("award", 5), ("reversal", -5)]  # nothing edited: a second entry takes it back
    assert books_balance(points())["balanced"]


def test_a_moderator_hiding_then_restoring_a_comment_gives_the_points_again(person, article):
    mina, boss = person("mina"), person("boss", staff=True)
    mine = comment(mina, article)
    committed(moderation.hide, user=boss.member.user, comments=[mine])
    assert balance(mina.member) == 0
    committed(moderation.approve, user=boss.member.user, comments=[Comment.objects.get(pk=mine.pk)])
    assert balance(mina.member) == 5
    assert Entry.objects.filter(member=mina.member).count() == 3


def test_helpful_marks_earn_for_the_author_and_unmarking_takes_them_back(person, article):
    mina, joon = person("mina"), person("joon")
    mine = comment(mina, article)
    committed(community.react, user=joon.member.user, member=joon.member, comment=mine)
    assert balance(mina.member) == 5 + 2 and balance(joon.member) == 0
    committed(community.react, user=joon.member.user, member=joon.member, comment=mine, helpful=False)
    assert balance(mina.member) == 5
    committed(community.react, user=joon.member.user, member=joon.member, comment=mine)
    assert balance(mina.member) == 7  # marked again: earned again (the unmark was taken back)


def test_nobody_earns_from_themselves(person, article):
    mina = person("mina")
    mine = comment(mina, article)
    rule = EarningRule.objects.get(event=Event.HELPFUL_RECEIVED)
    assert award(Event.HELPFUL_RECEIVED, mina.member, source=mine, actor=mina.member, qualifier="self") == []
    assert not Entry.objects.filter(rule=rule).exists()


def test_answering_your_own_question_and_accepting_it_earns_nothing(person, tree):
    from community.models import CommunityGroup, GroupKind, Membership

    group = CommunityGroup.objects.create(name="스터디", slug="study", kind=GroupKind.PUBLIC)
    mina, joon = person("mina"), person("joon")
    for who in (mina, joon):
        Membership.objects.create(group=group, member=who.member)
    Comment.objects.create(thread=Thread.objects.create(group=group, title="x"), author=mina.member, body="x",
                           html="x")  # mina is past her first comment
    Comment.objects.create(thread=Thread.objects.create(group=group, title="y"), author=joon.member, body="y",
                           html="y")
    question = committed(community.start_thread, user=mina.member.user, member=mina.member, group=group,
                         title="배송 기간?", body="얼마나 걸리나요?", kind=Thread.Kind.QUESTION)
    own = committed(community.post_comment, user=mina.member.user, member=mina.member, thread=question,
                    body="제가 찾아보니 이틀이네요")
    theirs = committed(community.post_comment, user=joon.member.user, member=joon.member, thread=question,
                       body="보통 이틀입니다")
    before = balance(mina.member), balance(joon.member)
    committed(community.accept_answer, user=mina.member.user, member=mina.member, thread=question, comment=own)
    assert balance(mina.member) == before[0]
    committed(community.accept_answer, user=mina.member.user, member=mina.member, thread=question, comment=theirs)
    assert balance(joon.member) == before[1] + 15
    committed(community.accept_answer, user=mina.member.user, member=mina.member, thread=question, comment=None)
    assert balance(joon.member) == before[1]  # no longer the accepted answer: its points go back


def test_a_daily_cap_stops_the_fourth_award_and_the_next_day_counts_again(person, article):
    mina = person("mina")
    rule = EarningRule.objects.get(event=Event.COMMENT_APPROVED)
    rule.daily_cap = 3
    rule.save()
    sources = [comment(mina, article, f"댓글 {n}") for n in range(4)]
    assert balance(mina.member) == 15
    tomorrow = timezone.now() + timedelta(days=1)
    extra = Comment.objects.create(thread=sources[0].thread, author=mina.member, body="내일", html="<p>내일</p>")
    assert len(award(Event.COMMENT_APPROVED, mina.member, source=extra, at=tomorrow)) == 1
    assert balance(mina.member) == 20


def test_a_rule_outside_its_dates_or_switched_off_awards_nothing(person, article):
    mina = person("mina")
    rule = EarningRule.objects.get(event=Event.COMMENT_APPROVED)
    rule.active_from = timezone.now() + timedelta(days=7)
    rule.save()
    comment(mina, article)
    assert balance(mina.member) == 0
    rule.active_from, rule.enabled = None, False
    rule.save()
    comment(mina, article, "두 번째")
    assert balance(mina.member) == 0


def test_the_same_event_reported_twice_counts_once(person, article):
    mina = person("mina")
    mine = comment(mina, article)
    assert award(Event.COMMENT_APPROVED, mina.member, source=mine) == []
    assert reverse_awards(mine) and reverse_awards(mine) == []
    assert balance(mina.member) == 0 and books_balance(points())["balanced"]


def test_an_award_that_arrives_after_its_comment_was_removed_earns_nothing(person, article):
    from rewards.tasks import award_for_comment

    mina = person("mina")
    mine = comment(mina, article)
    reverse_awards(mine)
    Comment.objects.filter(pk=mine.pk).update(status=Comment.Status.HIDDEN)
    assert award_for_comment(Event.COMMENT_APPROVED, mine.pk) == 0  # the task re-reads the comment first
    assert balance(mina.member) == 0


def test_with_redis_a_comment_waits_in_the_pending_list_and_one_drain_awards_a_burst(person, article, settings):
    import os

    from django.core.cache import cache
    from django.test import override_settings

    from rewards import pending
    from rewards.tasks import drain_pending

    url = os.environ.get("REDIS_URL")
    if not url:
        pytest.skip("needs Redis: set REDIS_URL=redis://127.0.0.1:6379/0 (.ci/run does)")
    mina = person("mina")
    with override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                               "LOCATION": url, "KEY_PREFIX": "test-pending"}},
                           CELERY_TASK_ALWAYS_EAGER=False):
        from cms.counters import redis_client

        client = redis_client()
        client.delete(cache.make_and_validate_key(pending.KEY), cache.make_and_validate_key(f"{pending.KEY}:drain"))
        sent = []
        original = drain_pending.apply_async
        drain_pending.apply_async = lambda **kwargs: sent.append(kwargs)  # the broker is not under test here
        try:
            first, second = comment(mina, article, "하나"), comment(mina, article, "둘")
        finally:
            drain_pending.apply_async = original
        assert len(sent) == 1 and sent[0]["countdown"] == pending.DRAIN_AFTER  # one drain for the burst
        assert balance(mina.member) == 0  # nothing awarded in the comments' requests
        assert pending.drain() == 2 and balance(mina.member) == 10
        assert first.pk != second.pk and pending.drain() == 0


def test_a_drained_chunk_with_a_failing_line_still_awards_the_rest_once(person, article):
    import json

    from rewards import pending

    mina, joon = person("mina"), person("joon")
    thread, _made = Thread.objects.get_or_create(page=article)
    shown = [Comment.objects.create(thread=thread, author=who.member, body="x", html="x") for who in (mina, joon)]
    lines = [json.dumps(["award_for_comment", Event.COMMENT_APPROVED, shown[0].pk]),
             json.dumps(["no_such_task", 1]),
             json.dumps(["award_for_comment", Event.COMMENT_APPROVED, shown[1].pk])]
    failed = []
    pending.run_chunk(lines, failed=failed.append)
    assert failed == [lines[1]]  # kept aside, the rest done
    assert balance(mina.member) == 5 and balance(joon.member) == 5  # the rolled-back chunk ran again, once each
    pending.run_chunk([lines[0], lines[2]], failed=failed.append)
    assert balance(mina.member) == 5 and len(failed) == 1
