from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "community"
    label = "community"
    verbose_name = _("Community")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from allauth.account.signals import email_confirmed, user_signed_up

        from cms.demo import register_demo
        from cms.sitemaps import register_sitemap

        from . import demo
        from .receivers import address_verified, member_signed_up
        from .sitemaps import GroupSitemap

        register_demo("community", demo.load)
        register_sitemap("groups", GroupSitemap)  # group pages are Django views, not Wagtail pages
        user_signed_up.connect(member_signed_up, dispatch_uid="community.signed_up")
        email_confirmed.connect(address_verified, dispatch_uid="community.email_confirmed")
