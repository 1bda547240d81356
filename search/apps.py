from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    label = "site_search"  # "search" would collide with wagtail.search's historical label
    verbose_name = "Search"
