"""Accounts, entries and balances: the double entry every other flow writes through."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone

from ..models import Account, Currency, Entry, Posting
from .standings import record

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
        issuer = _issuers[currency.pk] = _get_or_create({"currency": currency, "kind": Account.Kind.ISSUER})
    return issuer


def forget() -> None:
    """Tests: a rolled-back database reuses ids."""
    _issuers.clear()


def lock(account: Account) -> Account:
    """The account's row, locked until the transaction ends: its balance is checked and moved by one
    writer at a time (caps, spending the last points)."""
    return Account.objects.select_for_update().get(pk=account.pk)


def locked_member_account(currency: Currency, member) -> Account:
    """The member's account, locked, in one query (made first if it is their first)."""
    found = Account.objects.select_for_update().filter(currency=currency, kind=Account.Kind.MEMBER,
                                                       member=member).first()
    return found if found is not None else lock(account_for(currency, member=member))


_ENTRY_COLUMNS = ("kind", "currency_id", "key", "basis", "qualifier", "member_id", "amount", "rule_id", "reverses_id",
                  "memo", "created_at", "source_type_id", "source_id")


def write(*, kind: str, currency: Currency, key: str, postings: list[tuple[Account, int]], member=None,
          rule=None, source=None, reverses: Entry | None = None, memo: str = "", at=None, basis: str = "",
          qualifier: str = "") -> Entry | None:
    """One entry and its postings, or None when an entry with this key exists (the event was counted).

    Must run inside a transaction; the postings must sum to zero. Balances of member and partner
    accounts move with their postings in the same transaction. The entry goes in with ``ON CONFLICT
    DO NOTHING`` (PostgreSQL and SQLite): a duplicate is answered by the database in the same round
    trip, with no savepoint to set and release around every award.
    """
    if sum(amount for _account, amount in postings) != 0:
        raise ValueError("an entry's postings must balance")
    amount = sum(a for account, a in postings if member is not None and account.member_id == member.pk)
    source_type_id = ContentType.objects.get_for_model(type(source)).pk if source is not None else None
    at = at or timezone.now()
    values = (kind, currency.pk, key, basis, qualifier, member.pk if member is not None else None, amount,
              rule.pk if rule is not None else None, reverses.pk if reverses is not None else None, memo[:200],
              connection.ops.adapt_datetimefield_value(at), source_type_id,
              str(source.pk) if source is not None else "")
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {Entry._meta.db_table} ({', '.join(_ENTRY_COLUMNS)}) "  # noqa: S608 - our own names
            f"VALUES ({', '.join(['%s'] * len(_ENTRY_COLUMNS))}) ON CONFLICT DO NOTHING RETURNING id", values)
        row = cursor.fetchone()
    if row is None:
        return None
    entry = Entry(pk=row[0], kind=kind, currency=currency, key=key, basis=basis, qualifier=qualifier, member=member,
                  amount=amount, rule=rule, reverses=reverses, memo=memo[:200], created_at=at,
                  source_type_id=source_type_id, source_id=str(source.pk) if source is not None else "")
    Posting.objects.bulk_create([Posting(entry=entry, account=account, amount=a) for account, a in postings])
    for account, a in postings:
        if account.kind != Account.Kind.ISSUER and a:
            Account.objects.filter(pk=account.pk).update(balance=models.F("balance") + a)
    record(entry)
    return entry


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
