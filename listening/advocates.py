"""The advocate list: per person (a member, or an outside author by their handle), what they did for
us lately (accepted answers, helpful marks, defences, recommendations), scored by the contributions'
weights, the most active first, with their latest contributions and, for members, their ring (staff
move a champion into the core circle from there)."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from cms.models.visibility import is_staff_user
from community.models import Member

from .models import Contribution

KINDS = [kind for kind, _label in Contribution.Kind.choices]


def visible(user) -> QuerySet:
    found = Contribution.objects.all()
    return found if is_staff_user(user) else found.filter(staff_only=False)


def advocates(contributions: QuerySet, *, days: int = 90, limit: int = 100, recent: int = 3) -> list[dict]:
    since = timezone.now() - timedelta(days=days)
    counted = (contributions.filter(at__gte=since).values("author", "member")
               .annotate(last=Max("at"), **{kind: Count("pk", filter=Q(kind=kind)) for kind in KINDS}))
    rows = []
    for row in counted:
        row["score"] = sum(Contribution.WEIGHTS[kind] * row[kind] for kind in KINDS)
        rows.append(row)
    rows.sort(key=lambda r: (-r["score"], -r["last"].timestamp(), r["author"]))
    rows = rows[:limit]
    members = Member.objects.in_bulk([r["member"] for r in rows if r["member"]])
    latest: dict[tuple, list] = {}
    authors = [r["author"] for r in rows]
    for contribution in contributions.filter(at__gte=since, author__in=authors).order_by("-at")[:limit * 20]:
        bucket = latest.setdefault((contribution.author, contribution.member_id), [])
        if len(bucket) < recent:
            bucket.append(contribution)
    for row in rows:
        row["member_obj"] = members.get(row["member"])
        row["latest"] = latest.get((row["author"], row["member"]), [])
    return rows
