from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShopWizardConfig(AppConfig):
    name = "shop_wizard"
    label = "shop_wizard"
    verbose_name = _("Shop wizard")

    def ready(self) -> None:
        from cms.demo import register_demo
        from cms.sitemaps import register_sitemap
        from nurture.providers import ContentProvider, register_content_provider, register_entry_point

        from . import demo, receivers  # noqa: F401
        from .actions import WIZARD_FORM, email_sequences, picks_for_email
        from .sitemaps import ShopSitemap

        # Nurture emails recommend the lead's wizard picks, and the results page's sign-up starts the
        # wizard's sequences; nurture itself knows nothing of the wizard.
        register_content_provider(ContentProvider(key="wizard_picks", label=_("The lead's wizard picks"),
                                                  items=picks_for_email, heading=_("Recommended for your answers")))
        register_entry_point(WIZARD_FORM, email_sequences)
        register_demo("shop_wizard", demo.load)
        register_sitemap("shop", ShopSitemap)  # product and wizard pages are Django views, not Wagtail pages
