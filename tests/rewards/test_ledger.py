"""The books: every entry balances, a kept balance is always the sum of its postings, and the same
event counted by several workers at once is written once."""

from __future__ import annotations

import itertools
import threading

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from community.models import Comment, Thread
from rewards.actions import award, balance, books_balance, points, reverse_awards
from rewards.models import EarningRule, Entry, Event, Standing

NAMES = itertools.count()  # the examples share one database: each makes new people
STEPS = st.lists(st.tuples(st.sampled_from(["award", "helpful", "reverse", "reverse-helpful"]),
                           st.integers(0, 2), st.integers(0, 3)), min_size=1, max_size=25)


@pytest.mark.django_db
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=STEPS)
def test_any_sequence_of_awards_and_reversals_keeps_the_books(person, article, steps):
    from community.actions import member_for

    people = [member_for(person(f"p{next(NAMES)}").member.user) for _ in range(3)]
    thread, _made = Thread.objects.get_or_create(page=article)
    comments = [Comment.objects.create(thread=thread, author=people[i % 3], body=str(i), html=str(i))
                for i in range(4)]
    for action, who, which in steps:
        source, other = comments[which], people[who]
        if action == "award":
            award(Event.COMMENT_APPROVED, source.author, source=source)
        elif action == "helpful":
            award(Event.HELPFUL_RECEIVED, source.author, source=source, actor=other, qualifier=str(other.pk))
        elif action == "reverse":
            reverse_awards(source)
        else:
            reverse_awards(source, event=Event.HELPFUL_RECEIVED, qualifier=str(other.pk))
    books = books_balance(points())
    assert books["balanced"], books
    for member in people:
        entries = Entry.objects.filter(member=member).values_list("amount", flat=True)
        assert balance(member) == sum(entries)
        # the all-time standing is what was earned and not taken back (nothing here is spending)
        standing = Standing.objects.filter(member=member, period="all").values_list("points", flat=True).first()
        assert (standing or 0) == sum(entries)
    # a source is never counted twice while its award stands
    standing = Entry.objects.filter(kind=Entry.Kind.AWARD, reversed_by__isnull=True).values_list("basis", flat=True)
    assert len(standing) == len(set(standing))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_eight_workers_counting_the_same_event_write_one_entry_and_respect_the_cap(person, article):
    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL): SQLite serialises writers anyway")
    mina = person("mina").member
    thread = Thread.objects.create(page=article)
    same = Comment.objects.create(thread=thread, author=mina, body="a", html="a")
    others = [Comment.objects.create(thread=thread, author=mina, body=str(i), html=str(i)) for i in range(8)]
    EarningRule.objects.filter(event=Event.COMMENT_APPROVED).update(daily_cap=3)
    barrier = threading.Barrier(8)
    errors = []

    def run(target):
        barrier.wait()
        try:
            target()
        except Exception as problem:  # noqa: BLE001 - collected and asserted below
            errors.append(problem)
        finally:
            connections.close_all()

    def race(targets):
        threads = [threading.Thread(target=run, args=(t,)) for t in targets]
        for t in threads:
            t.start()
        for t in threads:
            t.join()

    race([lambda: award(Event.COMMENT_APPROVED, mina, source=same)] * 8)
    assert not errors and Entry.objects.filter(member=mina).count() == 1
    race([lambda c=c: award(Event.COMMENT_APPROVED, mina, source=c) for c in others])
    assert not errors and Entry.objects.filter(member=mina).count() == 3  # the cap, under concurrency
    assert balance(mina) == 15 and books_balance(points())["balanced"]
