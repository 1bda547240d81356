from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RewardsConfig(AppConfig):
    """Points, missions, ranks, cards and a currency shared with partners: its own app because it
    follows every other app (the conversation, events, the wizard) and none of them needs to know it."""

    name = "rewards"
    label = "rewards"
    verbose_name = _("Rewards")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from cms.demo import register_demo
        from community.abilities import register_ability
        from community.profile import register_profile_section
        from nurture.loyalty import register_loyalty_source

        from . import demo, receivers, views
        from .actions import forget_all, may_post_links
        from .actions.ranks import loyalty_facts
        from .models import Badge, EarningRule, Mission, MissionSeries, MissionStep, Rank

        for model in (EarningRule, Rank, Badge, Mission, MissionStep, MissionSeries):
            name = model._meta.model_name
            post_save.connect(forget_all, sender=model, dispatch_uid=f"rewards.{name}_saved")
            post_delete.connect(forget_all, sender=model, dispatch_uid=f"rewards.{name}_deleted")
        register_ability("post_links", may_post_links)  # a rank may lift the new-member link limit
        register_loyalty_source(loyalty_facts)  # nurture's segments and lead timeline ask for points and rank
        register_demo("rewards", demo.load)  # after the community's conversation (apps load in order)
        receivers.connect()
        register_profile_section("points", views.profile_section)
