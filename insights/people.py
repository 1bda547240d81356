"""One person across the apps: a nurture lead and/or a community member (linked once the member's
address is verified), their identity and consents, and every touch in time order: visits with their
channel, emails, comments and answers, event registrations, wizard answers and click-outs, points and
missions, cases and NPS, and how their conversions were attributed.

Staff only: this is personal data, shown to the people who answer for it (views and API check)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.models import EventRegistration
from community.models import Comment, Member
from listening.models import Case, NpsSurvey
from nurture.models import Lead
from rewards.models import Entry as Points
from rewards.models import MissionCompletion

from .models import Conversion, Touch

PER_SOURCE = 100  # the newest of each kind: a timeline, not an export (the export has everything)


@dataclass
class Person:
    lead: Lead | None
    member: Member | None

    @property
    def email(self) -> str:
        if self.lead is not None and not self.lead.erased_at:
            return self.lead.email
        user = self.member.user if self.member is not None else None
        return user.email if user is not None else ""

    @property
    def name(self) -> str:
        if self.member is not None:
            return str(self.member)
        return (self.lead.name if self.lead else "") or self.email


@dataclass(order=True)
class Entry:
    at: datetime
    kind: str = field(compare=False)
    text: str = field(compare=False)
    detail: str = field(compare=False, default="")
    url: str = field(compare=False, default="")


def person(key: str) -> Person:
    """``lead-<id>`` or ``member-<id>``; a lead and the member it is linked to are the same person."""
    kind, _sep, number = key.partition("-")
    if not number.isdigit():
        raise Http404
    if kind == "lead":
        lead = Lead.objects.filter(pk=int(number)).first()
        if lead is None:
            raise Http404
        return Person(lead, Member.objects.select_related("user").filter(lead=lead).first())
    if kind == "member":
        member = Member.objects.select_related("user", "lead").filter(pk=int(number)).first()
        if member is None:
            raise Http404
        return Person(member.lead, member)
    raise Http404


def key_for(lead_id: int | None, member_id: int | None) -> str:
    return f"lead-{lead_id}" if lead_id else f"member-{member_id}" if member_id else ""


def find(text: str, limit: int = 30) -> list[dict]:
    """Leads and members whose address or name has the text."""
    text = text.strip()
    if not text:
        return []
    leads = Lead.objects.filter(Q(email_key__icontains=text.lower()) | Q(name__icontains=text),
                                erased_at__isnull=True).order_by("-created_at")[:limit]
    members = (Member.objects.select_related("user").filter(
        Q(user__email__icontains=text) | Q(display_name__icontains=text) | Q(handle__icontains=text),
        lead__isnull=True, left_at__isnull=True).order_by("-joined_at")[:limit])
    return ([{"key": f"lead-{lead.pk}", "name": lead.name or lead.email, "email": lead.email,
              "stage": lead.get_stage_display()} for lead in leads]
            + [{"key": f"member-{m.pk}", "name": str(m), "email": m.user.email, "stage": ""} for m in members])


def _person_q(who: Person) -> Q:
    q = Q(pk__in=[])
    if who.lead is not None:
        q |= Q(lead_id=who.lead.pk)
    if who.member is not None:
        q |= Q(member_id=who.member.pk)
    return q


def conversions(who: Person) -> list[dict]:
    found = Conversion.objects.filter(_person_q(who)).prefetch_related("credits").order_by("-at")[:PER_SOURCE]
    out = []
    for conversion in found:
        credits = {}
        for credit in conversion.credits.all():
            credits.setdefault(credit.model, []).append(
                {"channel": credit.channel, "name": credit.get_channel_display(), "campaign": credit.campaign,
                 "weight": round(credit.weight, 3)})
        out.append({"kind": conversion.kind, "name": conversion.get_kind_display(), "at": conversion.at,
                    "label": conversion.label, "credits": credits})
    return out


def timeline(who: Person, converted: list[dict] | None = None) -> list[Entry]:
    """``converted``: the person's ``conversions()`` when the caller has them already."""
    entries: list[Entry] = []
    for touch in Touch.objects.filter(_person_q(who)).order_by("-at")[:PER_SOURCE]:
        text = _("Arrived from %(channel)s") % {"channel": touch.get_channel_display()}
        entries.append(Entry(touch.at, "visit", text, " · ".join(x for x in (touch.source, touch.campaign) if x)))
    if who.lead is not None:
        _lead_entries(who.lead, entries)
    if who.member is not None:
        _member_entries(who.member, entries)
    for conversion in converted if converted is not None else conversions(who):
        first = conversion["credits"].get("first", [{}])[0]
        entries.append(Entry(conversion["at"], "conversion", str(conversion["name"]),
                             " · ".join(x for x in (conversion["label"], first.get("name", ""),
                                                    first.get("campaign", "")) if x)))
    _shared_entries(who, entries)
    return sorted(entries, reverse=True)


LEAD_EVENTS = {"consent_given": gettext_lazy("Opted in"), "confirmed": gettext_lazy("Confirmed the subscription"),
               "email_open": gettext_lazy("Opened an email"), "email_click": gettext_lazy("Clicked a link in an email"),
               "page_view": gettext_lazy("Read a page"), "pillar_view": gettext_lazy("Read a pillar page"),
               "stage": gettext_lazy("Stage changed"), "event_registration": gettext_lazy("Registered for an event"),
               "wizard_completed": gettext_lazy("Completed the wizard"), "unsubscribed": gettext_lazy("Unsubscribed"),
               "enrolled": gettext_lazy("Entered a sequence"),
               "goal_reached": gettext_lazy("Reached a sequence's goal")}


def _lead_entries(lead: Lead, entries: list[Entry]) -> None:
    for event in lead.events.select_related("page").order_by("-at")[:PER_SOURCE]:
        detail = event.page.title if event.page_id and event.page else ""
        if event.kind == "stage":
            detail = f"{event.data.get('from', '')} → {event.data.get('to', '')}"
        entries.append(Entry(event.at, "lead", str(LEAD_EVENTS.get(event.kind, event.kind)), detail))
    for send in lead.sends.select_related("step").filter(sent_at__isnull=False).order_by("-sent_at")[:PER_SOURCE]:
        entries.append(Entry(send.sent_at, "email", _("Email sent"), send.step.subject))
    for response in lead.wizard_responses.select_related("wizard").order_by("-created_at")[:PER_SOURCE]:
        entries.append(Entry(response.completed_at or response.created_at, "wizard",
                             _("Completed the wizard") if response.completed_at else _("Started the wizard"),
                             str(response.wizard)))
        for click in response.click_outs.select_related("product"):
            entries.append(Entry(click.created_at, "wizard", _("Went to a partner's product"), str(click.product)))


def _member_entries(member: Member, entries: list[Entry]) -> None:
    entries.append(Entry(member.joined_at, "member", _("Became a member"), str(member)))
    for comment in (Comment.objects.filter(author=member, status=Comment.Status.APPROVED)
                    .select_related("thread__page").order_by("-created_at")[:PER_SOURCE]):
        page = comment.thread.page
        entries.append(Entry(comment.created_at, "comment", _("Commented"),
                             f"{page.title if page else ''}: {comment.body[:120]}"))
    for points in Points.objects.filter(member=member).select_related("currency").order_by("-created_at")[:PER_SOURCE]:
        entries.append(Entry(points.created_at, "points", _("Points"), f"{points.amount:+,} {points.currency}"))
    for done in MissionCompletion.objects.filter(member=member).select_related("mission").order_by(
            "-completed_at")[:PER_SOURCE]:
        entries.append(Entry(done.completed_at, "points", _("Completed a mission"), str(done.mission)))


def _shared_entries(who: Person, entries: list[Entry]) -> None:
    """Registrations, NPS and cases, found by the person's address (and account)."""
    email = who.email.lower()
    user = who.member.user if who.member is not None else None
    if email:
        for registration in (EventRegistration.objects.filter(email__iexact=email).select_related("event")
                             .order_by("-created_at")[:PER_SOURCE]):
            entries.append(Entry(registration.created_at, "event", _("Registered for an event"),
                                 f"{registration.event.title} · {registration.get_status_display()}"))
    surveys = NpsSurvey.objects.filter(Q(email=email) if email else Q(pk__in=[]))
    if user is not None:
        surveys = surveys | NpsSurvey.objects.filter(user=user)
    for survey in surveys.filter(answered_at__isnull=False).order_by("-answered_at")[:PER_SOURCE]:
        entries.append(Entry(survey.answered_at, "nps", _("Answered NPS: %(score)s") % {"score": survey.score},
                             survey.about))
    handles = [h for h in (email, getattr(who.member, "handle", None)) if h]
    for case in (Case.objects.filter(mention__author__in=handles).select_related("type", "mention")
                 .order_by("-opened_at")[:PER_SOURCE]):
        entries.append(Entry(case.opened_at, "case", _("Case opened: %(type)s") % {"type": case.type},
                             case.get_status_display()))

