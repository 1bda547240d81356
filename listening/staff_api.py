"""The staff side of the listening API (mounted with the webhook at /api/listening/): the inbox as a
filtered list, labelling, cases and their replies, and the summary figures. Staff only; a mention
about something only staff may read is therefore never in it for anyone else."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Literal

from django.db.models import Count, F
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema
from pydantic import BaseModel

from cms.api.base import MAX_OFFSET, SIGNED_IN, answers, error_response
from cms.models.visibility import is_staff_user

from . import actions, reports
from .actions.inbox_filter import COUNT_CAP
from .models import Case, ComplaintType, Contribution, Mention, NpsSurvey

router = Router(tags=["listening"])
Mood = Literal["positive", "neutral", "negative"]


class MentionOut(BaseModel):
    """Plain pydantic (no attribute resolver): the inbox validates fifty of these on every read."""

    id: int
    source: str
    channel: str
    author: str
    text: str
    language: str
    url: str
    posted_at: datetime
    sentiment: str
    sentiment_score: float
    sentiment_by: str = Field(..., description="lexicon, model or staff")
    complaint_type: str | None
    case: int | None


class MentionList(BaseModel):
    count: int = Field(..., description=f"How many match, counted up to {COUNT_CAP:,}")
    more: bool = Field(..., description="True when more match than count says")
    items: list[MentionOut]


NO_NUL = r"^[^\x00]*$"  # PostgreSQL refuses NUL in a string: a 422 here, not a 500 there


class MentionQuery(Schema):
    channel: str | None = Field(None, max_length=30, pattern=NO_NUL)
    sentiment: Mood | None = None
    type: str | None = Field(None, max_length=40, pattern=NO_NUL, description="A complaint type's slug.")
    status: Literal["none", "new", "in_progress", "answered", "resolved"] | None = Field(
        None, description="A case status; none: mentions that are not a case.")
    team: str | None = Field(None, max_length=50, pattern=NO_NUL,
                             description="A team's slug: the cases assigned to it.")
    language: Literal["ko", "en"] | None = None
    q: str | None = Field(None, max_length=100, pattern=NO_NUL,
                          description="Words in the text (slower: not indexed).")
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


class LabelIn(Schema):
    sentiment: Mood


class CaseIn(Schema):
    type: str | None = Field(None, max_length=40, pattern=NO_NUL,
                             description="A complaint type's slug; empty: the suggested one.")


class TextIn(Schema):
    text: str = Field(..., min_length=1, max_length=5000, pattern=NO_NUL)


class CaseOut(Schema):
    id: int
    mention: int
    type: str
    status: str
    priority: str
    first_response_due: datetime
    resolution_due: datetime
    first_response_at: datetime | None
    resolved_at: datetime | None


class SummaryOut(Schema):
    days: int
    mentions: int
    by_sentiment: dict[str, int]
    by_channel: dict[str, int]
    net_mood: int | None = Field(None, description="positive − negative, as a percentage of all")
    open_cases: int
    within_sla: float | None
    first_response_hours: float | None
    resolution_hours: float | None
    nps: int | None = Field(None, description="promoters (9–10) − detractors (0–6), as a percentage of the answers")
    nps_answers: int
    advocates: int = Field(description="people with an advocacy contribution in the period")


def _staff(request):
    if not is_staff_user(request.user):
        return error_response(request, [{"field": None, "message": _("Only staff can read what people say.")}], 403)
    return None


LISTED = ("id", "channel", "author", "text", "language", "url", "posted_at", "sentiment", "sentiment_score",
          "sentiment_by")


def _listed(mentions) -> list[dict]:
    """Mentions as the API shows them, read as plain rows (fifty model objects and their sources cost
    more than the query)."""
    rows = mentions.select_related(None).values(*LISTED, source_name=F("source__name"),
                                                type_slug=F("complaint_type__slug"), case_pk=F("case__id"))
    return [{**{k: row[k] for k in LISTED}, "source": row["source_name"], "complaint_type": row["type_slug"],
             "case": row["case_pk"]} for row in rows]


def _case_out(c: Case) -> dict:
    return {"id": c.pk, "mention": c.mention_id, "type": c.type.slug, "status": c.status, "priority": c.priority,
            "first_response_due": c.first_response_due, "resolution_due": c.resolution_due,
            "first_response_at": c.first_response_at, "resolved_at": c.resolved_at}


def _not_found(request):
    return error_response(request, [{"field": None, "message": _("Not found.")}], 404)


@router.get("/inbox/", response=answers({200: MentionList}, 401, 403, 422), auth=SIGNED_IN,
            summary="The inbox, filtered (staff)")
def inbox(request: HttpRequest, query: Query[MentionQuery]):
    if (refused := _staff(request)) is not None:
        return refused
    mentions = actions.inbox(actions.InboxFilter(**query.dict(exclude={"limit", "offset"})))
    count, more = actions.capped_count(mentions)
    return {"count": count, "more": more, "items": _listed(mentions[query.offset:query.offset + query.limit])}


@router.post("/inbox/{mention_id}/label/", response=answers({200: MentionOut}, 400, 401, 403, 404, 422),
             auth=SIGNED_IN, summary="Label a mention's sentiment (staff)")
def label(request: HttpRequest, payload: LabelIn, mention_id: int = Path(..., ge=1, le=2**63 - 1)):
    if (refused := _staff(request)) is not None:
        return refused
    mention = Mention.objects.filter(pk=mention_id).first()
    if mention is None:
        return _not_found(request)
    actions.label(mention, payload.sentiment, request.user)
    return _listed(Mention.objects.filter(pk=mention_id))[0]


@router.post("/inbox/{mention_id}/case/", response=answers({200: CaseOut}, 400, 401, 403, 404, 422),
             auth=SIGNED_IN, summary="Make a case of a mention (staff)")
def make_case(request: HttpRequest, payload: CaseIn, mention_id: int = Path(..., ge=1, le=2**63 - 1)):
    if (refused := _staff(request)) is not None:
        return refused
    mention = Mention.objects.filter(pk=mention_id).first()
    if mention is None:
        return _not_found(request)
    chosen = None
    if payload.type:
        chosen = ComplaintType.objects.filter(slug=payload.type).first()
        if chosen is None:
            return error_response(request, [{"field": "type", "message": _("There is no such complaint type.")}],
                                  400)
    return _case_out(actions.open_case(mention, complaint_type=chosen, user=request.user))


@router.post("/cases/{case_id}/{action}/", response=answers({200: CaseOut}, 400, 401, 403, 404, 422),
             auth=SIGNED_IN, summary="Reply to a case, add a note, or resolve it (staff)")
def case_action(request: HttpRequest, payload: TextIn, case_id: int = Path(..., ge=1, le=2**63 - 1),
                action: Literal["reply", "note", "resolve"] = Path(...)):
    """``reply`` goes back where the mention came from; ``note`` is internal; ``resolve`` ends the case
    (its text is kept as a note)."""
    if (refused := _staff(request)) is not None:
        return refused
    case = Case.objects.filter(pk=case_id).select_related("mention__source", "type").first()
    if case is None:
        return _not_found(request)
    try:
        if action == "reply":
            actions.reply(case, request.user, payload.text)
        else:
            actions.note(case, request.user, payload.text)
            if action == "resolve":
                actions.resolve(case)
    except actions.CaseError as problem:
        return error_response(request, [{"field": problem.field, "message": problem.message}], 400)
    case.refresh_from_db()
    return _case_out(case)


@router.get("/summary/", response=answers({200: SummaryOut}, 401, 403, 422), auth=SIGNED_IN,
            summary="Mood, volume and service levels (staff)")
def summary(request: HttpRequest, days: int = Query(30, ge=1, le=366)):
    if (refused := _staff(request)) is not None:
        return refused
    since = timezone.now() - timedelta(days=days)
    mentions = Mention.objects.filter(posted_at__gte=since)
    moods = dict(mentions.values_list("sentiment").annotate(n=Count("pk")).values_list("sentiment", "n"))
    total = sum(moods.values())
    cases = Case.objects.filter(opened_at__gte=since)
    measured = actions.measures(cases)
    scores = list(NpsSurvey.objects.filter(answered_at__gte=since, score__isnull=False).values_list("score", flat=True))
    return {"days": days, "mentions": total, "by_sentiment": moods,
            "by_channel": dict(mentions.values_list("channel").annotate(n=Count("pk")).values_list("channel", "n")),
            "net_mood": round((moods.get("positive", 0) - moods.get("negative", 0)) * 100 / total) if total else None,
            "open_cases": Case.objects.exclude(status=Case.Status.RESOLVED).count(),
            "within_sla": measured["within_sla"], "first_response_hours": measured["first_response_hours"],
            "resolution_hours": measured["resolution_hours"], "nps": reports.nps_of(scores), "nps_answers": len(scores),
            "advocates": Contribution.objects.filter(at__gte=since).values("author").distinct().count()}
