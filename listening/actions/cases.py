"""Cases: a complaint suggested a type from its words, made a case for the type's team with its due
times, worked with internal notes, answered where it came from, resolved; overdue ones alert the team
lead once; and the measures (first response, resolution, share within the service levels)."""

from __future__ import annotations

import statistics
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from community.actions import CommunityError, member_for, post_comment
from community.models import Comment

from ..models import Case, CaseNote, CaseReply, ComplaintType, Mention, Source


class CaseError(Exception):
    def __init__(self, field: str | None, message):
        super().__init__(str(message))
        self.field, self.message = field, str(message)


def suggest_type(text: str, types: list[ComplaintType] | None = None) -> ComplaintType | None:
    """The first type (in the editors' order) one of whose cues the text contains."""
    lowered = (text or "").lower()
    types = types if types is not None else list(ComplaintType.objects.order_by("order", "pk"))
    return next((t for t in types if any(cue in lowered for cue in t.cue_list())), None)


def suggest_types(mentions: list[Mention]) -> int:
    """Negative mentions without a type get the suggested one (marked suggested until staff confirm)."""
    types = list(ComplaintType.objects.order_by("order", "pk"))
    changed = 0
    for mention in mentions:
        if mention.sentiment != "negative" or mention.complaint_type_id:
            continue
        found = suggest_type(mention.text, types)
        if found is not None:
            Mention.objects.filter(pk=mention.pk).update(complaint_type=found, type_suggested=True)
            changed += 1
    return changed


def open_case(mention: Mention, *, complaint_type: ComplaintType | None = None, user=None,
              at: datetime | None = None) -> Case:
    """The mention becomes a case for its type's team, due by the type's service levels (once)."""
    complaint_type = complaint_type or mention.complaint_type or suggest_type(mention.text) or \
        ComplaintType.objects.filter(slug="other").first()
    if complaint_type is None:
        raise CaseError("type", _("Choose a complaint type."))
    at = at or timezone.now()
    with transaction.atomic():
        existing = Case.objects.filter(mention=mention).first()
        if existing is not None:
            return existing
        Mention.objects.filter(pk=mention.pk).update(complaint_type=complaint_type, type_suggested=False,
                                                     case_status=Case.Status.NEW, team=complaint_type.team)
        return Case.objects.create(
            mention=mention, type=complaint_type, team=complaint_type.team, priority=complaint_type.priority,
            opened_at=at, first_response_due=at + timedelta(hours=complaint_type.first_response_hours),
            resolution_due=at + timedelta(hours=complaint_type.resolution_hours), assignee=user)


def _mirror(case: Case) -> None:
    """The inbox filters by a case's status and team on the mention itself (at a million mentions a
    join to cases for every row walked would cost more than the page): keep the copy true."""
    status, team = Case.objects.filter(pk=case.pk).values_list("status", "team_id").get()
    Mention.objects.filter(pk=case.mention_id).update(case_status=status, team_id=team)


def note(case: Case, user, text: str) -> CaseNote:
    text = (text or "").strip()
    if not text:
        raise CaseError("text", _("Write the note."))
    made = CaseNote.objects.create(case=case, author=user, text=text[:5000])
    if case.status == Case.Status.NEW:
        Case.objects.filter(pk=case.pk).update(status=Case.Status.IN_PROGRESS)
        _mirror(case)
    return made


def reply(case: Case, user, text: str, *, at: datetime | None = None) -> CaseReply:
    """The answer goes back where the mention came from: an official reply under the community comment,
    an email to whoever wrote in, or (outside channels) a text staff paste there themselves."""
    text = (text or "").strip()
    if not text:
        raise CaseError("text", _("Write the reply."))
    at = at or timezone.now()
    mention = case.mention
    channel = CaseReply.Channel.COPY
    if mention.source.kind == Source.Kind.COMMUNITY and mention.external_id.isdigit():
        comment = Comment.objects.select_related("thread").filter(pk=int(mention.external_id)).first()
        if comment is not None:
            top = comment.parent_id or comment.pk
            try:
                post_comment(user=user, member=member_for(user), body=text,
                             page=comment.thread.page.specific if comment.thread.page_id else None,
                             thread=None if comment.thread.page_id else comment.thread, parent_id=top)
            except CommunityError as problem:
                raise CaseError("text", problem.message) from problem
            channel = CaseReply.Channel.COMMUNITY
    elif mention.raw.get("email") and mention.source.kind in (Source.Kind.EMAIL, Source.Kind.SITE):
        send_mail(_("Re: your message"), text, settings.DEFAULT_FROM_EMAIL, [mention.raw["email"]])
        channel = CaseReply.Channel.EMAIL
    with transaction.atomic():
        made = CaseReply.objects.create(case=case, author=user, text=text[:5000], channel=channel)
        Case.objects.filter(pk=case.pk, first_response_at__isnull=True).update(first_response_at=at)
        Case.objects.filter(pk=case.pk).exclude(status=Case.Status.RESOLVED).update(status=Case.Status.ANSWERED)
        _mirror(case)
    case.refresh_from_db()
    return made


def resolve(case: Case, *, at: datetime | None = None) -> Case:
    with transaction.atomic():
        Case.objects.filter(pk=case.pk, resolved_at__isnull=True).update(status=Case.Status.RESOLVED,
                                                                         resolved_at=at or timezone.now())
        _mirror(case)
    case.refresh_from_db()
    return case


def alert_overdue(now: datetime | None = None) -> int:
    """Cases past a due time and not yet alerted: one email to the team lead each."""
    now = now or timezone.now()
    late = (Case.objects.filter(overdue_alerted_at__isnull=True).exclude(status=Case.Status.RESOLVED)
            .filter(Q(first_response_at__isnull=True, first_response_due__lt=now) | Q(resolution_due__lt=now))
            .select_related("team__lead", "type", "mention"))
    sent = 0
    for case in late:
        lead = case.team.lead if case.team_id else None
        if lead is not None and lead.email:
            send_mail(_("Overdue case #%(id)d: %(type)s") % {"id": case.pk, "type": case.type},
                      _("A case of your team is past its due time.\n\n%(text)s\n\nOpened %(opened)s; first "
                        "response due %(first)s; resolution due %(resolution)s.") % {
                          "text": case.mention.text[:500], "opened": timezone.localtime(case.opened_at),
                          "first": timezone.localtime(case.first_response_due),
                          "resolution": timezone.localtime(case.resolution_due)},
                      settings.DEFAULT_FROM_EMAIL, [lead.email])
            sent += 1
        Case.objects.filter(pk=case.pk).update(overdue_alerted_at=now)
    return sent


def measures(cases) -> dict:
    """First response and resolution (median hours) and the share within the service levels."""
    cases = list(cases)
    first = [(c.first_response_at - c.opened_at).total_seconds() / 3600 for c in cases if c.first_response_at]
    done = [(c.resolved_at - c.opened_at).total_seconds() / 3600 for c in cases if c.resolved_at]
    in_time = [c for c in cases if c.first_response_at and c.first_response_at <= c.first_response_due
               and (c.resolved_at is None or c.resolved_at <= c.resolution_due)]
    judged = [c for c in cases if c.first_response_at or c.first_response_due < timezone.now()]
    return {"cases": len(cases), "first_response_hours": round(statistics.median(first), 1) if first else None,
            "resolution_hours": round(statistics.median(done), 1) if done else None,
            "within_sla": round(len(in_time) / len(judged), 3) if judged else None}
