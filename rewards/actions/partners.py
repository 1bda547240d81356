"""The shared currency (e.g. 도토리): partner businesses issue it to members and accept it as payment.

Every movement is one entry of two postings, the partner's account and the member's, so the books of
the currency always sum to zero. A partner's balance is what it has accepted less what it has issued:
below zero it owes the network (members hold currency it issued), above zero the network owes it.
The settlement report reads those postings for a period."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community.models import Member

from .. import paycode
from ..models import Account, Currency, Entry, Posting
from .errors import RewardsError
from .ledger import account_for, locked_member, write

MAX_AMOUNT = 1_000_000  # one movement: a typo at a till (an extra 0 or three) is refused, not booked


def shared_currency(code: str) -> Currency:
    currency = Currency.objects.filter(code=code).first()
    if currency is None:
        raise RewardsError("currency", _("There is no currency called %(code)s.") % {"code": code[:20]})
    if currency.kind != Currency.Kind.SHARED:
        raise RewardsError("currency", _("Partners issue and accept only a shared currency, not %(name)s.")
                           % {"name": currency.name})
    return currency


def _check_amount(amount: int) -> None:
    if not 1 <= amount <= MAX_AMOUNT:
        raise RewardsError("amount", _("The amount must be between 1 and %(max)d.") % {"max": MAX_AMOUNT})


def _check_reference(reference: str) -> str:
    reference = (reference or "").strip()
    if not reference or len(reference) > 40:
        raise RewardsError("reference", _("Give the till's own reference for this movement (1 to 40 characters), "
                                          "so a retry is not booked twice."))
    return reference


def _member(member_id: int) -> Member:
    member = Member.objects.filter(pk=member_id, left_at__isnull=True).first()
    if member is None:
        raise RewardsError("code", _("This pay code is wrong or has expired. Ask the member to show a new one."))
    return member


def _again(key: str, partner, member, amount: int, kind: str, reference: str) -> Entry:
    """A key already booked: the same movement sent again (a till's retry) gets the first booking."""
    entry = Entry.objects.filter(key=key).first()
    same = (entry is not None and entry.kind == kind and entry.member_id == member.pk and abs(entry.amount) == amount
            and entry.qualifier == reference
            and entry.postings.filter(account__partner=partner).exists())
    if not same:
        message = (_("This pay code has been used. Ask the member to show a new one.") if kind == Entry.Kind.ACCEPT
                   else _("This reference was already used for a different movement."))
        raise RewardsError("code" if kind == Entry.Kind.ACCEPT else "reference", message, status=409)
    return entry


def issue(partner, member, amount: int, *, currency: Currency, reference: str, memo: str = "",
          at: datetime | None = None) -> Entry:
    """The partner gives a member ``amount`` of the shared currency. Once per partner reference."""
    _check_amount(amount)
    reference = _check_reference(reference)
    if currency.kind != Currency.Kind.SHARED:
        raise RewardsError("currency", _("Partners issue and accept only a shared currency, not %(name)s.")
                           % {"name": currency.name})
    if member.left_at is not None:
        raise RewardsError("member", _("This member has left."))
    key = f"issue:{partner.pk}:{reference}"
    with transaction.atomic():
        entry = write(kind=Entry.Kind.ISSUE, currency=currency, key=key, member=member, source=partner,
                      qualifier=reference, memo=memo or str(partner), at=at,
                      postings=[(account_for(currency, partner=partner), -amount),
                                (account_for(currency, member=member), amount)])
    return entry if entry is not None else _again(key, partner, member, amount, Entry.Kind.ISSUE, reference)


def issue_by_code(partner, code: str, amount: int, *, currency: Currency, reference: str, memo: str = "",
                  at: datetime | None = None) -> Entry:
    read = paycode.read(code, at)
    if read is None:
        raise RewardsError("code", _("This pay code is wrong or has expired. Ask the member to show a new one."))
    return issue(partner, _member(read[0]), amount, currency=currency, reference=reference, memo=memo, at=at)


def accept(partner, code: str, amount: int, *, currency: Currency, reference: str, memo: str = "",
           at: datetime | None = None) -> Entry:
    """A member pays the partner ``amount`` by showing their pay code: once per code, never below zero."""
    _check_amount(amount)
    reference = _check_reference(reference)
    read = paycode.read(code, at)
    if read is None:
        raise RewardsError("code", _("This pay code is wrong or has expired. Ask the member to show a new one."))
    member = _member(read[0])
    key = f"pay:{member.pk}:{read[1]}:{code.strip()[-6:]}"
    with transaction.atomic():
        account = locked_member(currency, member)  # the last coins go to one payment
        if Entry.objects.filter(key=key).exists():
            return _again(key, partner, member, amount, Entry.Kind.ACCEPT, reference)
        if account.balance < amount:
            raise RewardsError("amount", _("The member has %(balance)d %(name)s, less than %(amount)d.")
                               % {"balance": account.balance, "name": currency.name, "amount": amount}, status=409)
        entry = write(kind=Entry.Kind.ACCEPT, currency=currency, key=key, member=member, source=partner,
                      qualifier=reference, memo=memo or str(partner), at=at,
                      postings=[(account, -amount), (account_for(currency, partner=partner), amount)])
    return entry


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return (timezone.make_aware(datetime.combine(start, time.min), tz),
            timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min), tz))


def settlement(partner, currency: Currency, start: date, end: date) -> dict:
    """The partner's movements from ``start`` to ``end`` (whole days, site time), what it issued and
    accepted in them, and what is outstanding at the end. Members appear by number, never by name."""
    if end < start:
        raise RewardsError("end", _("The end date is before the start date."))
    since, until = _bounds(start, end)
    account = Account.objects.filter(currency=currency, kind=Account.Kind.PARTNER, partner=partner).first()
    postings = (Posting.objects.filter(account=account, entry__created_at__gte=since, entry__created_at__lt=until)
                .select_related("entry").order_by("entry__created_at", "entry_id")) if account else []
    lines, issued, accepted = [], 0, 0
    for posting in postings:
        entry = posting.entry
        if posting.amount < 0:
            issued -= posting.amount
        else:
            accepted += posting.amount
        lines.append({"time": timezone.localtime(entry.created_at), "kind": entry.kind, "entry": entry.pk,
                      "member": f"M{entry.member_id}" if entry.member_id else "", "amount": posting.amount,
                      "reference": entry.qualifier, "memo": entry.memo})
    held = 0
    if account is not None:
        held = Posting.objects.filter(account=account, entry__created_at__lt=until).aggregate(
            s=models.Sum("amount"))["s"] or 0
    return {"partner": partner, "currency": currency, "start": start, "end": end, "lines": lines,
            "issued": issued, "accepted": accepted, "net": accepted - issued, "outstanding": -held}


def books(currency: Currency) -> list[dict]:
    """Every partner's totals in one currency, all time: issued, accepted, outstanding."""
    rows = (Posting.objects.filter(account__currency=currency, account__kind=Account.Kind.PARTNER)
            .values("account__partner_id", "account__partner__name")
            .annotate(issued=models.Sum("amount", filter=models.Q(amount__lt=0)),
                      accepted=models.Sum("amount", filter=models.Q(amount__gt=0)))
            .order_by("account__partner__name"))
    return [{"partner_id": r["account__partner_id"], "partner": r["account__partner__name"],
             "issued": -(r["issued"] or 0), "accepted": r["accepted"] or 0,
             "outstanding": -(r["issued"] or 0) - (r["accepted"] or 0)} for r in rows]
