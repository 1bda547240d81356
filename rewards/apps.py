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
        from cms.demo import register_demo
        from community.profile import register_profile_section

        from . import demo, receivers, views

        register_demo("rewards", demo.load)  # after the community's conversation (apps load in order)
        receivers.connect()
        register_profile_section("points", views.profile_section)
