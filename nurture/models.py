"""Leads, their consent, the sequences editors build, and one row per email a lead is due.

The ``Send`` row is the heart of exactly-once delivery: it is written (unique per enrollment and
step) before anyone talks to SMTP, and a worker may only send it after moving it from PENDING to
SENDING in one UPDATE. Two ticks, a retried task or a restarted worker all meet the same row.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable

from .blocks import EmailBodyBlock

MARKETING_EMAIL = "marketing_email"
CONSENT_YEARS = 2  # 정보통신망법 §50⑧: marketing consent is re-confirmed every two years


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Stage(models.TextChoices):
    SUBSCRIBER = "subscriber", _("subscriber")
    LEAD = "lead", _("lead")
    MQL = "mql", _("marketing qualified lead")
    SQL = "sql", _("sales qualified lead")
    CUSTOMER = "customer", _("customer")


class Lead(models.Model):
    """A person who gave an email address. Marketing mail needs a confirmed, live consent as well."""

    email = models.EmailField(_("email"), max_length=254)
    email_key = models.CharField(max_length=254, unique=True, editable=False)  # lower-cased: one lead per address
    name = models.CharField(_("name"), max_length=120, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="ko")
    time_zone = models.CharField(_("time zone"), max_length=64, default="Asia/Seoul")
    source_page = models.ForeignKey("wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("source page"))
    utm = models.JSONField(_("first-touch UTM"), default=dict, blank=True)
    topics = models.JSONField(_("topics of interest"), default=list, blank=True)  # topic slugs, from preferences
    interests = models.JSONField(_("interests from engagement"), default=dict, blank=True)  # topic slug -> weight
    weekly_only = models.BooleanField(_("at most one email a week"), default=False)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)  # opaque link token
    stage = models.CharField(_("stage"), max_length=16, choices=Stage.choices, default=Stage.SUBSCRIBER)
    score = models.IntegerField(_("score"), default=0)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)
    suppressed_at = models.DateTimeField(_("suppressed"), null=True, blank=True)
    suppression_reason = models.CharField(_("suppression reason"), max_length=120, blank=True)
    erased_at = models.DateTimeField(_("erased"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("lead")
        verbose_name_plural = _("leads")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.email

    def save(self, *args, **kwargs):
        self.email_key = self.email.strip().lower()
        super().save(*args, **kwargs)

    def timeline(self):
        """The last 50 events, newest first (the admin's inspect view shows it)."""
        from django.utils.html import format_html, format_html_join

        items = [(e.at, e.kind, e.page.title if e.page_id else "") for e in self.events.select_related("page")[:50]]
        items += [(s.sent_at, "email_sent", s.step.subject) for s in
                  self.sends.filter(sent_at__isnull=False).select_related("step").order_by("-sent_at")[:50]]
        items.sort(key=lambda item: item[0], reverse=True)
        from django.urls import reverse

        rows = format_html_join("", "<li><time>{}</time> {} {}</li>", (
            (at.strftime("%Y-%m-%d %H:%M"), kind, title) for at, kind, title in items[:50]))
        from .loyalty import facts

        known = facts(self)
        loyalty = format_html(
            '<p class="nurture-loyalty">{}</p>',
            _("Member: rank %(rank)s, %(points)d points earned in all, %(recent)d in the last 30 days, "
              "%(balance)d to spend") % {"rank": known["rank_name"], "points": known["points"],
                                         "recent": known["recent_points"], "balance": known["balance"]},
        ) if known else ""
        return format_html(
            '{}<ol class="nurture-timeline">{}</ol><p><a href="{}">{}</a> · <a href="{}">{}</a></p>', loyalty, rows,
            reverse("nurture_export_lead", args=[self.pk]), _("Export (JSON)"),
            reverse("nurture_erase_lead", args=[self.pk]), _("Erase personal data…"))

    timeline.short_description = _("timeline")

    def marketing_consent(self) -> Consent | None:
        return self.consents.filter(purpose=MARKETING_EMAIL, withdrawn_at__isnull=True).order_by("-given_at").first()


class Consent(models.Model):
    """One consent as given: when, from where, to which text. Never edited, only withdrawn or renewed."""

    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=40, default=MARKETING_EMAIL)
    given_at = models.DateTimeField(_("given"))
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    page = models.ForeignKey("wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    form = models.CharField(_("form"), max_length=80, blank=True)  # "landing:12", "api", "preferences"
    text_version = models.CharField(_("consent text version"), max_length=80, blank=True)
    text = models.TextField(_("consent text shown"), blank=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    confirmed_ip = models.GenericIPAddressField(null=True, blank=True)
    renewal_notice_sent_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        verbose_name = _("consent")
        ordering = ["-given_at"]

    def __str__(self) -> str:
        return f"{self.lead} · {self.purpose} · {self.given_at:%Y-%m-%d}"

    @property
    def expires_at(self):
        start = self.confirmed_at or self.given_at
        return start + timedelta(days=365 * CONSENT_YEARS)

    def live(self, now) -> bool:
        return self.confirmed_at is not None and self.withdrawn_at is None and now < self.expires_at


class Segment(models.Model):
    """A saved description of leads (stage, score, topic, language) that sequences can take as their entry."""

    name = models.CharField(_("name"), max_length=120)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, blank=True)
    min_stage = models.CharField(_("stage at least"), max_length=16, choices=Stage.choices, blank=True)
    min_score = models.IntegerField(_("score at least"), null=True, blank=True)
    topic = models.ForeignKey("cms.Topic", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                              verbose_name=_("interested in topic"))
    min_loyalty_rank = models.PositiveSmallIntegerField(
        _("loyalty rank at least"), null=True, blank=True,
        help_text=_("Members whose rewards rank is this or higher (1 is the first rank, in the order of "
                    "Rewards → Ranks). Leads who are not members never match."))
    min_recent_points = models.PositiveIntegerField(
        _("points earned in the last 30 days at least"), null=True, blank=True,
        help_text=_("Active members: points earned recently, whatever they spent."))

    class Meta:
        verbose_name = _("segment")
        verbose_name_plural = _("segments")

    def __str__(self) -> str:
        return self.name

    def matches(self, lead: Lead) -> bool:
        from .scoring import ORDER

        if self.language and lead.language != self.language:
            return False
        if self.min_stage and ORDER.index(lead.stage) < ORDER.index(self.min_stage):
            return False
        if self.min_score is not None and lead.score < self.min_score:
            return False
        if self.topic_id and not (self.topic.slug in (lead.topics or []) or
                                  (lead.interests or {}).get(self.topic.slug, 0) > 0):
            return False
        if self.min_loyalty_rank is not None or self.min_recent_points is not None:
            from .loyalty import facts

            known = facts(lead)
            if known is None or known["rank"] < (self.min_loyalty_rank or 0) \
                    or known["recent_points"] < (self.min_recent_points or 0):
                return False
        return True


class Sequence(ClusterableModel):
    """A series of emails an editor writes once; leads enter it and get each step at its day."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("list id"), max_length=60, unique=True,
                            help_text=_("Names the list in the List-Id header and in the links' utm_campaign."))
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="ko",
                                help_text=_("Only leads who read this language enter."))
    active = models.BooleanField(_("active"), default=True)
    advertising = models.BooleanField(
        _("advertising"), default=True,
        help_text=_("Advertising mail starts its subject with (광고) as Korean law requires."),
    )
    trigger_page = models.ForeignKey(
        "cms.LandingPage", null=True, blank=True, on_delete=models.SET_NULL, related_name="nurture_sequences",
        verbose_name=_("entered from this landing page"),
        help_text=_("Leads who submit this page's form with consent enter once they confirm."),
    )
    trigger_topic = models.ForeignKey(
        "cms.Topic", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("entered on interest in this topic"),
        help_text=_("Confirmed leads whose interest in the topic reaches the weight below enter (or who chose it)."),
    )
    trigger_weight = models.FloatField(_("interest weight"), default=10)
    trigger_segment = models.ForeignKey(
        Segment, null=True, blank=True, on_delete=models.SET_NULL, related_name="sequences",
        verbose_name=_("entered by leads in this segment"),
    )
    trigger_inactive_days = models.PositiveIntegerField(
        _("entered after this many days without activity"), null=True, blank=True,
        help_text=_("A re-engagement sequence: confirmed leads with no visit, open or click for this long enter."),
    )
    goal_stage = models.CharField(
        _("goal"), max_length=16, blank=True,
        choices=[("", _("none"))] + [(s.value, s.label) for s in Stage if s != Stage.SUBSCRIBER],
        help_text=_("A lead who reaches this stage leaves the sequence, counted as goal reached."),
    )
    max_late_hours = models.PositiveIntegerField(
        _("skip a step this many hours late"), default=24,
        help_text=_("A step that could not go out in time is recorded as skipped rather than sent late."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    panels = [
        FieldRowPanel(["name", "slug"]),
        FieldRowPanel(["language", "active", "advertising"]),
        MultiFieldPanel(["trigger_page", FieldRowPanel(["trigger_topic", "trigger_weight"]),
                         "trigger_segment",
                         "trigger_inactive_days",
                         "goal_stage",
                         "max_late_hours"], heading=_("Entry, goal and timing")),
        InlinePanel("steps", label=_("Steps"), min_num=1),
    ]

    class Meta:
        verbose_name = _("nurture sequence")
        verbose_name_plural = _("nurture sequences")

    def __str__(self) -> str:
        return self.name


class Condition(models.TextChoices):
    ALWAYS = "", _("always")
    OPENED = "opened_previous", _("opened the previous email")
    NOT_OPENED = "not_opened_previous", _("did not open the previous email")
    CLICKED = "clicked_previous", _("clicked in the previous email")
    NOT_CLICKED = "not_clicked_previous", _("did not click in the previous email")
    MIN_SCORE = "min_score", _("score at least (value)")
    STAGE = "stage_at_least", _("stage at least (value: lead, mql, sql, customer)")
    TOPIC = "topic_interest", _("interested in the topic (value: topic slug)")


class Step(Orderable):
    sequence = ParentalKey(Sequence, on_delete=models.CASCADE, related_name="steps")
    delay_days = models.PositiveIntegerField(_("day"), default=0, help_text=_("Days after the lead entered."))
    subject = models.CharField(_("subject"), max_length=150)
    preheader = models.CharField(_("preheader"), max_length=150, blank=True,
                                 help_text=_("The line mail clients show after the subject."))
    body = StreamField(EmailBodyBlock(), verbose_name=_("body"))
    condition = models.CharField(
        _("send only if"), max_length=24, choices=Condition.choices, default=Condition.ALWAYS, blank=True,
        help_text=_("Otherwise the step is recorded as skipped and the sequence goes on. Two steps on the same "
                    "day with opposite conditions make a branch."),
    )
    condition_value = models.CharField(_("value"), max_length=60, blank=True)

    panels = [FieldRowPanel(["delay_days", "subject"]), FieldPanel("preheader"),
              FieldRowPanel(["condition", "condition_value"]), FieldPanel("body")]

    class Meta(Orderable.Meta):
        verbose_name = _("step")

    def __str__(self) -> str:
        return f"{self.sequence} · {self.delay_days}: {self.subject}"


class Enrollment(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        COMPLETED = "completed", _("completed")
        STOPPED = "stopped", _("stopped")

    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="enrollments")
    sequence = models.ForeignKey(Sequence, on_delete=models.CASCADE, related_name="enrollments")
    enrolled_at = models.DateTimeField(_("entered"))
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.ACTIVE)
    stopped_reason = models.CharField(max_length=120, blank=True)
    # When the tick next needs to look at this enrolment (its next step's day, the lead's morning, the
    # end of the gap between emails); empty once nothing is left. The tick reads only what has passed.
    # A row written any other way than ``actions.enroll`` (a bulk insert, an import) is due at once.
    next_due_at = models.DateTimeField(null=True, blank=True, db_default=Now())

    class Meta:
        verbose_name = _("enrollment")
        constraints = [models.UniqueConstraint(fields=["lead", "sequence"], name="nurture_one_enrollment")]
        indexes = [models.Index(fields=["status", "sequence"]),
                   models.Index(fields=["next_due_at", "id"], condition=models.Q(status="active"),
                                name="nurture_enrollment_due")]

    def __str__(self) -> str:
        return f"{self.lead} → {self.sequence}"


class Send(models.Model):
    """One email of one step to one lead, recorded before it is sent."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting to send")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")
        SKIPPED = "skipped", _("skipped")

    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="sends")
    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="sends")
    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="sends")
    due_at = models.DateTimeField(_("due"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)
    retry_at = models.DateTimeField(null=True, blank=True)
    queued_at = models.DateTimeField(null=True, blank=True)  # last handed to the task queue
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    message_id = models.CharField(max_length=200, blank=True)
    picked_pages = models.JSONField(default=list, blank=True)  # pages the email offered (never offered twice)
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)
    clicked_at = models.DateTimeField(_("clicked"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("email send")
        constraints = [models.UniqueConstraint(fields=["enrollment", "step"], name="nurture_send_once")]
        indexes = [models.Index(fields=["status", "due_at"]), models.Index(fields=["lead", "sent_at"])]

    def __str__(self) -> str:
        return f"{self.step} → {self.lead} ({self.status})"


class LeadEvent(models.Model):
    """The lead's timeline: consent, confirmation, emails, visits, unsubscribes."""

    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=40)
    at = models.DateTimeField()
    page = models.ForeignKey("wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["lead", "kind"])]

    def __str__(self) -> str:
        return f"{self.lead} · {self.kind}"


class ScoringRule(models.Model):
    """Points for one kind of engagement; editors change them in the admin."""

    class Kind(models.TextChoices):
        PAGE_VIEW = "page_view", _("page view")
        PILLAR_VIEW = "pillar_view", _("pillar page view")
        EMAIL_OPEN = "email_open", _("email opened")
        EMAIL_CLICK = "email_click", _("email link clicked")
        EVENT_REGISTRATION = "event_registration", _("event registration")
        FORM_SUBMITTED = "consent_given", _("form submitted")
        WIZARD_COMPLETED = "wizard_completed", _("shop wizard completed")

    kind = models.CharField(_("engagement"), max_length=40, choices=Kind.choices, unique=True)
    points = models.IntegerField(_("points"))

    class Meta:
        verbose_name = _("scoring rule")
        verbose_name_plural = _("scoring rules")
        ordering = ["kind"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.points:+d}"


class StageThreshold(models.Model):
    """The score at which a lead moves up to a stage (customer is set by hand or by a purchase)."""

    stage = models.CharField(_("stage"), max_length=16, choices=[(s.value, s.label) for s in Stage
                                                                 if s not in (Stage.SUBSCRIBER, Stage.CUSTOMER)],
                             unique=True)
    min_score = models.PositiveIntegerField(_("from score"))

    class Meta:
        verbose_name = _("stage threshold")
        verbose_name_plural = _("stage thresholds")
        ordering = ["min_score"]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} ≥ {self.min_score}"
