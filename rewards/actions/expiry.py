"""Points that expire: a rule may say its awards expire after some days. What is left of an award by
then expires, with the oldest points taken first by spending (first in, first out), so a member who
spent their old points loses nothing, and a balance never goes below zero by expiring."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone

from ..models import Account, EarningRule, Entry
from .ledger import account_for, write

SPENT = (Entry.Kind.REDEMPTION, Entry.Kind.EXPIRY, Entry.Kind.ACCEPT)


def expire_due(at: datetime | None = None) -> int:
    """Expire what is due at ``at`` for every member with a due award; the entries written."""
    at = at or timezone.now()
    due = Q()
    rules = list(EarningRule.objects.filter(expires_after_days__isnull=False))
    for rule in rules:
        due |= Q(rule=rule, created_at__lt=at - timedelta(days=rule.expires_after_days))
    if not rules:
        return 0
    members = (Entry.objects.filter(due, kind=Entry.Kind.AWARD, reversed_by__isnull=True)
               .exclude(member__isnull=True).values_list("member_id", "currency_id").distinct())
    written = 0
    for member_id, currency_id in members:
        written += expire_member(member_id, currency_id, at)
    return written


def expire_member(member_id: int, currency_id: int, at: datetime) -> int:
    with transaction.atomic():
        account = Account.objects.select_for_update().filter(kind=Account.Kind.MEMBER, member_id=member_id,
                                                             currency_id=currency_id).first()
        if account is None:
            return 0
        spent = -(Entry.objects.filter(member_id=member_id, currency_id=currency_id, kind__in=SPENT)
                  .aggregate(s=Sum("amount"))["s"] or 0)
        expired = set(Entry.objects.filter(member_id=member_id, currency_id=currency_id, kind=Entry.Kind.EXPIRY)
                      .values_list("key", flat=True))
        awards = (Entry.objects.filter(member_id=member_id, currency_id=currency_id, kind=Entry.Kind.AWARD,
                                       reversed_by__isnull=True)
                  .select_related("rule", "currency", "member").order_by("created_at", "pk"))
        earlier, written, left = 0, 0, account.balance
        for award in awards:
            consumed = min(award.amount, max(0, spent - earlier))  # spending took the oldest points first
            earlier += award.amount
            rule = award.rule
            if rule is None or rule.expires_after_days is None or \
                    award.created_at >= at - timedelta(days=rule.expires_after_days):
                continue
            key = f"expire:{award.pk}"
            amount = min(award.amount - consumed, left)
            if key in expired or amount <= 0:
                continue
            entry = write(kind=Entry.Kind.EXPIRY, currency=award.currency, key=key, member=award.member,
                          rule=rule, source=award, memo=rule.name, at=at,
                          postings=[(account, -amount), (account_for(award.currency), amount)])
            if entry is not None:
                spent += amount
                left -= amount
                written += 1
    return written
