from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RewardsConfig(AppConfig):
    """Points, and later missions, cards and a currency shared with partners: its own app because it
    follows every other app (the conversation, events, the wizard) and none of them needs to know it."""

    name = "rewards"
    label = "rewards"
    verbose_name = _("Rewards")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from cms.demo import register_demo
        from community.profile import register_profile_section

        from . import demo, receivers, views
        from .actions.earning import forget_rules
        from .models import EarningRule

        post_save.connect(forget_rules, sender=EarningRule, dispatch_uid="rewards.rules_saved")
        post_delete.connect(forget_rules, sender=EarningRule, dispatch_uid="rewards.rules_deleted")
        register_demo("rewards", demo.load)  # after the community's conversation (apps load in order)
        receivers.connect()
        register_profile_section("points", views.profile_section)
