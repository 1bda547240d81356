# ruff: noqa: S608, E501 - bulk SQL built from integers and settings the bench made itself, kept unwrapped
"""bench/rewards: the rewards ledger at 1,000,000 entries over 50,000 members, on PostgreSQL.

The data is written in bulk by SQL (entries, their balanced postings, balances and standings as the
rule path would leave them), then measured through the app's own functions, each beside a naive
query over the raw ledger in the same run:

- a weekly leaderboard, overall and for a 2,000-member group (p50/p95 of 200 reads), beside a
  SUM/GROUP BY over the week's entries;
- a member's balance (p50/p95 of 1,000 reads of random members), beside a SUM over the account's
  postings;
- awards through the real rule path (rules, lock, key, cap, postings, balance, standings): entries per
  second in one process and in several at once, each award its own transaction, and again as the
  pending drain runs a burst (rewards.pending: a hundred lines per transaction, one commit).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_rewards .venv/bin/python bench/rewards.py

The database named in DATABASE_URL is dropped and re-created.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.scratch import reset, setup  # noqa: E402 - after the path is set

MEMBERS, ENTRIES, GROUP_SIZE = 50_000, 1_000_000, 2_000


def fill(members: int, entries: int) -> dict:
    """Members, a group, and the ledger as a year of awards would leave it (skewed: a few earn a lot)."""
    from django.conf import settings
    from django.db import connection

    from community.models import CommunityGroup
    from rewards.actions import account_for, points
    from rewards.models import EarningRule, Event

    currency = points()
    rule = EarningRule.objects.create(event=Event.COMMENT_APPROVED, name="bench", points=5, currency=currency)
    EarningRule.objects.exclude(pk=rule.pk).update(enabled=False)
    issuer = account_for(currency)
    group = CommunityGroup.objects.create(name="bench group", slug="bench-group")
    tz = settings.TIME_ZONE
    steps = [
        ("users", f"""INSERT INTO auth_user (password, is_superuser, username, first_name, last_name, email, is_staff,
             is_active, date_joined) SELECT '!', false, 'm' || g, '', '', 'm' || g || '@example.com', false, true, now()
             FROM generate_series(1, {members}) g"""),
        ("members", """INSERT INTO community_member (user_id, display_name, bio, ring, language, avatar, joined_at,
             handle, notify_reply, notify_answer, notify_mention, notify_approved)
             SELECT id, '회원 ' || substr(username, 2), '', 'visitor', 'ko', '', now(), username, true, true, true, true
             FROM auth_user WHERE username LIKE 'm%%'"""),
        ("accounts", f"""INSERT INTO rewards_account (currency_id, kind, member_id, balance, created_at)
             SELECT {currency.pk}, 'member', id, 0, now() FROM community_member"""),
        ("group", f"""INSERT INTO community_membership (group_id, member_id, role, status, joined_at)
             SELECT {group.pk}, id, 'member', 'active', now() FROM community_member ORDER BY id LIMIT {GROUP_SIZE}"""),
        ("entries", f"""INSERT INTO rewards_entry (kind, currency_id, member_id, amount, rule_id, key, basis, qualifier,
             source_id, memo, created_at)
             SELECT 'award', {currency.pk}, lo.id + floor(power(random(), 3) * {members})::int, 5, {rule.pk},
                    'bench:' || g, 'bench:' || g, '', '', 'bench', now() - random() * interval '365 days'
             FROM generate_series(1, {entries}) g, (SELECT min(id) AS id FROM community_member) lo"""),
        ("postings", f"""INSERT INTO rewards_posting (entry_id, account_id, amount)
             SELECT e.id, a.id, e.amount FROM rewards_entry e JOIN rewards_account a
               ON a.member_id = e.member_id AND a.kind = 'member'
             UNION ALL SELECT e.id, {issuer.pk}, -e.amount FROM rewards_entry e"""),
        ("balances", """UPDATE rewards_account a SET balance = s.total FROM (SELECT member_id, sum(amount) AS total
             FROM rewards_entry GROUP BY member_id) s WHERE a.member_id = s.member_id AND a.kind = 'member'"""),
        ("standings", f"""INSERT INTO rewards_standing (member_id, currency_id, period, starts, points)
             SELECT member_id, {currency.pk}, 'week', date_trunc('week', created_at AT TIME ZONE '{tz}')::date,
                    sum(amount) FROM rewards_entry GROUP BY 1, 4
             UNION ALL SELECT member_id, {currency.pk}, 'month', date_trunc('month', created_at AT TIME ZONE '{tz}')::date,
                    sum(amount) FROM rewards_entry GROUP BY 1, 4
             UNION ALL SELECT member_id, {currency.pk}, 'all', date '1970-01-01', sum(amount) FROM rewards_entry
             GROUP BY 1"""),
    ]
    with connection.cursor() as cursor:
        for label, sql in steps:
            start = time.perf_counter()
            cursor.execute(sql)
            print(f"  {label:10} {time.perf_counter() - start:6.1f} s", flush=True)
        cursor.execute("ANALYZE")
    return {"currency": currency.pk, "group": group.pk, "rule": rule.pk}


def timed(fn, n: int) -> tuple[float, float]:
    fn()
    times = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[int(n * 0.95) - 1]


def reads(made: dict) -> list[tuple]:
    import random

    from django.db import connection
    from django.utils import timezone

    from community.models import CommunityGroup, Member
    from rewards.actions import balance, leaderboard, period_starts
    from rewards.models import Account, Currency

    currency = Currency.objects.get(pk=made["currency"])
    group = CommunityGroup.objects.get(pk=made["group"])
    week = period_starts(timezone.now())["week"]
    ids = list(Member.objects.values_list("pk", flat=True))

    def naive(sql, params):
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    since = timezone.make_aware(timezone.datetime.combine(week, timezone.datetime.min.time()))
    naive_week = ("SELECT member_id, sum(amount) FROM rewards_entry WHERE currency_id = %s AND created_at >= %s "
                  "AND kind IN ('award', 'reversal') GROUP BY member_id ORDER BY 2 DESC LIMIT 20")
    naive_group = ("SELECT e.member_id, sum(e.amount) FROM rewards_entry e JOIN community_membership m ON "
                   "m.member_id = e.member_id AND m.group_id = %s AND m.status = 'active' WHERE e.currency_id = %s "
                   "AND e.created_at >= %s AND e.kind IN ('award', 'reversal') GROUP BY 1 ORDER BY 2 DESC LIMIT 20")
    accounts = dict(Account.objects.filter(kind="member").values_list("member_id", "pk"))
    rows = [
        ("weekly leaderboard", timed(lambda: leaderboard("week", currency=currency), 200),
         timed(lambda: naive(naive_week, [currency.pk, since]), 20)),
        ("weekly leaderboard, group", timed(lambda: leaderboard("week", currency=currency, group=group), 200),
         timed(lambda: naive(naive_group, [group.pk, currency.pk, since]), 20)),
        ("balance", timed(lambda: balance(random.choice(ids), currency), 1000),
         timed(lambda: naive("SELECT sum(amount) FROM rewards_posting WHERE account_id = %s",
                             [accounts[random.choice(ids)]]), 1000)),
    ]
    top = leaderboard("week", currency=currency, limit=3)
    assert top and top[0]["points"] >= top[-1]["points"]
    return rows


def _award_worker(args) -> tuple[int, float]:
    """Award to its own members (each with a new source), starting at the agreed moment: the time to
    start Python and Django is not counted. ``chunk`` > 0: that many awards per transaction, as the
    pending drain runs a burst (rewards.pending.run_chunk); 0: each award its own transaction."""
    start_id, count, start_at, chunk = args
    setup()
    from django.db import connections, transaction

    from community.models import Member
    from rewards.actions import award
    from rewards.models import Event

    members = list(Member.objects.order_by("pk")[start_id:start_id + count])
    time.sleep(max(0.0, start_at - time.time()))
    done = 0
    step = chunk or 1
    for first in range(0, len(members), step):
        with transaction.atomic():
            for i in range(first, min(first + step, len(members))):
                source = members[(i + 1) % len(members)]  # any row works as a source: a new one each time
                done += len(award(Event.COMMENT_APPROVED, members[i], source=source))
    finished = time.time()
    connections.close_all()
    return done, finished


def awards(processes: int, per_process: int, first: int = 0, chunk: int = 0) -> float:
    """Entries written per second through award(), ``processes`` at once, each its own members from
    ``first`` on (members no earlier run used, so every award is a new entry)."""
    from django.db import connections

    connections.close_all()
    start_at = time.time() + 8 + processes  # every worker has started Django by then
    jobs = [(first + i * per_process, per_process, start_at, chunk) for i in range(processes)]
    with multiprocessing.get_context("spawn").Pool(processes) as pool:
        results = pool.map(_award_worker, jobs)
    written = sum(done for done, _end in results)
    return written / (max(end for _done, end in results) - start_at)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=MEMBERS)
    parser.add_argument("--entries", type=int, default=ENTRIES)
    parser.add_argument("--awards", type=int, default=2000, help="awards per process in the throughput run")
    args = parser.parse_args()
    database = os.environ.get("DATABASE_URL", "")
    if not database.startswith("postgres"):
        print("bench/rewards needs PostgreSQL: set DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_rewards")
        return 2
    reset(database)
    setup()
    print(f"filling {args.entries:,} entries over {args.members:,} members:")
    made = fill(args.members, args.entries)
    print(f"\n{'read':28} {'ms p50':>8} {'ms p95':>8}   {'naive p50':>10} {'naive p95':>10} {'× naive p95':>12}")
    for label, (p50, p95), (n50, n95) in reads(made):
        print(f"{label:28} {p50:8.2f} {p95:8.2f}   {n50:10.2f} {n95:10.2f} {p95 / n95:12.3f}")
    cores = os.cpu_count() or 1
    from rewards.pending import CHUNK

    used = [0]  # every run awards members no earlier run used: each award a new entry, no cap reached

    def run(processes: int, per_process: int, chunk: int = 0) -> float:
        first, used[0] = used[0], used[0] + processes * per_process
        return awards(processes, per_process, first=first, chunk=chunk)

    single = run(1, args.awards)
    several = run(2 * cores, args.awards // 2)
    print(f"\nawards through the rule path, each its own transaction: {single:,.0f} entries/s in one process, "
          f"{several:,.0f} entries/s in {2 * cores} processes ({cores} cores)")
    batched = run(1, args.awards, chunk=CHUNK)
    batched_several = run(2 * cores, args.awards // 2, chunk=CHUNK)
    print(f"awards as the pending drain runs them ({CHUNK} per transaction): {batched:,.0f} entries/s in one "
          f"process, {batched_several:,.0f} entries/s in {2 * cores} processes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
