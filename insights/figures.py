"""The dashboard's figures from the other apps, one day at a time: the rollup task computes a day's
figures here and keeps them as rows (``DailyFigure``), so the dashboard sums rows over a period and
never reads mentions, searches, comments or ledgers at request time.

Each figure has a section (listen, create, target, convert, retain), how a period reads it ("sum" of
its days, or "last": the value on the period's last day, for sizes and counts over a trailing window)
and the admin list behind it (the drill-down)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.apps import apps
from django.db.models import Count, F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from cms.models import EventRegistration, PostPage
from community.models import Comment, Thread
from listening.models import Case, Mention, NpsSurvey
from nurture.models import Enrollment, Lead, Segment, Sequence
from nurture.scoring import ORDER
from rewards.models import Entry, MissionCompletion
from search.models import QueryLog
from shop_wizard.models import ClickOut, Response

Rows = list[tuple[str, float]]  # (dimension, value); "" is the figure's total


@dataclass(frozen=True)
class Figure:
    key: str
    section: str
    label: object
    compute: Callable[[datetime, datetime, date], Rows]
    how: str = "sum"
    drill: str = ""  # an admin URL name (with an optional "?query")
    app: str = ""  # shown only when this app is installed


def bounds(day: date) -> tuple[datetime, datetime]:
    start = timezone.make_aware(datetime.combine(day, time.min))
    return start, start + timedelta(days=1)


def _by(queryset, dimension: str | None = None, value=None) -> Rows:
    if dimension is None:
        total = queryset.aggregate(n=value or Count("pk"))["n"] or 0
        return [("", float(total))] if total else []
    # order_by(): a manager's own ordering (pages are ordered by their tree path) would split the groups
    return [(str(k or ""), float(n)) for k, n in queryset.order_by().values_list(dimension)
            .annotate(n=value or Count("pk"))
            .values_list(dimension, "n") if n]


# --- listen -------------------------------------------------------------------------------------------

def mentions(start, end, day) -> Rows:
    return _by(Mention.objects.filter(posted_at__gte=start, posted_at__lt=end, staff_only=False), "sentiment")


def searches(start, end, day) -> Rows:
    return _by(QueryLog.objects.filter(created_at__gte=start, created_at__lt=end, staff=False))


def zero_searches(start, end, day) -> Rows:
    return _by(QueryLog.objects.filter(created_at__gte=start, created_at__lt=end, staff=False, result_count=0))


def search_terms(start, end, day) -> Rows:
    """The day's 30 most searched terms (the dashboard sums them over the period for what trends)."""
    rows = (QueryLog.objects.filter(created_at__gte=start, created_at__lt=end, staff=False).values_list("query")
            .annotate(n=Count("pk")).order_by("-n", "query").values_list("query", "n")[:30])
    return [(q, float(n)) for q, n in rows]


# --- create -------------------------------------------------------------------------------------------

def published(start, end, day) -> Rows:
    pages = Page.objects.filter(first_published_at__gte=start, first_published_at__lt=end, live=True)
    return _by(pages, "content_type__model")


def posts_by_team(start, end, day) -> Rows:
    return _by(PostPage.objects.filter(first_published_at__gte=start, first_published_at__lt=end), "team__name")


def event_outputs(start, end, day) -> Rows:
    return _by(PostPage.objects.filter(first_published_at__gte=start, first_published_at__lt=end,
                                       kind__in=["event_report", "project_output"]), "kind")


def content_gaps(start, end, day) -> Rows:
    """Queries that found nothing in the 30 days to this day and have no page (draft or live) titled
    with them: what to write next."""
    rows = (QueryLog.objects.filter(created_at__gte=end - timedelta(days=30), created_at__lt=end, staff=False,
                                    result_count=0).values_list("query").annotate(n=Count("pk"))
            .order_by("-n", "query").values_list("query", "n")[:40])
    return [(q, float(n)) for q, n in rows if not Page.objects.filter(title__icontains=q).exists()][:20]


# --- target -------------------------------------------------------------------------------------------

def segment_sizes(start, end, day) -> Rows:
    out = []
    leads = Lead.objects.filter(erased_at__isnull=True, unsubscribed_at__isnull=True, created_at__lt=end)
    for segment in Segment.objects.select_related("topic"):
        candidates = leads
        if segment.language:
            candidates = candidates.filter(language=segment.language)
        if segment.min_stage:
            candidates = candidates.filter(stage__in=ORDER[ORDER.index(segment.min_stage):])
        if segment.min_score is not None:
            candidates = candidates.filter(score__gte=segment.min_score)
        needs_each = segment.topic_id or segment.min_loyalty_rank is not None or segment.min_recent_points is not None
        size = sum(1 for lead in candidates.iterator() if segment.matches(lead)) if needs_each else candidates.count()
        out.append((segment.name, float(size)))
    return out


def active_sequences(start, end, day) -> Rows:
    return _by(Sequence.objects.filter(active=True))


def enrolments(start, end, day) -> Rows:
    return _by(Enrollment.objects.filter(enrolled_at__gte=start, enrolled_at__lt=end), "sequence__name")


# --- convert (beside the attributed funnel, which the conversions' own rollup keeps) -------------------

def wizard_starts(start, end, day) -> Rows:
    return _by(Response.objects.filter(created_at__gte=start, created_at__lt=end, source="site"))


def wizard_completions(start, end, day) -> Rows:
    return _by(Response.objects.filter(completed_at__gte=start, completed_at__lt=end, source="site"))


def click_outs(start, end, day) -> Rows:
    return _by(ClickOut.objects.filter(created_at__gte=start, created_at__lt=end), "partner__name")


def registrations(start, end, day) -> Rows:
    return _by(EventRegistration.objects.filter(created_at__gte=start, created_at__lt=end)
               .exclude(status="cancelled"), "event__title")


def attendance(start, end, day) -> Rows:
    return _by(Entry.objects.filter(created_at__gte=start, created_at__lt=end, kind="award",
                                    rule__event="event_attended"))


# --- retain -------------------------------------------------------------------------------------------

def _active_members(days: int):
    def compute(start, end, day) -> Rows:
        n = (Comment.objects.filter(created_at__gte=end - timedelta(days=days), created_at__lt=end,
                                    status="approved", author__isnull=False)
             .values("author").distinct().count())
        return [("", float(n))] if n else []
    return compute


def comments(start, end, day) -> Rows:
    return _by(Comment.objects.filter(created_at__gte=start, created_at__lt=end, status="approved"))


def answers(start, end, day) -> Rows:
    return _by(Thread.objects.filter(accepted__created_at__gte=start, accepted__created_at__lt=end))


def points(start, end, day) -> Rows:
    return _by(Entry.objects.filter(created_at__gte=start, created_at__lt=end, kind="award", amount__gt=0),
               value=Sum("amount"))


def missions(start, end, day) -> Rows:
    return _by(MissionCompletion.objects.filter(completed_at__gte=start, completed_at__lt=end))


def nps(start, end, day) -> Rows:
    answered = NpsSurvey.objects.filter(answered_at__gte=start, answered_at__lt=end, score__isnull=False)
    counts = answered.aggregate(promoters=Count("pk", filter=Q(score__gte=9)),
                                passives=Count("pk", filter=Q(score__in=[7, 8])),
                                detractors=Count("pk", filter=Q(score__lte=6)))
    return [(k, float(v)) for k, v in counts.items() if v]


def cases_opened(start, end, day) -> Rows:
    return _by(Case.objects.filter(opened_at__gte=start, opened_at__lt=end))


def cases_answered(start, end, day) -> Rows:
    answered = Case.objects.filter(first_response_at__gte=start, first_response_at__lt=end)
    counts = answered.aggregate(in_time=Count("pk", filter=Q(first_response_at__lte=F("first_response_due"))),
                                late=Count("pk", filter=Q(first_response_at__gt=F("first_response_due"))))
    return [(k, float(v)) for k, v in counts.items() if v]


FIGURES = [
    Figure("mentions", "listen", _("Mentions by mood"), mentions, drill="wagtailsnippets_listening_mention:list",
           app="listening"),
    Figure("searches", "listen", _("Searches"), searches, drill="site_search_insights"),
    Figure("zero_searches", "listen", _("Searches that found nothing"), zero_searches, drill="site_search_insights"),
    Figure("search_terms", "listen", _("Trending search terms"), search_terms, drill="site_search_insights"),
    Figure("published", "create", _("Pages published"), published, drill="wagtailadmin_reports:site_history"),
    Figure("posts_by_team", "create", _("Staff posts filed, by team"), posts_by_team),
    Figure("event_outputs", "create", _("Event reports and project outputs"), event_outputs),
    Figure("content_gaps", "create", _("Content gaps (searched, found nothing, no page yet)"), content_gaps,
           how="last", drill="site_search_insights"),
    Figure("segments", "target", _("Segment sizes"), segment_sizes, how="last",
           drill="wagtailsnippets_nurture_segment:list"),
    Figure("sequences", "target", _("Active sequences"), active_sequences, how="last",
           drill="wagtailsnippets_nurture_sequence:list"),
    Figure("enrolments", "target", _("Enrolments, by sequence"), enrolments, drill="nurture_dashboard"),
    Figure("wizard_starts", "convert", _("Wizard starts"), wizard_starts, drill="shop_wizard_analytics"),
    Figure("wizard_completions", "convert", _("Wizard completions"), wizard_completions,
           drill="shop_wizard_analytics"),
    Figure("click_outs", "convert", _("Click-outs, by partner"), click_outs, drill="shop_wizard_analytics"),
    Figure("registrations", "convert", _("Event registrations"), registrations),
    Figure("attendance", "convert", _("Event check-ins"), attendance, app="rewards"),
    Figure("active_7", "retain", _("Active members (7 days)"), _active_members(7), how="last",
           drill="community_moderation"),
    Figure("active_30", "retain", _("Active members (30 days)"), _active_members(30), how="last",
           drill="community_moderation"),
    Figure("active_90", "retain", _("Active members (90 days)"), _active_members(90), how="last",
           drill="community_moderation"),
    Figure("comments", "retain", _("Comments"), comments, drill="community_moderation"),
    Figure("answers", "retain", _("Accepted answers"), answers, drill="listening_advocates", app="listening"),
    Figure("points", "retain", _("Points earned"), points, drill="wagtailsnippets_rewards_entry:list", app="rewards"),
    Figure("missions", "retain", _("Missions completed"), missions, app="rewards"),
    Figure("nps", "retain", _("NPS answers"), nps, drill="listening_reports", app="listening"),
    Figure("cases_opened", "retain", _("Cases opened"), cases_opened, drill="listening_cases_report",
           app="listening"),
    Figure("cases_answered", "retain", _("Cases answered (in time, late)"), cases_answered,
           drill="listening_cases_report", app="listening"),
]


def installed() -> list[Figure]:
    return [f for f in FIGURES if not f.app or apps.is_installed(f.app)]


def compute_day(day: date) -> list[tuple[str, str, float]]:
    """(key, dimension, value) of every figure for one day (site time)."""
    start, end = bounds(day)
    return [(figure.key, dimension[:120], value) for figure in installed()
            for dimension, value in figure.compute(start, end, day)]
