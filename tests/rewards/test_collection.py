"""Ranks, badges and cards: a rank follows the points earned in all and can lift the link limit and
open a reward; a badge comes once its count is reached; a rule draws a card once per award; an album
shows empty slots; a completed set gives its badge; a duplicate can be given, never the last copy."""

from __future__ import annotations

import io

import pytest
from PIL import Image as PILImage

from cms.images import demo_image
from community.actions import CommunityError, post_comment
from community.models import Comment, Thread
from rewards.actions import RewardsError, award, balance, rank_of, redeem
from rewards.models import (
    Badge,
    Card,
    CardCopy,
    CardSet,
    EarningRule,
    Entry,
    Event,
    LeaderboardExclusion,
    MemberBadge,
    Rank,
    Rarity,
    Reward,
)

pytestmark = pytest.mark.django_db


def comments(member, article, n):
    thread, _made = Thread.objects.get_or_create(page=article)
    made = []
    for _ in range(n):
        comment = Comment.objects.create(thread=thread, author=member, body="x", html="x")
        made += award(Event.COMMENT_APPROVED, member, source=comment)
    return made


def big_rule(points):
    EarningRule.objects.filter(event=Event.PILLAR_READ).update(enabled=False)  # only this one counts
    return EarningRule.objects.create(event=Event.PILLAR_READ, name="끝까지 읽기", points=points,
                                      currency=EarningRule.objects.first().currency)


def test_a_rank_follows_points_earned_and_lifts_the_link_limit_and_opens_a_reward(person, article):
    mina = person("mina")
    assert rank_of(mina.member)["rank"].name_en == "Sprout"
    links = "[a](https://a.example) [b](https://b.example) [c](https://c.example)"
    with pytest.raises(CommunityError):  # a new member: one link at most
        post_comment(user=mina.member.user, member=mina.member, body=links, page=article)
    forest = Reward.objects.create(name="숲 모자", price=10, currency=EarningRule.objects.first().currency,
                                   min_rank=Rank.objects.get(name_en="Tree"))
    comments(mina.member, article, 4)  # 20 points
    with pytest.raises(RewardsError) as refused:
        redeem(mina.member, forest.pk)
    assert refused.value.status == 403 and "나무" in refused.value.message
    award(Event.PILLAR_READ, mina.member, source=big_rule(200))
    now = rank_of(mina.member)
    assert (now["rank"].name_en, now["points"], now["next"].name_en, now["to_next"]) == ("Tree", 220, "Forest", 780)
    redeem(mina.member, forest.pk)  # spending lowers the balance, never the rank
    assert balance(mina.member) == 210 and rank_of(mina.member)["rank"].name_en == "Tree"
    comment = post_comment(user=mina.member.user, member=mina.member, body=links, page=article)
    assert comment.pk  # the Tree rank posts links as trusted members do
    me = mina.get("/api/rewards/me/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert me["rank"] == {"name": "Tree", "points": 220, "next": "Forest", "to_next": 780}
    profile = mina.get("/accounts/profile/").content.decode()
    assert "나무" in profile and "780" in profile


def test_a_badge_comes_once_when_its_count_is_reached(person, article):
    mina = person("mina")
    Badge.objects.create(slug="talker", name="수다쟁이", name_en="Talker", criterion=Badge.Criterion.EVENT_COUNT,
                         event=Event.COMMENT_APPROVED, count=3)
    comments(mina.member, article, 2)
    assert not MemberBadge.objects.exists()
    comments(mina.member, article, 3)
    assert list(MemberBadge.objects.values_list("member_id", "badge__slug")) == [(mina.member.pk, "talker")]
    assert mina.get("/api/rewards/me/").json()["badges"][0]["name"] == "수다쟁이"


@pytest.fixture
def deck(db):
    cards = CardSet.objects.create(name="봄 모임", name_en="Spring meetups", slug="spring")
    for number, rarity in ((1, Rarity.COMMON), (2, Rarity.RARE), (3, Rarity.LEGENDARY)):
        Card.objects.create(card_set=cards, number=number, name=f"카드 {number}", rarity=rarity,
                            image=demo_image(f"card {number}", f"카드 {number}") if number == 1 else None)
    Badge.objects.create(slug="spring-done", name="봄 완성", criterion=Badge.Criterion.CARD_SET, card_set=cards)
    return cards


def test_a_rule_draws_a_card_once_per_award_and_the_album_shows_empty_slots(person, article, deck):
    mina, eve = person("mina"), person("eve")
    rule = EarningRule.objects.get(event=Event.COMMENT_APPROVED)
    rule.card_set = deck
    rule.save()
    thread, _made = Thread.objects.get_or_create(page=article)
    comment = Comment.objects.create(thread=thread, author=mina.member, body="x", html="x")
    award(Event.COMMENT_APPROVED, mina.member, source=comment)
    award(Event.COMMENT_APPROVED, mina.member, source=comment)  # reported twice: one award, one card
    assert CardCopy.objects.filter(member=mina.member).count() == 1
    album = mina.get(f"/rewards/album/{mina.member.pk}/").content.decode()
    assert album.count('class="slot held') == 1 and album.count('class="slot empty"') == 2
    sets = mina.get("/api/rewards/me/cards/").json()
    assert sets[0]["have"] == 1 and [s["held"] for s in sets[0]["slots"]].count(0) == 2
    assert eve.get(f"/rewards/album/{mina.member.pk}/").status_code == 200  # public, like the boards
    LeaderboardExclusion.objects.create(member=mina.member, by_member=True)
    assert eve.get(f"/rewards/album/{mina.member.pk}/").status_code == 404
    assert mina.get(f"/rewards/album/{mina.member.pk}/").status_code == 200


def test_completing_a_set_gives_its_badge_and_a_duplicate_can_be_given_but_not_the_last(person, deck):
    from rewards.actions import gift, give_card

    mina, eve = person("mina"), person("eve")
    one, two, three = deck.cards.order_by("number")
    for i, card in enumerate((one, one, two)):
        give_card(mina.member, card, key=f"test:{i}")
    assert not MemberBadge.objects.filter(member=mina.member).exists()
    given = mina.post(f"/rewards/cards/{one.pk}/gift/", {"handle": "@eve"}, follow=True).content.decode()
    assert "@eve" in given
    assert CardCopy.objects.filter(member=eve.member, card=one, given_from=mina.member).count() == 1
    assert CardCopy.objects.filter(member=mina.member, card=one, given_away_at__isnull=True).count() == 1
    assert list(Entry.objects.filter(kind=Entry.Kind.GIFT).order_by("member_id").values_list("member_id", "amount")) \
        == sorted([(mina.member.pk, 0), (eve.member.pk, 0)])
    last = mina.post(f"/api/rewards/me/cards/{one.pk}/gift/", {"handle": "eve"}, content_type="application/json")
    assert last.status_code == 409 and last.json()["errors"][0]["field"] == "card"
    with pytest.raises(RewardsError) as to_self:
        gift(mina.member, one.pk, "mina")
    assert to_self.value.field == "handle"
    give_card(mina.member, three, key="test:3")
    assert MemberBadge.objects.filter(member=mina.member, badge__slug="spring-done").exists()


def test_a_card_page_is_shared_with_its_own_drawn_image(person, deck, client):
    card = deck.cards.get(number=1)
    page = client.get(f"/rewards/cards/{card.pk}/").content.decode()
    assert f'/rewards/cards/{card.pk}/share.png"' in page and 'property="og:title" content="카드 1 · 봄 모임"' in page
    png = client.get(f"/rewards/cards/{card.pk}/share.png")
    assert png["Content-Type"] == "image/png"
    image = PILImage.open(io.BytesIO(b"".join(png.streaming_content)))
    assert image.size == (1200, 630)
    assert image.getpixel((600, 300)) != image.getpixel((100, 300))  # the card's picture, not only the background
    deck.active = False
    deck.save()
    assert client.get(f"/rewards/cards/{card.pk}/").status_code == 404
