from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ListeningConfig(AppConfig):
    """What people say about the company, from every source, in one inbox with its mood measured: its
    own app because it listens to the community, the wizard, email and outside channels, and none of
    them needs to know it."""

    name = "listening"
    label = "listening"
    verbose_name = _("Listening")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from anymail.signals import inbound

        from cms.demo import register_demo

        from . import demo, receivers

        inbound.connect(receivers.on_inbound_email, dispatch_uid="listening-inbound-email")

        register_demo("listening", demo.load)  # after the community's conversation (apps load in order)
