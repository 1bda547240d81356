from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShopWizardConfig(AppConfig):
    name = "shop_wizard"
    label = "shop_wizard"
    verbose_name = _("Shop wizard")

    def ready(self) -> None:
        from . import receivers  # noqa: F401
