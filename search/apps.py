from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    label = "site_search"  # "search" would collide with wagtail.search's historical label
    verbose_name = "Search"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from .indexing import connect_restriction_signals, connect_signals

        connect_signals()
        connect_restriction_signals()
