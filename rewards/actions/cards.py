"""Cards: drawn from a set (rarer ones less often), given once per reason, gifted when duplicated, and
an album that shows the empty slots of each set. Completing a set gives the set's badge."""

from __future__ import annotations

import hashlib
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from community.models import Member

from ..models import RARITY_WEIGHT, Card, CardCopy, CardSet, Entry
from .errors import RewardsError
from .ledger import points, write
from .ranks import give_badge


def draw(card_set: CardSet, key: str) -> Card | None:
    """A card of the set, weighted by rarity, the same one for the same key (a retried award draws
    the card it drew the first time)."""
    cards = list(card_set.cards.order_by("number", "pk"))
    if not cards:
        return None
    weights = [RARITY_WEIGHT[c.rarity] for c in cards]
    roll = int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big") % sum(weights)
    for card, weight in zip(cards, weights, strict=True):
        if roll < weight:
            return card
        roll -= weight
    return cards[-1]


def give_card(member, card: Card, *, key: str, at: datetime | None = None, given_from=None) -> CardCopy | None:
    """A copy of ``card`` for ``member``, once per ``key``; None when that reason gave one already."""
    try:
        with transaction.atomic():
            copy = CardCopy.objects.create(card=card, member=member, key=key, obtained_at=at or timezone.now(),
                                           given_from=given_from)
    except IntegrityError:
        return None
    _complete_set(member, card.card_set_id)
    return copy


def _complete_set(member, set_id: int) -> None:
    card_set = CardSet.objects.filter(pk=set_id).select_related("badge").first()
    badge = getattr(card_set, "badge", None) if card_set else None
    if badge is None:
        return
    missing = Card.objects.filter(card_set_id=set_id).exclude(
        copies__member=member, copies__given_away_at__isnull=True).exists()
    if not missing:
        give_badge(member, badge)


def album(member, *, sets=None) -> list[dict]:
    """Each active set with every card in order: how many copies the member holds (0: an empty slot)."""
    sets = sets if sets is not None else CardSet.objects.filter(active=True)
    out = []
    for card_set in sets:
        cards = (card_set.cards.select_related("image").annotate(
            held=Count("copies", filter=Q(copies__member=member, copies__given_away_at__isnull=True)))
            .order_by("number", "pk"))
        slots = list(cards)
        out.append({"set": card_set, "slots": slots, "have": sum(1 for c in slots if c.held),
                    "complete": bool(slots) and all(c.held for c in slots)})
    return out


def gift(giver, card_id: int, handle: str, *, at: datetime | None = None) -> CardCopy:
    """Give a duplicate of a card to the member with ``handle``; the last copy of a card is kept."""
    at = at or timezone.now()
    receiver = Member.objects.filter(handle__iexact=(handle or "").strip().lstrip("@"), left_at__isnull=True).first()
    if receiver is None:
        raise RewardsError("handle", _("There is no member with this handle."))
    if receiver.pk == giver.pk:
        raise RewardsError("handle", _("Choose someone else: a gift goes to another member."))
    with transaction.atomic():
        held = list(CardCopy.objects.select_for_update().filter(member=giver, card_id=card_id,
                                                                given_away_at__isnull=True).order_by("obtained_at"))
        if len(held) < 2:
            raise RewardsError("card", _("You can give only a card you have twice or more."), status=409)
        copy = held[-1]
        copy.given_away_at = at
        copy.save(update_fields=["given_away_at"])
        new = CardCopy.objects.create(card_id=card_id, member=receiver, key=f"gift:{copy.pk}", obtained_at=at,
                                      given_from=giver)
        name = str(copy.card)
        for who, side, memo in ((giver, "out", _("gave %(card)s to @%(to)s") % {"card": name, "to": receiver.handle}),
                                (receiver, "in", _("%(card)s from @%(from)s") % {"card": name,
                                                                                "from": giver.handle or giver.pk})):
            write(kind=Entry.Kind.GIFT, currency=points(), key=f"gift:{copy.pk}:{side}", member=who, source=new,
                  memo=memo, at=at, postings=[])
    _complete_set(receiver, copy.card.card_set_id)
    return new
