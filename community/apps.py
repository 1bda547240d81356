from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "community"
    label = "community"
    verbose_name = _("Community")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from allauth.account.signals import email_confirmed, user_signed_up
        from django.db.models.signals import post_delete, post_save

        from cms.demo import register_demo
        from cms.seo import register_structured_data
        from cms.sitemaps import register_sitemap
        from search.indexing import register_page_text
        from search.sources import register_results

        from . import demo, demo_conversation, searching, signals
        from .models import HostedEvent, PageTypePolicy
        from .receivers import address_verified, hosting_changed, member_signed_up, policy_changed
        from .seo import add_comment_count
        from .sitemaps import GroupSitemap

        register_demo("community", demo.load)
        register_demo("community-conversation", demo_conversation.load)  # after the members and groups
        register_sitemap("groups", GroupSitemap)  # group pages are Django views, not Wagtail pages
        register_structured_data(add_comment_count)
        register_page_text(searching.page_text)  # a thread's words find its page
        register_results("community-threads", _("Community threads"), searching.thread_results)
        signals.comment_shown.connect(searching.reindex_page, dispatch_uid="community.search.shown")
        signals.comment_removed.connect(searching.reindex_page, dispatch_uid="community.search.removed")
        user_signed_up.connect(member_signed_up, dispatch_uid="community.signed_up")
        email_confirmed.connect(address_verified, dispatch_uid="community.email_confirmed")
        post_save.connect(hosting_changed, sender=HostedEvent, dispatch_uid="community.hosting_saved")
        post_delete.connect(hosting_changed, sender=HostedEvent, dispatch_uid="community.hosting_deleted")
        post_save.connect(policy_changed, sender=PageTypePolicy, dispatch_uid="community.policy_saved")
        post_delete.connect(policy_changed, sender=PageTypePolicy, dispatch_uid="community.policy_deleted")
