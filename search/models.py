"""What search stores: the documents it indexes, and what visitors searched and clicked.

The logs hold no personal data: the query is normalised, the session is a salted hash that rotates
daily, and no IP address or user agent is kept.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SearchDocument(models.Model):
    """One indexed page: the fields search filters, facets and shows (the terms live in the FTS index)."""

    page = models.OneToOneField("wagtailcore.Page", on_delete=models.CASCADE, primary_key=True,
                                related_name="search_document")
    language = models.CharField(max_length=8, db_index=True)
    page_type = models.CharField(max_length=32, db_index=True)
    post_kind = models.CharField(max_length=32, blank=True, db_index=True)
    title = models.CharField(max_length=255)
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500)
    date = models.DateTimeField(null=True, db_index=True)
    internal = models.BooleanField(default=False, db_index=True)
    topics = models.JSONField(default=list)  # [{"slug":…, "name":…, "name_en":…}]
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("search document")

    def __str__(self) -> str:
        return self.title


class SearchDocumentTopic(models.Model):
    """A document's topic slugs as rows, so filtering and facet counts are plain SQL."""

    document = models.ForeignKey(SearchDocument, on_delete=models.CASCADE, related_name="topic_rows")
    slug = models.CharField(max_length=100, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["document", "slug"], name="site_search_doc_topic_unique")]

    def __str__(self) -> str:
        return self.slug


class QueryLog(models.Model):
    query = models.CharField(_("query"), max_length=200, db_index=True)  # normalised (lower-case, one space)
    language = models.CharField(_("language"), max_length=8)
    result_count = models.PositiveIntegerField(_("results"))
    session = models.CharField(max_length=64, db_index=True)  # salted daily hash, not reversible
    staff = models.BooleanField(default=False)  # staff searches may see internal posts; kept apart
    filtered = models.BooleanField(default=False)  # the visitor narrowed by type, topic, kind or date
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("search query")
        verbose_name_plural = _("search queries")
        indexes = [models.Index(fields=["created_at", "query"], name="site_search_qlog_time_query")]

    def __str__(self) -> str:
        return self.query


class ClickLog(models.Model):
    query_log = models.ForeignKey(QueryLog, null=True, blank=True, on_delete=models.SET_NULL, related_name="clicks")
    query = models.CharField(max_length=200, db_index=True)
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="search_clicks")
    position = models.PositiveIntegerField()
    session = models.CharField(max_length=64, db_index=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("search click")

    def __str__(self) -> str:
        return f"{self.query} → {self.page_id} #{self.position}"


class Synonym(models.Model):
    """Words that should find each other. Editors approve; proposals come from reformulations."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    term = models.CharField(_("term"), max_length=100, db_index=True)  # normalised
    synonyms = models.JSONField(_("synonyms"), default=list)  # normalised, not including term
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    evidence = models.PositiveIntegerField(_("sessions"), default=0)  # how many sessions reformulated so
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        verbose_name = _("synonym")
        constraints = [models.UniqueConstraint(fields=["term"], name="site_search_synonym_term_unique")]

    def __str__(self) -> str:
        return f"{self.term} → {', '.join(self.synonyms)}"


class Promotion(models.Model):
    """A page pinned to the top of the results for a query, within an optional time window."""

    query = models.CharField(_("query"), max_length=200, db_index=True)  # normalised
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+",
                             verbose_name=_("page"))
    description = models.CharField(_("note for visitors"), max_length=255, blank=True)
    starts_at = models.DateTimeField(_("starts"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("promotion")
        ordering = ["query", "sort_order"]

    def __str__(self) -> str:
        return f"{self.query} → {self.page_id}"

    def is_active(self, now=None) -> bool:
        now = now or timezone.now()
        return (self.starts_at is None or self.starts_at <= now) and (self.ends_at is None or now < self.ends_at)
