from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    label = "site_search"  # "search" would collide with wagtail.search's historical label
    verbose_name = "Search"

    def ready(self) -> None:
        from cms.listing import register_text_neighbours

        from .indexing import connect_restriction_signals, connect_signals
        from .related import text_neighbours

        register_text_neighbours(text_neighbours)  # related links weigh shared words too

        connect_signals()
        connect_restriction_signals()

        from django.db import transaction
        from django.db.models.signals import post_delete, post_save

        from .models import ClickLog, Promotion, Synonym
        from .service import bump

        post_save.connect(lambda **kw: bump("clicks"), sender=ClickLog, dispatch_uid="site_search.click", weak=False)
        for signal in (post_save, post_delete):
            signal.connect(lambda **kw: bump("promotions"), sender=Promotion,
                           dispatch_uid=f"site_search.promotion.{id(signal)}", weak=False)

        def synonyms_edited(**kwargs):
            """Any edit path (admin form, shell, proposals) takes effect from the next query."""
            from .actions import synonyms_changed

            synonyms_changed()
            transaction.on_commit(synonyms_changed)

        post_save.connect(synonyms_edited, sender=Synonym, dispatch_uid="site_search.synonym_saved", weak=False)
        post_delete.connect(synonyms_edited, sender=Synonym, dispatch_uid="site_search.synonym_deleted",
                            weak=False)
