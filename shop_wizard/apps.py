from django.apps import AppConfig


class ShopWizardConfig(AppConfig):
    name = "shop_wizard"
    label = "shop_wizard"
    verbose_name = "Shop wizard"
