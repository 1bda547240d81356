"""The shared currency: partners issue it and accept it through their token, a pay code pays once,
a member never goes below zero, a partner sees only its own books, and the settlement adds up."""

from __future__ import annotations

import csv
import io
import itertools
import threading
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Sum
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from community.models import Comment, Thread
from rewards import paycode
from rewards.actions import (
    RewardsError,
    accept,
    award,
    balance,
    books,
    books_balance,
    issue,
    points,
    redeem,
    reverse_awards,
    settlement,
)
from rewards.models import Currency, Entry, Event, PartnerToken, Reward
from rewards.models.partners import token_hash
from shop_wizard.models import Partner

pytestmark = pytest.mark.django_db


@pytest.fixture
def dotori(db):
    return Currency.objects.get_or_create(code="dotori", defaults={"name": "도토리", "name_en": "Acorns",
                                                                   "kind": Currency.Kind.SHARED})[0]


def till(partner, raw="tok-" + "x" * 30):
    PartnerToken.objects.create(partner=partner, name="till", digest=token_hash(raw), prefix=raw[:8])
    client = Client(HTTP_X_PARTNER_TOKEN=raw, HTTP_ACCEPT_LANGUAGE="ko")
    return client


def post(client, path, **body):
    return client.post(f"/api/rewards/partner/{path}/", body, content_type="application/json")


def test_a_partner_issues_and_accepts_through_its_till_and_a_retry_books_once(person, dotori):
    cafe = Partner.objects.create(name="숲속 카페", name_en="Forest cafe")
    mina = person("mina")
    api = till(cafe)
    code = paycode.code_for(mina.member)
    given = post(api, "issue", code=code, amount=30, currency="dotori", reference="R-1")
    assert given.status_code == 201, given.content
    assert given.json()["member"] == f"M{mina.member.pk}" and "mina" not in given.content.decode().lower()
    again = post(api, "issue", code=code, amount=30, currency="dotori", reference="R-1")  # the till retried
    assert again.status_code == 201 and again.json()["entry"] == given.json()["entry"]
    clash = post(api, "issue", code=code, amount=300, currency="dotori", reference="R-1")
    assert clash.status_code == 409 and clash.json()["errors"][0]["field"] == "reference"
    assert balance(mina.member, dotori) == 30
    wallet = mina.get("/rewards/").content.decode()
    assert "도토리: <strong>30</strong>" in wallet and paycode.code_for(mina.member) in wallet

    paid = post(api, "accept", code=code, amount=12, currency="dotori", reference="S-1")
    assert paid.status_code == 201 and balance(mina.member, dotori) == 18
    assert post(api, "accept", code=code, amount=12, currency="dotori", reference="S-1").json()["entry"] == \
        paid.json()["entry"]  # the same payment sent twice
    reused = post(api, "accept", code=code, amount=5, currency="dotori", reference="S-2")
    assert reused.status_code == 409 and reused.json()["errors"][0]["field"] == "code"
    assert "새 코드" in reused.json()["errors"][0]["message"]
    assert balance(mina.member, dotori) == 18
    assert books(dotori) == [{"partner_id": cafe.pk, "partner": "숲속 카페", "issued": 30, "accepted": 12,
                              "outstanding": 18}]
    assert books_balance(dotori)["balanced"]


def test_bad_input_names_the_field_and_books_nothing(person, dotori):
    cafe = Partner.objects.create(name="카페")
    mina = person("mina")
    api = till(cafe)
    code = paycode.code_for(mina.member)
    for body, field in (({"amount": 0}, "amount"), ({"amount": 2_000_000}, "amount"), ({"currency": "points"},
                        "currency"), ({"currency": "nope"}, "currency"), ({"reference": " "}, "reference"),
                        ({"code": "123-000000"}, "code"), ({"code": "banana"}, "code")):
        sent = {"code": code, "amount": 5, "currency": "dotori", "reference": "R", **body}
        answer = post(api, "issue", **sent)
        assert answer.status_code == 400, (body, answer.content)
        assert answer.json()["errors"][0]["field"] == field
    short = post(api, "accept", code=code, amount=1, currency="dotori", reference="S")
    assert short.status_code == 409 and short.json()["errors"][0]["field"] == "amount"
    assert "도토리은(는) 0개" in short.json()["errors"][0]["message"]
    assert not Entry.objects.filter(currency=dotori).exists()


def test_a_pay_code_expires_and_a_token_sees_only_its_own_partner(person, dotori):
    cafe, bakery = Partner.objects.create(name="카페"), Partner.objects.create(name="빵집")
    mina = person("mina")
    issue(cafe, mina.member, 50, currency=dotori, reference="gift")
    old = paycode.code_for(mina.member, timezone.now() - timedelta(minutes=11))
    with pytest.raises(RewardsError) as refused:
        accept(bakery, old, 5, currency=dotori, reference="late")
    assert refused.value.field == "code"
    accept(bakery, paycode.code_for(mina.member), 20, currency=dotori, reference="bread")
    day = timezone.localdate()
    mine = till(bakery, "bakery-token-" + "y" * 20).get("/api/rewards/partner/settlement/",
                                                         {"currency": "dotori", "start": day, "end": day})
    assert mine.status_code == 200
    body = mine.json()
    assert (body["issued"], body["accepted"], body["outstanding"]) == (0, 20, -20)
    assert [line["reference"] for line in body["lines"]] == ["bread"]  # never the cafe's issue
    for header in ({}, {"HTTP_X_PARTNER_TOKEN": "wrong"}):
        assert Client(**header).get("/api/rewards/partner/settlement/", {"currency": "dotori", "start": day,
                                                                          "end": day}).status_code == 401
    PartnerToken.objects.filter(partner=bakery).update(revoked_at=timezone.now())
    revoked = Client(HTTP_X_PARTNER_TOKEN="bakery-token-" + "y" * 20)
    assert revoked.get("/api/rewards/partner/settlement/", {"currency": "dotori", "start": day,
                                                            "end": day}).status_code == 401


def test_staff_issue_make_a_token_and_download_a_settlement_that_adds_up(person, dotori):
    cafe = Partner.objects.create(name="카페")
    mina = person("mina")
    admin = Client()
    admin.force_login(get_user_model().objects.create_superuser("root", "root@example.com", "pw-12345-long"))
    issued = admin.post("/admin/rewards/partners/", {"issue-partner": cafe.pk, "issue-currency": dotori.pk,
                                                     "issue-email": "MINA@example.com", "issue-amount": 40,
                                                     "issue-memo": "=HYPERLINK(\"x\")"}, follow=True)
    assert issued.status_code == 200 and balance(mina.member, dotori) == 40
    unknown = admin.post("/admin/rewards/partners/", {"issue-partner": cafe.pk, "issue-currency": dotori.pk,
                                                      "issue-email": "nobody@example.com", "issue-amount": 40})
    assert unknown.status_code == 400 and "No member has this email address" in unknown.content.decode() \
        or "이 이메일" in unknown.content.decode()
    made = admin.post("/admin/rewards/partners/", {"token-partner": cafe.pk, "token-name": "강남점"})
    raw = made.context["shown_token"]
    assert raw and raw in made.content.decode() and raw not in admin.get("/admin/rewards/partners/").content.decode()
    api = Client(HTTP_X_PARTNER_TOKEN=raw)
    assert post(api, "accept", code=paycode.code_for(mina.member), amount=15, currency="dotori",
                reference="+1").status_code == 201
    day = timezone.localdate()
    sheet = admin.get(f"/admin/rewards/partners/{cafe.pk}/settlement.csv",
                      {"currency": "dotori", "start": day, "end": day})
    assert sheet.status_code == 200 and sheet["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(sheet.content.decode("utf-8-sig"))))
    lines = [r for r in rows[1:] if r and r[1] in ("issue", "accept")]
    assert [(r[1], int(r[4])) for r in lines] == [("issue", -40), ("accept", 15)]
    assert lines[0][6].startswith("'=") and lines[1][5] == "'+1"  # a spreadsheet never runs them
    totals = {r[0]: r[1] for r in rows if len(r) == 2}
    assert [int(v) for v in list(totals.values())[-4:]] == [40, 15, -25, 25]
    report = settlement(cafe, dotori, day, day)
    assert report["issued"] - report["accepted"] == report["outstanding"] == 25
    bad = admin.get(f"/admin/rewards/partners/{cafe.pk}/settlement.csv", {"currency": "dotori", "start": day,
                                                                          "end": day - timedelta(days=3)})
    assert bad.status_code == 400
    assert person("eve").get("/admin/rewards/partners/").status_code in (302, 403)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_tills_taking_the_last_coins_at_once_only_one_is_paid(person, dotori):
    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("row locks under concurrency need PostgreSQL")
    cafe = Partner.objects.create(name="카페")
    mina = person("mina")
    issue(cafe, mina.member, 10, currency=dotori, reference="start")
    now = timezone.now()
    codes = [paycode.code_for(mina.member, now), paycode.code_for(mina.member, now - timedelta(minutes=5))]
    codes = [c for c in codes if paycode.read(c, now)]
    results, barrier = [], threading.Barrier(len(codes))

    def pay(code, ref):
        try:
            barrier.wait()
            accept(cafe, code, 8, currency=dotori, reference=ref, at=now)
            results.append("paid")
        except RewardsError as problem:
            results.append(problem.field)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=pay, args=(code, f"t{i}")) for i, code in enumerate(codes)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count("paid") == 1 and balance(mina.member, dotori) == 2
    assert books_balance(dotori)["balanced"]


OPS = st.lists(st.tuples(st.sampled_from(["award", "reverse", "redeem", "redeem-partner", "issue", "accept"]),
                         st.integers(0, 2), st.integers(1, 40)), min_size=1, max_size=30)
NAMES = itertools.count()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=OPS)
def test_any_sequence_of_awards_redemptions_issues_and_payments_keeps_both_books(person, article, dotori, ops):
    """Whatever happens in whatever order: each currency's postings sum to zero, every balance is the
    sum of its entries, spending never takes a balance below zero, and a partner's outstanding is what
    it issued less what it accepted."""
    run = next(NAMES)
    people = [person(f"h{run}x{i}").member for i in range(3)]
    cafe = Partner.objects.create(name=f"카페 {run}")
    thread, _made = Thread.objects.get_or_create(page=article)
    mug = Reward.objects.create(name="머그", price=7, currency=points())
    latte = Reward.objects.create(name="라테", price=9, currency=dotori, partner=cafe)
    start = timezone.now()
    for step, (op, who, amount) in enumerate(ops):
        member, at = people[who], start + timedelta(seconds=paycode.WINDOW_SECONDS * 2 * step)
        try:
            if op == "award":
                comment = Comment.objects.create(thread=thread, author=member, body="x", html="x")
                award(Event.COMMENT_APPROVED, member, source=comment, at=at)
            elif op == "reverse":
                last = Entry.objects.filter(member=member, kind=Entry.Kind.AWARD).order_by("-pk").first()
                if last is not None:
                    reverse_awards(Comment.objects.get(pk=last.source_id))
            elif op in ("redeem", "redeem-partner"):
                redeem(member, (mug if op == "redeem" else latte).pk)
            elif op == "issue":
                issue(cafe, member, amount, currency=dotori, reference=f"i{step}", at=at)
            else:
                accept(cafe, paycode.code_for(member, at), amount, currency=dotori, reference=f"a{step}", at=at)
        except RewardsError:
            pass  # refused (not enough): nothing may have been written, which the checks below see
    for currency in (points(), dotori):
        assert books_balance(currency)["balanced"]
        for member in people:
            summed = Entry.objects.filter(member=member, currency=currency).aggregate(s=Sum("amount"))["s"] or 0
            assert balance(member, currency) == summed
    for member in people:
        assert balance(member, dotori) >= 0  # nothing reverses the shared currency: only spending moves it down
    row = [r for r in books(dotori) if r["partner_id"] == cafe.pk]
    issued = Entry.objects.filter(kind=Entry.Kind.ISSUE, currency=dotori, source_id=str(cafe.pk)).aggregate(
        s=Sum("amount"))["s"] or 0
    if row:
        assert row[0]["issued"] == issued and row[0]["outstanding"] == row[0]["issued"] - row[0]["accepted"]
