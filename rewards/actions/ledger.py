"""Accounts, entries and balances: the double entry every other flow writes through."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
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


def account_for(currency: Currency, *, member=None, partner=None) -> Account:
    if member is not None:
        return _get_or_create({"currency": currency, "kind": Account.Kind.MEMBER, "member": member})
    if partner is not None:
        return _get_or_create({"currency": currency, "kind": Account.Kind.PARTNER, "partner": partner})
    return _get_or_create({"currency": currency, "kind": Account.Kind.ISSUER})


def lock(account: Account) -> Account:
    """The account's row, locked until the transaction ends: its balance is checked and moved by one
    writer at a time (caps, spending the last points)."""
    return Account.objects.select_for_update().get(pk=account.pk)


def write(*, kind: str, currency: Currency, key: str, postings: list[tuple[Account, int]], member=None,
          rule=None, source=None, reverses: Entry | None = None, memo: str = "", at=None, basis: str = "",
          qualifier: str = "") -> Entry | None:
    """One entry and its postings, or None when an entry with this key exists (the event was counted).

    Must run inside a transaction; the postings must sum to zero. Balances of member and partner
    accounts move with their postings in the same transaction.
    """
    if sum(amount for _account, amount in postings) != 0:
        raise ValueError("an entry's postings must balance")
    amount = sum(a for account, a in postings if member is not None and account.member_id == member.pk)
    fields = {"kind": kind, "currency": currency, "key": key, "member": member, "amount": amount, "rule": rule,
              "reverses": reverses, "memo": memo[:200], "created_at": at or timezone.now(), "basis": basis,
              "qualifier": qualifier}
    if source is not None:
        fields.update(source_type=ContentType.objects.get_for_model(type(source)), source_id=str(source.pk))
    try:
        with transaction.atomic():  # a savepoint: a duplicate key leaves the outer transaction usable
            entry = Entry.objects.create(**fields)
    except IntegrityError:
        if Entry.objects.filter(key=key).exists():
            return None
        raise
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
