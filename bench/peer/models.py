"""The same documents for Wagtail's own database search backend (modelsearch), the peer."""

from django.db import models
from wagtail.search import index


class BenchDoc(index.Indexed, models.Model):
    title = models.CharField(max_length=255)
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    language = models.CharField(max_length=8)

    search_fields = [
        index.SearchField("title", boost=10),
        index.SearchField("summary", boost=4),
        index.SearchField("body"),
        index.FilterField("language"),
    ]

    def __str__(self) -> str:
        return self.title
