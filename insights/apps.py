from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    """Where visitors come from and what they go on to do: its own app because it reads every other
    app's conversions, and none of them needs to know it."""

    name = "insights"
    label = "insights"
    verbose_name = _("Insights")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from cms.demo import register_demo
        from cms.sharing import register_share_links

        from . import demo
        from .actions.sharing import share_links

        register_demo("insights", demo.load)
        register_share_links(share_links)
