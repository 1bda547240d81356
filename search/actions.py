"""Changes search makes to its own records. Views and the API validate input and call these."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from cms.models import ArticleIndexPage, ArticlePage

from .models import ClickLog, Promotion, QueryLog, SearchDocument, Synonym
from .service import bump, normalize_query


class ClickRejected(ValueError):
    pass


def record_click(*, query_log_id: int | None, page_id: int, position: int, session: str, staff: bool = False,
                 query: str | None = None) -> ClickLog:
    """One click on a result. The page must be indexed and visible to the clicker."""
    document = SearchDocument.objects.filter(page_id=page_id).first()
    if document is None or (document.internal and not staff):
        raise ClickRejected("unknown result")
    log = QueryLog.objects.filter(pk=query_log_id).first() if query_log_id else None
    norm = log.query if log is not None else normalize_query(query or "")
    if not norm:
        raise ClickRejected("no query")
    return ClickLog.objects.create(query_log=log, query=norm[:200], page_id=page_id, position=max(1, position),
                                   session=session)


def approve_synonym(synonym: Synonym, user=None, *, synonyms: list[str] | None = None) -> Synonym:
    """Approve a (proposed) synonym; search uses it from the next query on, on every backend
    (the post_save receiver in apps.py retires the cached map and updates Elasticsearch)."""
    if synonyms is not None:
        synonym.synonyms = sorted({normalize_query(s) for s in synonyms if normalize_query(s)} - {synonym.term})
    synonym.status = Synonym.Status.APPROVED
    synonym.decided_at = timezone.now()
    synonym.decided_by = user
    synonym.save()
    return synonym


def reject_synonym(synonym: Synonym, user=None) -> Synonym:
    synonym.status = Synonym.Status.REJECTED
    synonym.decided_at = timezone.now()
    synonym.decided_by = user
    synonym.save()
    return synonym


def add_synonym(term: str, synonyms: list[str], user=None) -> Synonym:
    """An editor's own synonym, approved at once (merged into an existing row for the term)."""
    norm = normalize_query(term)
    row, _ = Synonym.objects.get_or_create(term=norm)
    merged = sorted({*row.synonyms, *(normalize_query(s) for s in synonyms)} - {norm, ""})
    return approve_synonym(row, user, synonyms=merged)


def synonyms_changed() -> None:
    """Approved synonyms changed: retire the cached map; Elasticsearch gets the new synonyms set."""
    bump("synonyms")
    from .backends import get_backend

    push = getattr(get_backend(), "push_synonyms", None)
    if push is not None:  # Elasticsearch keeps a synonyms set; it reloads without a reindex
        push(list(Synonym.objects.filter(status=Synonym.Status.APPROVED)))


def create_promotion(query: str, page_id: int, *, description: str = "", starts_at=None, ends_at=None) -> Promotion:
    norm = normalize_query(query)
    if not norm:
        raise ValueError("empty query")
    order = Promotion.objects.filter(query=norm).count()
    return Promotion.objects.create(query=norm, page_id=page_id, description=description, starts_at=starts_at,
                                    ends_at=ends_at, sort_order=order)


def start_draft_article(query: str, user, language: str = "ko"):
    """A draft article titled with a query that found nothing, for an editor to write.

    Saved as a draft revision under the first article index in that language; nothing is published.
    """
    title = " ".join(query.split())[:255]
    if not title:
        raise ValueError("empty query")
    parent = ArticleIndexPage.objects.filter(locale__language_code=language).order_by("path").first()
    if parent is None:
        raise ValueError("no article index")
    from django.utils.text import slugify

    base = slugify(title, allow_unicode=True)[:60] or "draft"
    slug, n = base, 1
    while parent.get_children().filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    page = ArticlePage(title=title, slug=slug, summary=title, live=False, owner=user, locale=parent.locale)
    with transaction.atomic():
        parent.add_child(instance=page)
        page.save_revision(user=user, log_action=True)
    return page
