"""Earning: the rule path every reported event goes through (caps, dates, no points for yourself,
each event once), and reversals when what earned the points goes away."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from time import monotonic

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from ..models import Account, EarningRule, Entry
from . import missions
from .cards import draw, give_card
from .ledger import account_for, lock, locked_member, write
from .ranks import badges_after


def _day_start(at: datetime) -> datetime:
    local = timezone.localtime(at)
    return timezone.make_aware(datetime.combine(local.date(), time.min), local.tzinfo)


def award(event: str, member, *, source, actor=None, at: datetime | None = None, qualifier: str = "") -> list[Entry]:
    """Points for ``member`` under every active rule for ``event``; the entries written.

    ``source`` is what the points are for (a comment, an event); ``actor`` who caused it (the member
    who found a comment helpful): nobody earns from their own doing to themselves. ``qualifier``
    tells apart several awards for one source (one per member who found it helpful). The same
    (rule, source, qualifier, member) is counted once, even when reported twice at the same moment
    (the entry's unique key decides), and again only after its award was reversed.
    """
    if member is None or getattr(member, "left_at", None) or (actor is not None and actor.pk == member.pk):
        return []
    at = at or timezone.now()
    written = []
    source_type = ContentType.objects.get_for_model(type(source))
    for rule in active_rules(event, at):
        basis = f"award:{rule.pk}:{source_type.pk}:{source.pk}:{qualifier}:{member.pk}"
        # Its own transaction, or part of the caller's (a drained batch) without a savepoint: an error
        # rolls the caller's back, and the caller runs its lines again one by one.
        with transaction.atomic(savepoint=False):
            account = locked_member(rule.currency, member)  # caps are counted one writer at a time
            start = _day_start(at)
            cap = (rule.daily_cap, start, start + timedelta(days=1)) if rule.daily_cap is not None else None
            postings = [(account_for(rule.currency), -rule.points), (account, rule.points)]
            fields = {"kind": Entry.Kind.AWARD, "currency": rule.currency, "basis": basis, "qualifier": qualifier,
                      "member": member, "rule": rule, "source": source, "at": at, "memo": rule.name,
                      "postings": postings, "cap": cap}
            entry = write(key=basis, **fields)
            if entry is None:  # counted before: given again only after it was taken back (hidden, restored)
                last = (Entry.objects.filter(basis=basis, kind=Entry.Kind.AWARD).select_related("reversed_by")
                        .order_by("-pk").first())
                if last is not None and hasattr(last, "reversed_by"):
                    entry = write(key=f"{basis}:after:{last.reversed_by.pk}", **fields)
            if entry is not None:
                written.append(entry)
    if written:
        _after(member, written, at)
    return written


def _after(member, written: list[Entry], at: datetime) -> None:
    """What an award leads to: a card drawn by the rule, badges counted, missions completed."""
    for entry in written:
        if entry.rule.card_set_id:
            card = draw(entry.rule.card_set, entry.key)
            if card is not None:
                give_card(member, card, key=f"card:{entry.key}", at=at)
    badges_after(member, {e.rule.event for e in written})
    missions.after_awards(member, written, at)


# Rules per event, kept a few seconds in each process: every award asks, editors change them rarely.
RULES_SECONDS = 10
_rules: dict[str, tuple[float, list[EarningRule]]] = {}


def active_rules(event: str, at: datetime) -> list[EarningRule]:
    """The rules for ``event`` in force at ``at``. A change in the admin reaches every worker within
    RULES_SECONDS (at once in the process that saved it)."""
    kept = _rules.get(event)
    if kept is None or kept[0] < monotonic():
        rules = list(EarningRule.objects.filter(event=event, enabled=True).select_related("currency", "card_set"))
        kept = _rules[event] = (monotonic() + RULES_SECONDS, rules)
    return [r for r in kept[1] if (r.active_from is None or r.active_from <= at)
            and (r.active_until is None or r.active_until > at)]


def forget_rules(**kwargs) -> None:
    _rules.clear()


def reverse_awards(source, *, event: str | None = None, qualifier: str | None = None, member=None) -> list[Entry]:
    """Take back the awards made for ``source`` (those of one event, qualifier or member when given).

    The reversal is a new entry moving the same amounts back; it may leave a member below zero if the
    points were spent meanwhile (the books stay exact; spending never goes below zero)."""
    source_type = ContentType.objects.get_for_model(type(source))
    awards = Entry.objects.filter(kind=Entry.Kind.AWARD, source_type=source_type, source_id=str(source.pk),
                                  reversed_by__isnull=True)
    if event is not None:
        awards = awards.filter(rule__event=event)
    if member is not None:
        awards = awards.filter(member=member)
    if qualifier is not None:
        awards = awards.filter(qualifier=qualifier)
    undone = []
    for original in awards.select_related("currency", "member"):
        with transaction.atomic():
            postings = list(original.postings.select_related("account"))
            if original.member_id:
                lock(next(p.account for p in postings if p.account.kind == Account.Kind.MEMBER))
            entry = write(kind=Entry.Kind.REVERSAL, currency=original.currency, key=f"reverse:{original.pk}",
                          member=original.member, rule=original.rule, source=source,
                          reverses=original, memo=original.memo,
                          postings=[(p.account, -p.amount) for p in postings])
            if entry is not None:
                undone.append(entry)
    return undone


def check_in(member, event, code: str, *, at: datetime | None = None) -> list[Entry]:
    """A member at the event types its code: attendance points, once per event."""
    from django.utils.translation import gettext as _

    from ..checkin import is_open, matches
    from ..models import Event
    from .errors import RewardsError

    at = at or timezone.now()
    if not is_open(event, at):
        raise RewardsError(None, _("Check-in is open only while the event runs."), status=409)
    if not matches(event, code):
        raise RewardsError("code", _("That code is not this event's. Check the code shown at the event."))
    basis_taken = Entry.objects.filter(kind=Entry.Kind.AWARD, rule__event=Event.EVENT_ATTENDED, member=member,
                                       source_type=ContentType.objects.get_for_model(type(event)),
                                       source_id=str(event.pk), reversed_by__isnull=True).exists()
    if basis_taken:
        raise RewardsError(None, _("You have already checked in at this event."), status=409)
    return award(Event.EVENT_ATTENDED, member, source=event, at=at)
