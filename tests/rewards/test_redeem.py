"""Redeeming: points for a coupon in one transaction; never below zero, never past the stock or a
member's limit, even when several ask at once; a coupon is taken once, before it expires."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.utils import timezone

from community.models import Comment, Thread
from rewards.actions import RewardsError, award, balance, books_balance, leaderboard, points, redeem, use_coupon
from rewards.models import Coupon, Event, Reward
from shop_wizard.models import Partner

pytestmark = pytest.mark.django_db


def rich(member, article, times):
    thread, _made = Thread.objects.get_or_create(page=article)
    for _ in range(times):
        award(Event.COMMENT_APPROVED, member, source=Comment.objects.create(thread=thread, author=member, body="x",
                                                                           html="x"))
    return member


def test_a_member_redeems_a_reward_for_a_coupon_and_the_board_keeps_their_place(person, article):
    mina = person("mina")
    rich(mina.member, article, 4)
    mug = Reward.objects.create(name="머그컵", name_en="Mug", price=15, currency=points(), stock=3, per_member=1)
    page = mina.post(f"/rewards/{mug.pk}/redeem/", follow=True).content.decode()
    coupon = Coupon.objects.get(member=mina.member)
    assert coupon.code in page and "쿠폰 코드" in page
    assert balance(mina.member) == 5 and Reward.objects.get(pk=mug.pk).stock == 2
    assert leaderboard("week", currency=points())[0]["points"] == 20  # spending never lowers a place
    assert books_balance(points())["balanced"]
    again = mina.post(f"/api/rewards/catalogue/{mug.pk}/redeem/", content_type="application/json",
                      HTTP_ACCEPT_LANGUAGE="ko")
    assert again.status_code == 409 and again.json()["errors"][0]["field"] == "reward"
    assert Coupon.objects.count() == 1 and balance(mina.member) == 5


def test_not_enough_points_is_refused_in_the_members_language_and_nothing_is_written(person, article):
    mina = person("mina")
    rich(mina.member, article, 1)
    mug = Reward.objects.create(name="머그컵", name_en="Mug", price=15, currency=points())
    refused = mina.post(f"/api/rewards/catalogue/{mug.pk}/redeem/", content_type="application/json",
                        HTTP_ACCEPT_LANGUAGE="ko")
    assert refused.status_code == 409 and "15포인트가 필요합니다" in refused.json()["errors"][0]["message"]
    english = mina.post(f"/api/rewards/catalogue/{mug.pk}/redeem/", content_type="application/json",
                        HTTP_ACCEPT_LANGUAGE="en")
    assert "You need 15 points; you have 5." == english.json()["errors"][0]["message"]
    assert not Coupon.objects.exists() and balance(mina.member) == 5
    assert mina.post("/api/rewards/catalogue/999999/redeem/", content_type="application/json").status_code == 404


def test_a_partners_reward_pays_the_partner_and_staff_take_the_coupon_once(person, article):
    mina, boss = person("mina"), person("boss", staff=True)
    rich(mina.member, article, 3)
    cafe = Partner.objects.create(name="동네 카페", name_en="Corner cafe")
    coffee = Reward.objects.create(name="커피", price=10, currency=points(), partner=cafe)
    coupon = redeem(mina.member, coffee.pk)
    assert cafe.reward_accounts.get().balance == 10 and books_balance(points())["balanced"]
    assert mina.post("/api/rewards/coupons/use/", {"code": coupon.code},
                     content_type="application/json").status_code == 403
    used = boss.post("/api/rewards/coupons/use/", {"code": coupon.code.lower()}, content_type="application/json")
    assert used.status_code == 200 and used.json()["used_at"]
    twice = boss.post("/api/rewards/coupons/use/", {"code": coupon.code}, content_type="application/json",
                      HTTP_ACCEPT_LANGUAGE="ko")
    assert twice.status_code == 409 and "사용" in twice.json()["errors"][0]["message"]
    old = redeem(mina.member, Reward.objects.create(name="스티커", price=5, currency=points()).pk)
    Coupon.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    with pytest.raises(RewardsError):
        use_coupon(old.code)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_last_item_and_the_last_points_go_to_exactly_one_request(person, article):
    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL): SQLite serialises writers anyway")
    people = [person(f"p{n}").member for n in range(8)]
    for member in people:
        rich(member, article, 4)
    last = Reward.objects.create(name="마지막 하나", price=10, currency=points(), stock=1)
    one, other = (Reward.objects.create(name=f"보상 {n}", price=15, currency=points()) for n in range(2))
    barrier, results, reasons = threading.Barrier(8), [], []

    def attempt(member, reward):
        barrier.wait()
        try:
            redeem(member, reward.pk)
            results.append("ok")
        except RewardsError as problem:
            results.append("refused")
            reasons.append(problem.message)
        finally:
            connections.close_all()

    def race(pairs):
        results.clear()
        threads = [threading.Thread(target=attempt, args=pair) for pair in pairs]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        return sorted(results)

    assert race([(m, last) for m in people]) == ["ok"] + ["refused"] * 7, (reasons, [balance(m) for m in people])
    assert Reward.objects.get(pk=last.pk).stock == 0
    spender = next(m for m in people if balance(m) == 20)  # not the one who took the last item: one 15, not two
    outcome = race([(spender, one if n % 2 else other) for n in range(8)])
    assert outcome.count("ok") == 1 and balance(spender) >= 0
    assert books_balance(points())["balanced"]


def test_a_double_click_or_a_retried_request_redeems_once(person, article):
    import re

    mina = person("mina")
    rich(mina.member, article, 4)
    mug = Reward.objects.create(name="머그컵", price=5, currency=points(), stock=5, per_member=3)
    page = mina.get("/rewards/").content.decode()
    once = re.search(rf'name="once" value="([^"]+-{mug.pk})"', page).group(1)
    for _click in range(2):
        mina.post(f"/rewards/{mug.pk}/redeem/", {"once": once})
    assert Coupon.objects.filter(member=mina.member).count() == 1 and balance(mina.member) == 15

    def api(key):
        return mina.post(f"/api/rewards/catalogue/{mug.pk}/redeem/", content_type="application/json",
                         HTTP_IDEMPOTENCY_KEY=key)

    first, again = api("retry-1"), api("retry-1")
    assert (first.status_code, again.status_code) == (201, 201) and first.json()["code"] == again.json()["code"]
    assert Coupon.objects.filter(member=mina.member).count() == 2 and balance(mina.member) == 10
    Reward.objects.filter(pk=mug.pk).update(stock=0)
    late = api("retry-1")  # the answer was lost; the stock ran out since: still the first answer
    assert late.status_code == 201 and late.json()["code"] == first.json()["code"]
    assert api("retry-2").status_code == 409 and balance(mina.member) == 10
