"""Mentions: everything people say, from every source, in one shape; and the sources they come from."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class Source(models.Model):
    class Kind(models.TextChoices):
        COMMUNITY = "community", _("the community (comments and questions)")
        FILE = "file", _("an imported file")
        FEED = "feed", _("an RSS or Atom feed")
        WEBHOOK = "webhook", _("a webhook")
        EMAIL = "email", _("inbound email")
        SITE = "site", _("the site's forms (wizard, landing pages)")

    class Direction(models.TextChoices):
        OWN = "own", _("our own channels")
        SAME = "same", _("the same industry")
        OTHER = "other", _("other industries")
        CUSTOMERS = "customers", _("customer groups")

    name = models.CharField(_("name"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices, default=Direction.OWN)
    url = models.URLField(_("address"), blank=True, max_length=500)
    active = models.BooleanField(_("active"), default=True)
    # Where the last pull stopped (a feed's ETag and Last-Modified, say): the source's own business.
    cursor = models.JSONField(default=dict, blank=True, editable=False)
    # A webhook source's token: only its hash is kept (the token is shown once, when it is made).
    token_digest = models.CharField(max_length=64, blank=True, editable=False, db_index=True)

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def last_pull(self) -> str:
        """For the admin's list: when the source was last pulled and how it went."""
        cursor = self.cursor or {}
        if not cursor.get("pulled_at"):
            return ""
        return f"{cursor['pulled_at'][:16].replace('T', ' ')} · {cursor.get('error') or cursor.get('status') or ''}"

    last_pull.short_description = _("last pull")


class Sentiment(models.TextChoices):
    POSITIVE = "positive", _("positive")
    NEUTRAL = "neutral", _("neutral")
    NEGATIVE = "negative", _("negative")


class Mention(models.Model):
    wagtail_reference_index_ignore = True

    class By(models.TextChoices):
        PENDING = "pending", _("not yet judged")
        LEXICON = "lexicon", _("the lexicon")
        MODEL = "model", _("the trained model")
        STAFF = "staff", _("staff")

    # Not indexed by itself: (source, external_id) is, and a source is rarely deleted; one index fewer
    # to write on every imported row.
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="mentions", verbose_name=_("source"),
                               db_index=False)
    channel = models.CharField(_("channel"), max_length=30)  # indexed with the time (Meta), for the inbox
    external_id = models.CharField(_("id at the source"), max_length=200, blank=True)
    author = models.CharField(_("author"), max_length=200, blank=True)
    text = models.TextField(_("text"))
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="ko")
    url = models.URLField(_("address"), max_length=500, blank=True)
    posted_at = models.DateTimeField(_("posted"), db_index=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replies",
                               verbose_name=_("in reply to"), db_index=False)  # few have one: a partial index
    raw = models.JSONField(_("as received"), default=dict, blank=True)
    # The same text by the same author at the same minute is one mention, whichever source brought it.
    fingerprint = models.CharField(max_length=64)  # unique by a constraint (Meta): no LIKE index beside it
    # About something only staff may read (a comment on an internal post): never shown to anyone else.
    staff_only = models.BooleanField(_("staff only"), default=False)
    # Empty until judged: a large import is stored at once and judged in the background.
    sentiment = models.CharField(_("sentiment"), max_length=8, choices=Sentiment.choices, blank=True, default="")
    sentiment_score = models.FloatField(_("score"), default=0.0, help_text=_("From −1 (negative) to 1 (positive)."))
    sentiment_by = models.CharField(_("judged by"), max_length=8, choices=By.choices, default=By.PENDING)
    received_at = models.DateTimeField(_("received"), auto_now_add=True)
    complaint_type = models.ForeignKey("listening.ComplaintType", null=True, blank=True, on_delete=models.SET_NULL,
                                       related_name="mentions", verbose_name=_("complaint type"),
                                       db_index=False)  # indexed with the time (Meta), for the inbox
    type_suggested = models.BooleanField(_("type suggested, not yet confirmed"), default=False)
    # The case's status and team, copied here for the inbox's filters (cases.py keeps them true).
    case_status = models.CharField(_("case status"), max_length=12, blank=True, default="", editable=False)
    team = models.ForeignKey("cms.Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                             editable=False, db_index=False, verbose_name=_("team"))

    class Meta:
        verbose_name = _("mention")
        verbose_name_plural = _("mentions")
        ordering = ["-posted_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["source", "external_id"], condition=~models.Q(external_id=""),
                                               name="listening_one_per_source_id"),
                       models.UniqueConstraint(fields=["fingerprint"], name="listening_one_per_fingerprint")]
        indexes = [models.Index(fields=["sentiment", "-posted_at"], name="listening_inbox_mood"),
                   models.Index(fields=["channel", "-posted_at"], name="listening_inbox_channel"),
                   models.Index(fields=["complaint_type", "-posted_at"], name="listening_inbox_type",
                                condition=models.Q(complaint_type__isnull=False)),  # most have none
                   models.Index(fields=["id"], condition=models.Q(sentiment_by="pending"), name="listening_pending"),
                   models.Index(fields=["case_status", "-posted_at"], condition=~models.Q(case_status=""),
                                name="listening_inbox_case"),
                   models.Index(fields=["team", "-posted_at"], condition=models.Q(team__isnull=False),
                                name="listening_inbox_team"),
                   models.Index(fields=["parent"], condition=models.Q(parent__isnull=False), name="listening_replies")]

    def __str__(self) -> str:
        return self.text[:60]
