from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"
    label = "cms"
    verbose_name = "Content"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.core.signals import request_finished, request_started

        from . import cache, signals  # noqa: F401  (connects receivers)

        request_started.connect(cache.request_started, dispatch_uid="cms.cache.generation-per-request")
        request_finished.connect(cache.request_finished, dispatch_uid="cms.cache.generation-per-request")
