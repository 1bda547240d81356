"""Attribution: which channels brought a conversion.

Consent decides what is tied to a person. Until someone opts in, their browser alone holds where it
last arrived from (one signed cookie: a channel and a campaign with the time, naming nobody), and the
server keeps only anonymous counts. When they convert (opt in as a lead, sign up, register, complete
the wizard, click out), that arrival becomes their first touch; after that, while their consent lasts
(the nurture app's signed lead cookie, or a signed-in member's linked lead), each arrival from outside
is a touch of theirs. A conversion is credited over the person's touches in the window
(INSIGHTS_ATTRIBUTION_DAYS): first touch, last touch and linear. An anonymous conversion is credited to
the arrival its browser holds, and ties nothing to anyone."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta
from urllib.parse import quote, unquote

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from community.models import Member
from nurture.models import MARKETING_EMAIL, Consent
from nurture.tracking import lead_id_from

from ..middleware import current_request
from ..models import Channel, Conversion, Credit, Model, PageView, Touch

ARRIVAL_COOKIE, ARRIVAL_SALT = "visit_from", "insights.arrival"
FIELDS = ("channel", "source", "medium", "campaign", "link")


def window() -> timedelta:
    return timedelta(days=settings.INSIGHTS_ATTRIBUTION_DAYS)


# --- the arrival a browser holds ---------------------------------------------------------------------

def arrival_of(request: HttpRequest | None) -> Touch | None:
    """The browser's last arrival from outside (unsaved, naming nobody), if it is within the window."""
    if request is None:
        return None
    try:
        value = request.get_signed_cookie(ARRIVAL_COOKIE, salt=ARRIVAL_SALT, max_age=window())
        *parts, stamp = [unquote(part) for part in value.split("|")]
        at = datetime.fromtimestamp(int(stamp), tz=timezone.get_current_timezone())
    except (KeyError, ValueError, TypeError, signing.BadSignature):
        return None
    if len(parts) != len(FIELDS) or parts[0] not in Channel.values:
        return None
    return Touch(at=at, **dict(zip(FIELDS, parts, strict=True)))


def remember_arrival(request: HttpRequest, response: HttpResponse, view: PageView) -> None:
    """A visit from outside is the browser's new arrival; a direct one does not hide an earlier arrival
    from a channel (last non-direct, as campaign reports count it)."""
    if view.channel == Channel.INTERNAL:
        return
    if view.channel == Channel.DIRECT and arrival_of(request) is not None:
        return
    # Percent-encoded: a campaign in Korean stays one ASCII cookie value.
    value = "|".join([*(quote(str(getattr(view, f)), safe="") for f in FIELDS), str(int(view.at.timestamp()))])
    response.set_signed_cookie(ARRIVAL_COOKIE, value, salt=ARRIVAL_SALT, max_age=int(window().total_seconds()),
                               httponly=True, samesite="Lax", secure=request.is_secure())


# --- who, while they consent --------------------------------------------------------------------------

def consenting(lead_id: int | None) -> bool:
    return bool(lead_id) and Consent.objects.filter(
        lead_id=lead_id, purpose=MARKETING_EMAIL, withdrawn_at__isnull=True, lead__erased_at__isnull=True).exists()


def member_of(user) -> tuple[int | None, int | None]:
    """(member id, their linked lead's id) of a signed-in user."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None, None
    row = Member.objects.filter(user=user).values_list("pk", "lead_id").first()
    return row if row else (None, None)


def consenting_lead(request: HttpRequest, member_lead: int | None = None) -> int | None:
    """The lead this browser is, only while they consent: the nurture cookie's lead, else a signed-in
    member's linked lead (``member_lead`` when the caller has read it already)."""
    lead_id = lead_id_from(request) or member_lead or member_of(getattr(request, "user", None))[1]
    return lead_id if consenting(lead_id) else None


def tie_view(view: PageView, lead_id: int) -> None:
    """A consenting lead's arrival from outside is a touch of theirs."""
    if view.channel != Channel.INTERNAL:
        tie(Touch(lead_id=lead_id, at=view.at.replace(microsecond=0), **{f: getattr(view, f) for f in FIELDS}))


def tie(touch: Touch) -> None:
    """Once: the same arrival may be tied by its view (a consenting lead) and again by a conversion."""
    person = (Q(lead_id=touch.lead_id) if touch.lead_id else Q()) | (
        Q(member_id=touch.member_id) if touch.member_id else Q())
    if not Touch.objects.filter(person, at=touch.at, channel=touch.channel, campaign=touch.campaign,
                                link=touch.link).exists():
        touch.save()


# --- conversions ---------------------------------------------------------------------------------------

def credits(touches: list[Touch]) -> list[tuple[str, str, str, str, float]]:
    """(model, channel, campaign, link, weight) for touches in time order; none → unknown."""
    if not touches:
        return [(m, Channel.UNKNOWN, "", "", 1.0) for m in Model.values]
    first, last = touches[0], touches[-1]
    out = [(Model.FIRST, first.channel, first.campaign, first.link, 1.0),
           (Model.LAST, last.channel, last.campaign, last.link, 1.0)]
    shares: dict[tuple, float] = defaultdict(float)
    for touch in touches:
        shares[(touch.channel, touch.campaign, touch.link)] += 1 / len(touches)
    out += [(Model.LINEAR, *key, weight) for key, weight in shares.items()]
    return out


def touches_for(lead_id: int | None, member_id: int | None, at: datetime) -> list[Touch]:
    person = (Q(lead_id=lead_id) if lead_id else Q()) | (Q(member_id=member_id) if member_id else Q())
    if not person:
        return []
    return list(Touch.objects.filter(person, at__gte=at - window(), at__lte=at).order_by("at", "pk")[:200])


def convert(kind: str, ref: str, *, at: datetime | None = None, lead_id: int | None = None,
            member_id: int | None = None, label: str = "", request: HttpRequest | None = None) -> Conversion | None:
    """Record a conversion once (by kind and ref) and credit it; None when it was recorded already.
    ``request`` (else the one being answered) holds the browser's arrival; with a person, that arrival
    becomes their touch."""
    request = request if request is not None else current_request()
    at = (at or timezone.now()).replace(microsecond=0)
    if lead_id is None and member_id is None and request is not None:
        member_id, member_lead = member_of(getattr(request, "user", None))
        lead_id = consenting_lead(request, member_lead) or member_lead
    if lead_id and not member_id:
        member_id = Member.objects.filter(lead_id=lead_id).values_list("pk", flat=True).first()
    arrival = arrival_of(request)
    try:
        with transaction.atomic():
            conversion = Conversion.objects.create(kind=kind, ref=ref[:60], at=at, lead_id=lead_id,
                                                   member_id=member_id, label=label[:200])
            if arrival is not None and (lead_id or member_id):
                tie(Touch(lead_id=lead_id, member_id=member_id, at=arrival.at,
                          **{f: getattr(arrival, f) for f in FIELDS}))
            touches = touches_for(lead_id, member_id, at)
            if not touches and arrival is not None and arrival.at >= at - window():
                touches = [arrival]  # anonymous: its browser's arrival, tied to nobody
            Credit.objects.bulk_create(
                Credit(conversion=conversion, model=model, channel=channel, campaign=campaign, link=link,
                       weight=weight) for model, channel, campaign, link, weight in credits(touches))
    except IntegrityError:  # this conversion is recorded already
        return None
    transaction.on_commit(roll_up_soon)
    return conversion


def recredit(conversion: Conversion) -> None:
    """Credit a conversion again over the person's touches now known (an import, the demo)."""
    with transaction.atomic():
        conversion.credits.all().delete()
        Credit.objects.bulk_create(
            Credit(conversion=conversion, model=model, channel=channel, campaign=campaign, link=link, weight=weight)
            for model, channel, campaign, link, weight in credits(
                touches_for(conversion.lead_id, conversion.member_id, conversion.at)))


def roll_up_soon() -> None:
    """Today's rollups rebuilt within a minute of a conversion (once, however many come meanwhile), so
    the dashboard shows it without reading raw events."""
    if cache.add("insights:rollup-soon", 1, 60):
        from ..tasks import roll_up_today

        roll_up_today.apply_async(countdown=30)


# --- the person's data: export and erase (registered with nurture) ------------------------------------

def export_lead(lead) -> dict:
    member_id = getattr(getattr(lead, "member", None), "pk", None)
    person = Q(lead_id=lead.pk) | (Q(member_id=member_id) if member_id else Q(pk__in=[]))
    return {
        "touches": [{"at": t.at.isoformat(), **{f: getattr(t, f) for f in FIELDS}}
                    for t in Touch.objects.filter(person)],
        "conversions": [{"kind": c.kind, "at": c.at.isoformat(), "label": c.label,
                         "credits": [{"model": r.model, "channel": r.channel, "campaign": r.campaign,
                                      "weight": round(r.weight, 3)} for r in c.credits.all()]}
                        for c in Conversion.objects.filter(person).prefetch_related("credits")],
        "page_views": [{"at": v.at.isoformat(), "path": v.path, "channel": v.channel}
                       for v in PageView.objects.filter(lead_id=lead.pk).order_by("at")[:10000]],
    }


def erase_lead(lead) -> None:
    """The touches go; views and conversions stay as anonymous counts (reports stay true)."""
    member_id = getattr(getattr(lead, "member", None), "pk", None)
    person = Q(lead_id=lead.pk) | (Q(member_id=member_id) if member_id else Q(pk__in=[]))
    Touch.objects.filter(person).delete()
    Conversion.objects.filter(person).update(lead_id=None, member_id=None)
    PageView.objects.filter(lead_id=lead.pk).update(lead_id=None)
