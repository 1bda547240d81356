"""Index every live page again, with a progress bar. Safe while the site serves searches."""

from django.core.management.base import BaseCommand
from tqdm import tqdm
from wagtail.models import Page

from search.backends import get_backend
from search.indexing import index_pages, indexed_models


class Command(BaseCommand):
    help = "Rebuild the search index from the live pages (embedded: in place; Elasticsearch: new index + alias swap)."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=200)

    def handle(self, *args, batch_size: int, verbosity: int, **options):
        from django.contrib.contenttypes.models import ContentType

        types = ContentType.objects.get_for_models(*indexed_models()).values()
        ids = list(Page.objects.live().filter(content_type__in=types).order_by("pk").values_list("pk", flat=True))
        backend = get_backend()
        rebuild = getattr(backend, "rebuild", None)
        bar = tqdm(total=len(ids), unit="page", disable=verbosity == 0, file=self.stderr)
        indexed = removed = 0

        def run():
            nonlocal indexed, removed
            for start in range(0, len(ids), batch_size):
                done, gone = index_pages(ids[start:start + batch_size])
                indexed, removed = indexed + done, removed + gone
                bar.update(min(batch_size, len(ids) - start))

        if rebuild is not None:
            rebuild(run)  # the backend builds a fresh index around ``run`` and swaps it in
        else:
            run()
            from search.models import SearchDocument

            stale = list(SearchDocument.objects.exclude(page_id__in=ids).values_list("page_id", flat=True))
            backend.delete(stale)
            removed += len(stale)
            backend.optimize()
        bar.close()
        if verbosity:
            self.stdout.write(f"Indexed {indexed} pages, removed {removed} ({backend.name}).")
