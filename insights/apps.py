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
        from cms.sharing import register_link_builder, register_share_links

        from . import demo, link_builder
        from .actions.sharing import share_links

        register_demo("insights", demo.load)
        register_share_links(share_links)
        register_link_builder(link_builder.render)
        self._listen()

    def _listen(self) -> None:
        from allauth.account.signals import user_signed_up
        from django.db.models.signals import post_save

        from cms.signals import event_registered
        from community.models import Member
        from nurture.models import LeadEvent
        from nurture.personal_data import register_personal_data
        from shop_wizard.models import ClickOut, Response

        from . import receivers
        from .actions.attribution import erase_lead, export_lead

        post_save.connect(receivers.lead_event, sender=LeadEvent, dispatch_uid="insights.lead_event")
        post_save.connect(receivers.wizard_response_saved, sender=Response, dispatch_uid="insights.wizard")
        post_save.connect(receivers.clicked_out, sender=ClickOut, dispatch_uid="insights.click_out")
        post_save.connect(receivers.member_left, sender=Member, dispatch_uid="insights.member_left")
        event_registered.connect(receivers.event_registered, dispatch_uid="insights.event")
        user_signed_up.connect(receivers.member_signed_up, dispatch_uid="insights.member")
        register_personal_data("insights", export=export_lead, erase=erase_lead)
