"""The rest of what earns points: filing an output, reading a pillar page to the end (a signed
beacon), completing the wizard, and a referred friend verifying — each once, never for a guest."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from cms.reading import token_for
from rewards import invites
from rewards.actions import balance
from rewards.models import Entry, Event, Referral
from tests import factories
from tests.community.conftest import CommitClient
from tests.shop_wizard.conftest import catalogue, keys, wizard  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db


def earned(member, event) -> list[int]:
    return list(Entry.objects.filter(member=member, rule__event=event).values_list("amount", flat=True))


def test_publishing_an_output_pays_its_author_once_and_unpublishing_takes_it_back(person, tree):
    from django.test import TestCase

    boss = person("boss", staff=True)
    post = factories.PostPageFactory(parent=tree.posts, slug="meetup-report", title="모임 보고", kind="event_report",
                                     author=boss.member.user, visibility="internal")
    with TestCase.captureOnCommitCallbacks(execute=True):
        post.save_revision().publish()
    with TestCase.captureOnCommitCallbacks(execute=True):
        post.save_revision().publish()  # edited and published again: still once
    assert earned(boss.member, Event.OUTPUT_FILED) == [10]
    ledger = boss.get("/api/rewards/me/ledger/").json()["items"]
    assert ledger[0]["what"] == "보고서·산출물 등록" and "모임 보고" not in str(ledger)  # an internal post stays inside
    with TestCase.captureOnCommitCallbacks(execute=True):
        post.unpublish()
    assert sum(earned(boss.member, Event.OUTPUT_FILED)) == 0
    note = factories.PostPageFactory(parent=tree.posts, slug="note", title="메모", kind="other",
                                     author=boss.member.user)
    with TestCase.captureOnCommitCallbacks(execute=True):
        note.save_revision().publish()
    assert len(earned(boss.member, Event.OUTPUT_FILED)) == 2  # a note is not an output


def test_reading_a_pillar_page_to_the_end_counts_once_for_a_signed_in_reader(person, tree, client):
    mina = person("mina")
    pillar = factories.ArticlePageFactory(parent=tree.articles, slug="pillar", title="기둥 글", is_pillar=True)
    pillar.save_revision().publish()
    plain = factories.ArticlePageFactory(parent=tree.articles, slug="plain", title="보통 글")
    plain.save_revision().publish()
    html = mina.get(pillar.url).content.decode()
    token = re.search(r'data-read-end="([^"]+)"', html).group(1)
    assert "js/read.js" in html and "data-read-end" not in mina.get(plain.url).content.decode()
    assert client.post("/read/", {"token": token}).status_code == 204  # a guest: nothing to count
    for _ in range(2):
        assert mina.post("/read/", {"token": token}).status_code == 204
    assert earned(mina.member, Event.PILLAR_READ) == [3]
    assert mina.post("/read/", {"token": token_for(plain)}).status_code == 204  # not a pillar page
    assert mina.post("/read/", {"token": f"{pillar.pk}:forged"}).status_code == 400
    assert earned(mina.member, Event.PILLAR_READ) == [3]


def test_completing_the_wizard_signed_in_earns_once_per_wizard(person, wizard, catalogue):  # noqa: F811
    mina = person("mina")
    for client in (mina, CommitClient()):  # a member, then a guest
        (_need, (events, _)), (_where, (_, offline)), (_budget, (free,)) = keys(wizard)
        for _run in range(2):
            start = client.post(reverse("shop_wizard_start", args=["tools"]))
            step2 = client.post(start["Location"], {"option": events})
            step3 = client.post(step2["Location"], {"option": offline})
            client.post(step3["Location"], {"option": free})
    assert earned(mina.member, Event.WIZARD_COMPLETED) == [5]
    assert Entry.objects.filter(rule__event=Event.WIZARD_COMPLETED).count() == 1


def test_a_friend_who_signs_up_by_an_invitation_and_verifies_pays_the_referrer_once(person, smtp, tree):
    from tests.community.test_accounts import PASSWORD, verification_link

    mina = person("mina")
    friend = CommitClient()
    assert friend.get(f"/rewards/invite/{invites.code_for(mina.member)}/")["Location"] == "/accounts/signup/"
    assert Client().get(f"/rewards/invite/{mina.member.pk}-0000000000/").status_code == 404  # made up
    friend.post("/accounts/signup/", {"email": "friend@example.com", "password1": PASSWORD, "password2": PASSWORD})
    referral = Referral.objects.get()
    assert referral.referrer == mina.member and referral.verified_at is None
    assert earned(mina.member, Event.REFERRAL_VERIFIED) == []  # not before the address is verified
    link = verification_link(smtp.to("friend@example.com")[0])
    friend.post(link)
    assert earned(mina.member, Event.REFERRAL_VERIFIED) == [20] and balance(mina.member) == 20
    assert get_user_model().objects.get(email="friend@example.com").member.referred_by.verified_at is not None
    assert invites.code_for(mina.member) in mina.get("/rewards/").content.decode()
