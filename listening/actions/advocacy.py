"""Finding advocacy, by the same scheduled pull as the community's comments: accepted answers by members
who are not staff, helpful marks their comments received, positive replies in threads that started
negative (in the community, and outside where a source gives the reply's parent), and positive
mentions that recommend us. Each is recorded once (its key); an answer no longer accepted or a helpful
mark taken back is withdrawn. A new one is announced by ``advocacy_recorded`` after commit (the
rewards app pays for defending and recommending)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from community.actions import can_see_thread
from community.models import Comment, Member, Reaction, Ring, Thread

from ..models import Contribution, Mention, Source
from ..signals import advocacy_recorded

LOOK_BACK = timedelta(days=30)  # answers and helpful marks; and the nightly sweep of mentions
RECENT = timedelta(hours=2)  # mentions the minutely pull looks at: those received (and judged) lately
RECOMMENDS = re.compile(r"추천|강추|recommend", re.IGNORECASE)


def _not_staff(prefix: str = "") -> Q:
    """A member who is not staff: not official, not in the staff ring, not a staff account."""
    return ~Q(**{f"{prefix}ring": Ring.STAFF}) & ~Q(**{f"{prefix}user__is_staff": True})


def _record(kind: str, key: str, *, author: str, at: datetime, member: Member | None = None,
            mention: Mention | None = None, comment: Comment | None = None, text: str = "", url: str = "",
            staff_only: bool = False) -> Contribution | None:
    try:
        with transaction.atomic():
            made = Contribution.objects.create(
                kind=kind, key=key, author=author[:200], member=member, mention=mention,
                comment_id=comment.pk if comment else None, text=text[:300], url=url[:500], at=at,
                staff_only=staff_only)
    except IntegrityError:  # recorded already
        return None
    transaction.on_commit(lambda: advocacy_recorded.send(sender=Contribution, contribution=made))
    return made


def _handle(member: Member | None) -> str:
    return (member.handle or member.name) if member else ""


def _hidden(thread: Thread, cache: dict[int, bool]) -> bool:
    if thread.pk not in cache:
        cache[thread.pk] = not can_see_thread(thread, AnonymousUser())
    return cache[thread.pk]


def _answers(since: datetime, hidden: dict) -> int:
    made = 0
    recorded = Contribution.objects.filter(kind=Contribution.Kind.ANSWER, comment_id__isnull=False).values("comment_id")
    threads = (Thread.objects.filter(kind=Thread.Kind.QUESTION, accepted__isnull=False,
                                     accepted__created_at__gte=since, accepted__official=False)
               .filter(_not_staff("accepted__author__")).exclude(accepted__in=recorded)
               .select_related("accepted__author", "page", "group"))
    for thread in threads:
        answer = thread.accepted
        made += bool(_record(Contribution.Kind.ANSWER, f"answer-{answer.pk}", author=_handle(answer.author),
                             member=answer.author, comment=answer, text=answer.body, at=answer.created_at,
                             url=f"{thread.get_absolute_url()}#comment-{answer.pk}",
                             staff_only=_hidden(thread, hidden)))
    # An answer no longer accepted (another chosen, or cleared) is withdrawn.
    accepted = Thread.objects.filter(accepted__isnull=False).values("accepted")
    Contribution.objects.filter(kind=Contribution.Kind.ANSWER, at__gte=since).exclude(comment_id__in=accepted).delete()
    return made


def _helpful(since: datetime, hidden: dict) -> int:
    made = 0
    recorded = set(Contribution.objects.filter(kind=Contribution.Kind.HELPFUL, at__gte=since)
                   .values_list("key", flat=True))
    reactions = (Reaction.objects.filter(created_at__gte=since, comment__official=False,
                                         comment__status=Comment.Status.APPROVED)
                 .filter(_not_staff("comment__author__")).exclude(member=F("comment__author"))
                 .select_related("comment__author", "comment__thread__page", "comment__thread__group"))
    for reaction in reactions:
        if f"helpful-{reaction.pk}" in recorded:  # each pull reads 30 days back; most are known
            continue
        comment = reaction.comment
        made += bool(_record(Contribution.Kind.HELPFUL, f"helpful-{reaction.pk}", author=_handle(comment.author),
                             member=comment.author, comment=comment, text=comment.body, at=reaction.created_at,
                             url=f"{comment.thread.get_absolute_url()}#comment-{comment.pk}",
                             staff_only=_hidden(comment.thread, hidden)))
    # A helpful mark taken back (or its comment removed) is withdrawn.
    kept = {f"helpful-{pk}" for pk in Reaction.objects.filter(
        created_at__gte=since, comment__status=Comment.Status.APPROVED).values_list("pk", flat=True)}
    Contribution.objects.filter(kind=Contribution.Kind.HELPFUL, at__gte=since).exclude(key__in=kept).delete()
    return made


def _mentions_member(mentions: list[Mention]) -> dict[int, Member]:
    """The member behind each community mention (its comment's author) or email mention (the address)."""
    comment_ids = {m.pk: m.raw.get("comment") for m in mentions if m.source.kind == Source.Kind.COMMUNITY}
    authors = dict(Comment.objects.filter(pk__in=[c for c in comment_ids.values() if c])
                   .values_list("pk", "author_id"))
    emails = {m.pk: m.author.lower() for m in mentions if "@" in m.author}
    by_email = {member.user.email.lower(): member for member in
                Member.objects.filter(user__email__in=list(emails.values())).select_related("user")}
    by_id = {member.pk: member for member in Member.objects.filter(pk__in=[a for a in authors.values() if a])}
    found = {}
    for mention in mentions:
        author_id = authors.get(comment_ids.get(mention.pk))
        member = by_id.get(author_id) if author_id else by_email.get(emails.get(mention.pk, ""))
        if member is not None:
            found[mention.pk] = member
    return found


def _defences_and_recommendations(received_since: datetime) -> int:
    """Among the positive mentions received since then (an imported archive's old posts count when they
    arrive), replies to a negative start and recommendations."""
    positive = [m for m in Mention.objects.filter(received_at__gte=received_since, sentiment="positive")
                .exclude(author="")
                .select_related("source", "parent") if not m.raw.get("official")]  # (a JSON NULL defeats exclude)
    # Where each community thread started: its first mention.
    threads = {m.raw.get("thread") for m in positive if m.source.kind == Source.Kind.COMMUNITY and m.raw.get("thread")}
    started: dict[int, Mention] = {}
    for mention in (Mention.objects.filter(source__kind=Source.Kind.COMMUNITY, raw__thread__in=list(threads))
                    .order_by("posted_at", "pk") if threads else []):
        started.setdefault(mention.raw.get("thread"), mention)
    members = _mentions_member(positive)
    staff_members = {m.pk for m in Member.objects.filter(pk__in=[m.pk for m in members.values()])
                     .exclude(_not_staff())}
    made = 0
    for mention in positive:
        member = members.get(mention.pk)
        if member is not None and member.pk in staff_members:
            continue
        first = started.get(mention.raw.get("thread")) if mention.source.kind == Source.Kind.COMMUNITY \
            else mention.parent
        common = {"author": mention.author, "member": member, "mention": mention, "text": mention.text,
                  "url": mention.url, "at": mention.posted_at, "staff_only": mention.staff_only}
        if first is not None and first.pk != mention.pk and first.sentiment == "negative" \
                and first.author.lower() != mention.author.lower():
            made += bool(_record(Contribution.Kind.DEFENCE, f"defence-{mention.pk}", **common))
        if RECOMMENDS.search(mention.text):
            made += bool(_record(Contribution.Kind.RECOMMENDATION, f"recommend-{mention.pk}", **common))
    return made


def collect_advocacy(now: datetime | None = None, *, sweep: bool = False) -> int:
    """Record what is new (and withdraw what no longer holds); returns how many were recorded. The
    minutely pull reads the mentions received in the last two hours; the nightly ``sweep`` the last
    thirty days (a reply whose negative start arrived after it, a mention judged late)."""
    now = now or timezone.now()
    since = now - LOOK_BACK
    hidden: dict[int, bool] = {}
    return _answers(since, hidden) + _helpful(since, hidden) + \
        _defences_and_recommendations(since if sweep else now - RECENT)
