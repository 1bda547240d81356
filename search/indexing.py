"""From a page to an indexed document, and keeping the index in step with publishing.

Publishing, unpublishing, moving and deleting enqueue a task once the transaction commits; the
task takes the page id, re-reads the page and indexes or removes it by what it finds then, so
running it twice, late or out of order leaves the index right.
"""

from __future__ import annotations

import time

from django.db import transaction
from wagtail.models import Page

from cms.cache import invalidate_all
from cms.models import ArticlePage, EventPage, LandingPage, PostPage
from cms.models.visibility import is_private
from cms.structure import language_of
from cms.text import html_to_text

from .analysis import analyze_many
from .backends import IndexedDocument, get_backend

BODY_LIMIT = 20_000  # characters kept for snippets; terms come from the whole text


def indexed_models() -> dict:
    return {ArticlePage: "article", PostPage: "post", EventPage: "event", LandingPage: "landing"}


def page_type_of(page) -> str | None:
    for model, name in indexed_models().items():
        if isinstance(page, model):
            return name
    return None


def _stream_text(value) -> str:
    """All text of a StreamField or rich text, blocks joined by newlines."""
    if value is None:
        return ""
    if hasattr(value, "raw_data"):
        parts: list[str] = []

        def walk(data):
            if isinstance(data, dict):
                for key, item in data.items():
                    if key not in ("type", "id", "level", "image", "page", "first_row_is_table_header",
                                   "first_col_is_header"):
                        walk(item)
            elif isinstance(data, list | tuple):
                for item in data:
                    walk(item)
            elif isinstance(data, str):
                parts.append(html_to_text(data))

        walk(list(value.raw_data))
        return "\n".join(p for p in parts if p.strip())
    return html_to_text(value)


_text_sources: list = []


def register_page_text(source) -> None:
    """Another app adds words to pages' documents: ``source(page_ids)`` returns {page id: text}.

    The community adds each page's shown comments, so a thread's words find the page; the text has
    exactly the page's visibility (an internal post's comments are found by staff only).
    """
    if source not in _text_sources:
        _text_sources.append(source)


def _extra_text(page_ids: list[int]) -> dict[int, str]:
    extra: dict[int, list[str]] = {}
    for source in _text_sources:
        for pk, text in source(page_ids).items():
            extra.setdefault(pk, []).append(text)
    return {pk: "\n".join(parts) for pk, parts in extra.items()}


def should_index(page) -> bool:
    return page.live and page_type_of(page) is not None and not getattr(page, "noindex", False)


def build_document(page) -> IndexedDocument:
    return build_documents([page])[0]


def build_documents(pages) -> list[IndexedDocument]:
    """The index entries of these pages; their text is analysed in one batch (Kiwi uses every core)."""
    documents, texts = [], []
    extra = _extra_text([page.pk for page in pages])
    for page in pages:
        page_type = page_type_of(page)
        topics = []
        if hasattr(page, "topics"):
            topics = [{"slug": t.slug, "name": t.name, "name_en": t.name_en or t.name}
                      for t in sorted(page.topics.all(), key=lambda t: t.name)]
        summary = getattr(page, "summary", "") or page.search_description or ""
        body = _stream_text(getattr(page, "body", None))
        if page_type == "landing":
            body = "\n".join(x for x in (html_to_text(getattr(page, "intro", "")), body) if x)
        if page_type == "event":
            body = "\n".join(x for x in (body, page.venue, page.address) if x)
        if extra.get(page.pk):
            body = f"{body}\n{extra[page.pk]}" if body else extra[page.pk]
        date = getattr(page, "start", None) if page_type == "event" else None
        date = date or page.first_published_at or page.latest_revision_created_at
        topic_words = " ".join(f"{t['name']} {t['name_en']}" for t in topics)
        documents.append(IndexedDocument(
            page_id=page.pk, language=language_of(page), page_type=page_type,
            post_kind=getattr(page, "kind", "") if page_type == "post" else "",
            title=page.title, summary=summary, body=body[:BODY_LIMIT], url=page.get_url() or page.url_path,
            date=date, internal=is_private(page), topics=topics,
        ))
        texts += [page.title, f"{summary} {topic_words}", body]
    terms = analyze_many(texts)
    for i, document in enumerate(documents):
        title, summary, body = terms[3 * i:3 * i + 3]
        document.title_terms, document.summary_terms, document.body_terms = " ".join(title), " ".join(summary), \
            " ".join(body)
    return documents


def index_pages(page_ids: list[int], retire_pages: bool = True) -> tuple[int, int]:
    """Index what should be indexed among these pages and remove the rest. Returns (indexed, removed).

    ``retire_pages=False`` when only words inside the pages changed (a comment): no other page's
    cached copy needs renewing for that."""
    pages = {p.pk: p for p in Page.objects.filter(pk__in=page_ids).specific()}
    wanted, remove = [], []
    for pk in page_ids:
        page = pages.get(pk)
        if page is not None and should_index(page):
            wanted.append(page)
        else:
            remove.append(pk)
    documents = build_documents(wanted)
    backend = get_backend()
    backend.index(documents)
    backend.delete(remove)
    _index_changed(retire_pages)
    return len(documents), len(remove)


def _index_changed(retire_pages: bool = True) -> None:
    """Anything computed from the index is stale now: the vocabulary for did-you-mean, and the
    related-content lists on pages (so the page cache and site structure start a new generation)."""
    from django.core.cache import cache

    if retire_pages:
        invalidate_all()

    try:
        cache.incr(INDEX_VERSION_KEY)
    except ValueError:
        cache.set(INDEX_VERSION_KEY, _fresh_version(), None)


INDEX_VERSION_KEY = "site_search:index_version"


def _fresh_version() -> int:
    """Where the count starts when the cache has none (first run, or Redis flushed): the clock in
    microseconds, so a restarted count never repeats a version a process still holds lists for."""
    return time.time_ns() // 1000


def index_version() -> int:
    from django.core.cache import cache

    version = cache.get(INDEX_VERSION_KEY)
    if version is None:
        cache.add(INDEX_VERSION_KEY, _fresh_version(), None)
        version = cache.get(INDEX_VERSION_KEY, 0)
    return version


def enqueue(page_ids: list[int], retire_pages: bool = True, countdown: int = 0) -> None:
    """Index these pages after the current transaction commits, in the task worker."""
    from .tasks import index_pages_task

    ids = sorted({int(pk) for pk in page_ids})
    if ids:
        transaction.on_commit(lambda: index_pages_task.apply_async((ids, retire_pages), countdown=countdown or None))


def enqueue_text_change(page_ids: list[int], countdown: int = 0) -> None:
    """Words added to pages by a registered text source changed (a comment shown or removed)."""
    enqueue(page_ids, retire_pages=False, countdown=countdown)


def connect_signals() -> None:
    from django.db.models.signals import post_delete
    from wagtail.signals import page_published, page_unpublished, post_page_move

    def published(sender, instance, **kwargs):
        enqueue([instance.pk])

    def moved(sender, instance, **kwargs):
        # a move changes the URL of the page and everything under it
        enqueue(list(Page.objects.descendant_of(instance, inclusive=True).values_list("pk", flat=True)))

    def deleted(sender, instance, **kwargs):
        if isinstance(instance, Page):
            enqueue([instance.pk])

    page_published.connect(published, dispatch_uid="site_search.published", weak=False)
    page_unpublished.connect(published, dispatch_uid="site_search.unpublished", weak=False)
    post_page_move.connect(moved, dispatch_uid="site_search.moved", weak=False)
    post_delete.connect(deleted, dispatch_uid="site_search.deleted", weak=False)


def connect_restriction_signals() -> None:
    """A page becoming internal (or public again) changes who may find it."""
    from django.db.models.signals import post_delete, post_save
    from wagtail.models import PageViewRestriction

    def changed(sender, instance, **kwargs):
        page = Page.objects.filter(pk=instance.page_id).first()
        if page is not None:
            enqueue(list(Page.objects.descendant_of(page, inclusive=True).values_list("pk", flat=True)))

    post_save.connect(changed, sender=PageViewRestriction, dispatch_uid="site_search.restriction", weak=False)
    post_delete.connect(changed, sender=PageViewRestriction, dispatch_uid="site_search.restriction_del",
                        weak=False)
