"""The demo's points: what the demo conversation already holds (shown comments, helpful marks,
accepted answers) counted through the same rule path a live site uses, dated when it happened so the
daily caps apply; and two rewards to redeem, one a partner's. Idempotent: the ledger's keys count
each event once."""

from __future__ import annotations

from community.models import Comment, Member, Reaction, Thread
from shop_wizard.models import Partner

from . import paycode
from .actions import accept, award, issue, points
from .models import Currency, Entry, Event, Reward

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
    return made


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
