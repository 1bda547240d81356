"""Redeeming: points for a reward, a coupon for the member, in one transaction.

The reward's row and the member's account are locked in that order (every redemption takes them in
the same order, so two never wait on each other), so the last item of stock and the last points go
to exactly one request; the points go back to the issuer (or the partner that sells the reward)."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Coupon, Entry, Reward
from .errors import RewardsError
from .ledger import account_for, locked_member, write
from .ranks import holds_rank

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def _code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def redeem(member, reward_id: int, *, request_key: str = "") -> Coupon:
    """``request_key`` names the request (the form's one-time field, an API Idempotency-Key): sent
    twice (a double click, a retry after a lost answer) it redeems once and answers with the same coupon."""
    request_key = "".join(ch for ch in request_key if ch.isalnum() or ch in "-_")[:64]
    with transaction.atomic():
        reward = (Reward.objects.select_for_update(of=("self",)).select_related("currency", "min_rank")
                  .filter(pk=reward_id, active=True).first())  # its row only
        if reward is None:
            raise RewardsError("reward", _("This reward is not available."), status=404)
        account = locked_member(reward.currency, member)
        key = f"redeem:{reward.pk}:{member.pk}:{request_key or secrets.token_hex(8)}"
        if request_key:  # asked again: the first answer, even if the stock ran out since
            done = Coupon.objects.filter(entry__key=key).select_related("reward").first()
            if done is not None:
                return done
        if reward.stock is not None and reward.stock < 1:
            raise RewardsError("reward", _("This reward is out of stock."), status=409)
        if reward.min_rank_id and not holds_rank(member, reward.min_rank):
            raise RewardsError("reward", _("This reward is for members of rank %(rank)s and above.")
                               % {"rank": reward.min_rank.name}, status=403)
        if account.balance < reward.price:
            message = _("You need %(price)d points; you have %(balance)d.") if reward.currency.code == "points" \
                else _("You need %(price)d %(name)s; you have %(balance)d.")
            raise RewardsError("reward", message % {"price": reward.price, "balance": account.balance,
                                                    "name": reward.currency.name}, status=409)
        if reward.per_member is not None and Coupon.objects.filter(reward=reward, member=member).count() \
                >= reward.per_member:
            raise RewardsError("reward", _("You have already redeemed this reward as often as it allows."),
                               status=409)
        payee = account_for(reward.currency, partner=reward.partner) if reward.partner_id else \
            account_for(reward.currency)
        now = timezone.now()
        entry = write(kind=Entry.Kind.REDEMPTION, currency=reward.currency, member=member, source=reward, at=now,
                      key=key, memo=reward.name,
                      postings=[(account, -reward.price), (payee, reward.price)])
        return _coupon(reward, member, entry, now)


def _coupon(reward: Reward, member, entry: Entry, now) -> Coupon:
    if reward.stock is not None:
        Reward.objects.filter(pk=reward.pk).update(stock=reward.stock - 1)
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return Coupon.objects.create(reward=reward, member=member, code=_code(), entry=entry,
                                             expires_at=now + timedelta(days=reward.valid_days))
        except IntegrityError:  # a code drawn twice (1 in 32^12): draw again
            continue
    raise RewardsError(None, _("Please try again."), status=409)


def grant(member, reward: Reward, *, key: str, memo: str = "") -> Coupon | None:
    """A coupon for ``reward`` given, not bought (a mission's prize), once per ``key``: its stock is
    used, no points move; None when the key gave one already or the stock is out."""
    with transaction.atomic():
        locked = Reward.objects.select_for_update(of=("self",)).select_related("currency").get(pk=reward.pk)
        if locked.stock is not None and locked.stock < 1:
            return None
        now = timezone.now()
        entry = write(kind=Entry.Kind.REDEMPTION, currency=locked.currency, member=member, source=locked, at=now,
                      key=f"grant:{key}", memo=memo or locked.name, postings=[])
        return _coupon(locked, member, entry, now) if entry is not None else None


def use_coupon(code: str) -> Coupon:
    """Staff (or a partner's till) take a coupon: once, before it expires."""
    cleaned = code.strip().upper()
    with transaction.atomic():
        coupon = Coupon.objects.select_for_update().filter(code=cleaned).first()
        if coupon is None:
            raise RewardsError("code", _("There is no coupon with this code."), status=404)
        if coupon.used_at is not None:
            raise RewardsError("code", _("This coupon was used on %(when)s.")
                               % {"when": timezone.localtime(coupon.used_at).strftime("%Y-%m-%d %H:%M")}, status=409)
        if coupon.expires_at <= timezone.now():
            raise RewardsError("code", _("This coupon has expired."), status=409)
        coupon.used_at = timezone.now()
        coupon.save(update_fields=["used_at"])
    return coupon
