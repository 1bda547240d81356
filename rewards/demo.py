"""The demo's points: what the demo conversation already holds (shown comments, helpful marks,
accepted answers) counted through the same rule path a live site uses, dated when it happened so the
daily caps apply; two rewards to redeem, one a partner's in the shared currency, with the partner's
first movements; a card set some members have begun; a weekly mission series. Idempotent: the
ledger's keys count each event once, the rest is made only when missing."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from cms.images import demo_image
from community.models import Comment, Member, Reaction, Thread
from shop_wizard.models import Partner

from . import paycode
from .actions import accept, award, give_card, issue, points
from .models import (
    Badge,
    Card,
    CardSet,
    Currency,
    EarningRule,
    Entry,
    Event,
    Mission,
    MissionSeries,
    MissionStep,
    Rarity,
    Reward,
)

REWARDS = [
    ("커뮤니티 머그컵", "Community mug", "모임에서 쓰는 로고 머그컵입니다.", 50, 20, 1, None),
    ("제휴 카페 아메리카노", "Americano at a partner cafe", "제휴 카페에서 쿠폰을 보여 주세요. 도토리로 삽니다.",
     20, None, 3, "partner"),
]


def load() -> int:
    made = 0
    for comment in Comment.objects.filter(status=Comment.Status.APPROVED, author__isnull=False).select_related(
            "author").order_by("created_at"):
        made += len(award(Event.COMMENT_APPROVED, comment.author, source=comment, at=comment.created_at))
    for reaction in Reaction.objects.select_related("comment__author", "member").order_by("pk"):
        comment = reaction.comment
        if comment.status == Comment.Status.APPROVED and comment.author is not None:
            made += len(award(Event.HELPFUL_RECEIVED, comment.author, source=comment, actor=reaction.member,
                              qualifier=str(reaction.member_id), at=reaction.created_at))
    for thread in Thread.objects.filter(accepted__isnull=False).select_related("accepted__author", "author"):
        if thread.accepted.author is not None:
            made += len(award(Event.ANSWER_ACCEPTED, thread.accepted.author, source=thread.accepted,
                              actor=thread.author))
    partner = Partner.objects.filter(active=True).order_by("pk").first()
    dotori = Currency.objects.filter(kind=Currency.Kind.SHARED).order_by("pk").first()
    for name, name_en, description, price, stock, per_member, by in REWARDS:
        if by == "partner" and partner is None:
            continue
        _reward, created = Reward.objects.get_or_create(name=name, defaults={
            "name_en": name_en, "description": description, "price": price, "stock": stock,
            "currency": dotori if by == "partner" and dotori else points(),
            "per_member": per_member, "partner": partner if by == "partner" else None})
        made += created
    if partner is not None and dotori is not None:
        made += _partner_movements(partner, dotori)
    made += _cards()
    made += _missions()
    return made


CARDS = [(1, "첫 댓글", "First comment", Rarity.COMMON), (2, "도움의 손길", "A helping hand", Rarity.COMMON),
         (3, "현장 체크인", "Checked in", Rarity.COMMON), (4, "질문 해결사", "Question solver", Rarity.RARE),
         (5, "모임 개근", "Never missed a meetup", Rarity.EPIC),
         (6, "숲의 수호자", "Keeper of the forest", Rarity.LEGENDARY)]


def _cards() -> int:
    """A card set (drawn at every event check-in, completed for a badge), some cards already held."""
    deck, created = CardSet.objects.get_or_create(slug="community-2026", defaults={
        "name": "2026 커뮤니티 딱지", "name_en": "2026 community cards",
        "description": "모임과 대화에서 모으는 카드입니다.",
        "description_en": "Cards collected at meetups and in conversations."})
    for number, name, name_en, rarity in CARDS:
        Card.objects.get_or_create(card_set=deck, number=number, defaults={
            "name": name, "name_en": name_en, "rarity": rarity,
            "image": demo_image(f"rewards-card-{number}", f"딱지 {number}: {name}")})
    Badge.objects.get_or_create(slug="community-2026-complete", defaults={
        "name": "딱지 완성", "name_en": "Full set", "criterion": Badge.Criterion.CARD_SET, "card_set": deck,
        "description": "2026 커뮤니티 딱지를 모두 모았습니다.",
        "description_en": "Collected every 2026 community card."})
    Badge.objects.get_or_create(slug="talker", defaults={
        "name": "이야기꾼", "name_en": "Storyteller", "criterion": Badge.Criterion.EVENT_COUNT,
        "event": Event.COMMENT_APPROVED, "count": 3, "description": "댓글 세 개가 게시되었습니다.",
        "description_en": "Three comments shown."})
    EarningRule.objects.filter(event=Event.EVENT_ATTENDED, card_set__isnull=True).update(card_set=deck)
    made = int(created)
    cards = list(deck.cards.order_by("number"))
    authors = (Comment.objects.filter(author__isnull=False, author__left_at__isnull=True)
               .values_list("author", flat=True).distinct().order_by("author"))[:4]
    for i, member in enumerate(Member.objects.filter(pk__in=list(authors)).order_by("pk")):
        for n, card in enumerate(cards[: 2 + i]):  # the first holds 2 cards, the next 3, and so on
            made += give_card(member, card, key=f"demo:card:{member.pk}:{n}", at=member.joined_at) is not None
        if i == 0:  # and a duplicate to give away
            made += give_card(member, cards[0], key=f"demo:card:{member.pk}:dup", at=member.joined_at) is not None
    return made


MISSIONS = [
    ("이번 주: 댓글 두 개 남기기", "This week: leave two comments",
     "글 아래에 생각을 남겨 주세요. 두 개가 게시되면 완료입니다.", Event.COMMENT_APPROVED, 2, 20, 6),
    ("이번 주: 도움이 되는 답변", "This week: a helpful answer",
     "다른 회원이 도움이 됐다고 표시한 댓글 하나.", Event.HELPFUL_RECEIVED, 1, 15, None),
    ("이번 주: 모임에 가기", "This week: go to a meetup",
     "이벤트에 신청하고 현장에서 체크인하세요.", Event.EVENT_ATTENDED, 1, 30, None),
]


def _missions() -> int:
    """A weekly series from the first demo load's Monday: one of its missions always runs."""
    today = timezone.localdate()
    monday = timezone.make_aware(datetime.combine(today - timedelta(days=today.weekday()), time.min))
    series, created = MissionSeries.objects.get_or_create(name="매주 미션", defaults={
        "name_en": "Weekly missions", "starts_at": monday})
    if not created:
        return 0
    deck = CardSet.objects.filter(slug="community-2026").first()
    for position, (name, name_en, description, event, count, prize_points, card) in enumerate(MISSIONS, start=1):
        prize = deck.cards.filter(number=card).first() if deck and card else None
        mission = Mission.objects.create(name=name, name_en=name_en, description=description, series=series,
                                         position=position, days=7, reward_points=prize_points, reward_card=prize)
        MissionStep.objects.create(mission=mission, event=event, count=count)
    return 1


def _partner_movements(partner, dotori) -> int:
    """The partner welcomes the first demo members with the shared currency, and one of them pays with
    some of it at the counter: the partner's settlement report has lines from the start."""
    before = Entry.objects.filter(currency=dotori).count()
    authors = (Comment.objects.filter(author__isnull=False, author__left_at__isnull=True)
               .values_list("author", flat=True).distinct().order_by("author"))[:3]
    for i, member in enumerate(Member.objects.filter(pk__in=list(authors)).order_by("pk")):
        at = member.joined_at
        issue(partner, member, 30, currency=dotori, reference=f"demo-welcome-{member.pk}", at=at,
                  memo="가입 환영 도토리")
        if i == 0:
            accept(partner, paycode.code_for(member, at), 10, currency=dotori, at=at,
                   reference=f"demo-coffee-{member.pk}", memo="아메리카노")
    return Entry.objects.filter(currency=dotori).count() - before
