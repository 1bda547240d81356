"""Accounts, entries and balances: the double entry every other flow writes through."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone

from ..models import Account, Currency, Entry, Posting, Standing
from .standings import record, standings_rows

POINTS = "points"


def points() -> Currency:
    """The platform's own points (made on first need, so a fresh site can award at once)."""
    currency, _made = Currency.objects.get_or_create(code=POINTS, defaults={"name": "포인트", "name_en": "Points"})
    return currency


def _get_or_create(lookup: dict) -> Account:
    account = Account.objects.filter(**lookup).first()
    if account is not None:
        return account
    try:
        with transaction.atomic():
            return Account.objects.create(**lookup)
    except IntegrityError:  # made by another request meanwhile
        return Account.objects.get(**lookup)


_issuers: dict[int, Account] = {}  # currency id → the platform's account: one row, never changes


def account_for(currency: Currency, *, member=None, partner=None) -> Account:
    if member is not None:
        return _get_or_create({"currency": currency, "kind": Account.Kind.MEMBER, "member": member})
    if partner is not None:
        return _get_or_create({"currency": currency, "kind": Account.Kind.PARTNER, "partner": partner})
    issuer = _issuers.get(currency.pk)
    if issuer is None:
        issuer = _get_or_create({"currency": currency, "kind": Account.Kind.ISSUER})
        # Kept once its row is committed: a row made in a transaction that rolls back must not be remembered.
        transaction.on_commit(lambda: _issuers.setdefault(currency.pk, issuer))
    return issuer


def forget() -> None:
    """Tests: a rolled-back database reuses ids."""
    _issuers.clear()


def lock(account: Account) -> Account:
    """The account's row, locked until the transaction ends: its balance is checked and moved by one
    writer at a time (caps, spending the last points)."""
    return Account.objects.select_for_update().get(pk=account.pk)


def locked_member(currency: Currency, member) -> Account:
    """The member's account, locked until the transaction ends, read in one raw round trip (every award
    takes it first; made first if it is their first account)."""
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    sql = (f"SELECT id, balance FROM {Account._meta.db_table} "  # noqa: S608 - our own table name
           f"WHERE currency_id = %s AND kind = 'member' AND member_id = %s{lock}")
    for _attempt in range(2):
        with connection.cursor() as cursor:
            cursor.execute(sql, [currency.pk, member.pk])
            row = cursor.fetchone()
        if row is not None:
            return Account(pk=row[0], balance=row[1], currency=currency, kind=Account.Kind.MEMBER, member=member)
        account_for(currency, member=member)  # their first: made, then read locked
    raise RuntimeError("the member's account could not be read")


_ENTRY_COLUMNS = ("kind", "currency_id", "key", "basis", "qualifier", "member_id", "amount", "rule_id", "reverses_id",
                  "memo", "created_at", "source_type_id", "source_id")


def write(*, kind: str, currency: Currency, key: str, postings: list[tuple[Account, int]], member=None,
          rule=None, source=None, reverses: Entry | None = None, memo: str = "", at=None, basis: str = "",
          qualifier: str = "", cap: tuple | None = None) -> Entry | None:
    """One entry and its postings, or None when an entry with this key exists (the event was counted)
    or, with ``cap`` = (limit, since, until), when ``rule`` already gave ``member`` that many awards in
    [since, until) (counted by the same statement, so a writer that waited on the member's account
    lock counts what the one before it wrote).

    Must run inside a transaction; the postings must sum to zero. Balances of member and partner
    accounts move with their postings in the same transaction, and the leaderboard standings with
    an award or a reversal. The entry goes in with ``ON CONFLICT DO NOTHING``: a duplicate is answered
    by the database, with no savepoint around every award. On PostgreSQL the entry, its postings, the
    balances and the standings are one statement (data-modifying CTEs that act only if the entry went
    in): one round trip per award instead of four.
    """
    if sum(amount for _account, amount in postings) != 0:
        raise ValueError("an entry's postings must balance")
    amount = sum(a for account, a in postings if member is not None and account.member_id == member.pk)
    source_type_id = ContentType.objects.get_for_model(type(source)).pk if source is not None else None
    at = at or timezone.now()
    values = [kind, currency.pk, key, basis, qualifier, member.pk if member is not None else None, amount,
              rule.pk if rule is not None else None, reverses.pk if reverses is not None else None, memo[:200],
              connection.ops.adapt_datetimefield_value(at), source_type_id,
              str(source.pk) if source is not None else ""]
    entry = Entry(kind=kind, currency=currency, key=key, basis=basis, qualifier=qualifier, member=member,
                  amount=amount, rule=rule, reverses=reverses, memo=memo[:200], created_at=at,
                  source_type_id=source_type_id, source_id=str(source.pk) if source is not None else "")
    moved = [(account.pk, a) for account, a in postings if account.kind != Account.Kind.ISSUER and a]
    cap_params = [rule.pk, member.pk, connection.ops.adapt_datetimefield_value(cap[1]),
                  connection.ops.adapt_datetimefield_value(cap[2]), cap[0]] if cap else []
    if connection.vendor == "postgresql":
        entry.pk = _write_at_once(values, postings, moved, standings_rows(entry), cap_params)
        return entry if entry.pk is not None else None
    if cap and Entry.objects.filter(rule=rule, member=member, kind=Entry.Kind.AWARD, created_at__gte=cap[1],
                                    created_at__lt=cap[2]).count() >= cap[0]:
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {Entry._meta.db_table} ({', '.join(_ENTRY_COLUMNS)}) "  # noqa: S608 - our own names
            f"VALUES ({', '.join(['%s'] * len(_ENTRY_COLUMNS))}) ON CONFLICT DO NOTHING RETURNING id", values)
        row = cursor.fetchone()
    if row is None:
        return None
    entry.pk = row[0]
    Posting.objects.bulk_create([Posting(entry=entry, account=account, amount=a) for account, a in postings])
    for account_id, a in moved:
        Account.objects.filter(pk=account_id).update(balance=models.F("balance") + a)
    record(entry)
    return entry


def _write_at_once(values: list, postings: list[tuple[Account, int]], moved: list[tuple[int, int]],
                   standing: list[tuple], cap_params: list) -> int | None:
    entries, posts, accounts = Entry._meta.db_table, Posting._meta.db_table, Account._meta.db_table
    params = list(values) + cap_params
    capped = (f"WHERE (SELECT count(*) FROM {entries} x WHERE x.rule_id = %s AND x.member_id = %s "  # noqa: S608
              f"AND x.kind = 'award' AND x.created_at >= %s AND x.created_at < %s) < %s ") if cap_params else ""
    parts = [f"e AS (INSERT INTO {entries} ({', '.join(_ENTRY_COLUMNS)}) "  # noqa: S608 - our own table names
             f"SELECT {', '.join(['%s'] * len(_ENTRY_COLUMNS))} {capped}ON CONFLICT DO NOTHING RETURNING id)"]
    if postings:
        parts.append(f"p AS (INSERT INTO {posts} (entry_id, account_id, amount) SELECT e.id, v.a, v.n FROM e, "  # noqa: S608 - our own table names
                     f"(VALUES {', '.join(['(%s::bigint, %s::bigint)'] * len(postings))}) AS v(a, n))")
        params += [x for account, a in postings for x in (account.pk, a)]
    if moved:
        parts.append(f"b AS (UPDATE {accounts} SET balance = {accounts}.balance + v.n FROM e, "  # noqa: S608 - our own table names
                     f"(VALUES {', '.join(['(%s::bigint, %s::bigint)'] * len(moved))}) AS v(a, n) "
                     f"WHERE {accounts}.id = v.a)")
        params += [x for pair in moved for x in pair]
    if standing:
        table = Standing._meta.db_table
        parts.append(f"s AS (INSERT INTO {table} (member_id, currency_id, period, starts, points) "  # noqa: S608 - our own table names
                     f"SELECT v.m, v.c, v.p, v.d, v.n FROM e, "
                     f"(VALUES {', '.join(['(%s::bigint, %s::bigint, %s, %s::date, %s::bigint)'] * len(standing))})"
                     f" AS v(m, c, p, d, n) ON CONFLICT (member_id, currency_id, period, starts) "
                     f"DO UPDATE SET points = {table}.points + excluded.points)")
        params += [x for row in standing for x in row]
    with connection.cursor() as cursor:
        cursor.execute(f"WITH {', '.join(parts)} SELECT id FROM e", params)  # noqa: S608 - our own names
        row = cursor.fetchone()
    return row[0] if row else None


def balance(member, currency: Currency | None = None) -> int:
    """A member's balance: one row read (the account keeps the sum of its postings)."""
    currency = currency or points()
    return Account.objects.filter(currency=currency, kind=Account.Kind.MEMBER, member=member).values_list(
        "balance", flat=True).first() or 0


def history(member, currency: Currency | None = None):
    """The member's entries, newest first (a queryset, for paging)."""
    currency = currency or points()
    return Entry.objects.filter(member=member, currency=currency).select_related("rule").order_by("-created_at", "-pk")


def books_balance(currency: Currency) -> dict:
    """The books of one currency: the postings sum to zero, and every kept balance is its postings' sum."""
    total = Posting.objects.filter(entry__currency=currency).aggregate(s=models.Sum("amount"))["s"] or 0
    kept = (Account.objects.filter(currency=currency).exclude(kind=Account.Kind.ISSUER)
            .annotate(summed=models.Sum("postings__amount")).values_list("pk", "balance", "summed"))
    wrong = [pk for pk, balance, summed in kept if balance != (summed or 0)]
    return {"total": total, "accounts_off": wrong, "balanced": total == 0 and not wrong}
