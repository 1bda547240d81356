"""Index tasks. They take page ids and re-read the pages, so a retry or a duplicate is harmless."""

from celery import shared_task


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=5)
def index_pages_task(page_ids: list[int], retire_pages: bool = True) -> tuple[int, int]:
    from .indexing import index_pages

    return index_pages(page_ids, retire_pages)


@shared_task
def propose_synonyms_task() -> int:
    """Nightly: turn reformulations into synonym proposals for editors."""
    from .learning import propose_synonyms

    return len(propose_synonyms())
