from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NurtureConfig(AppConfig):
    name = "nurture"
    label = "nurture"
    verbose_name = _("Nurture")

    def ready(self):
        from anymail.signals import tracking

        from cms.signals import landing_form_submitted

        from .receivers import landing_form_received, tracking_event

        landing_form_submitted.connect(landing_form_received, dispatch_uid="nurture.landing_form")
        tracking.connect(tracking_event, dispatch_uid="nurture.esp_tracking")

        from django.db.models.signals import post_delete, post_save

        from cms.models import EventRegistration

        from .models import ScoringRule
        from .receivers import event_registration_saved
        from .scoring import forget_rules

        post_save.connect(event_registration_saved, sender=EventRegistration, dispatch_uid="nurture.event_registration")

        for signal in (post_save, post_delete):  # an editor's new points apply to the next engagement
            signal.connect(lambda **kwargs: forget_rules(), sender=ScoringRule, weak=False,
                           dispatch_uid=f"nurture.rules.{signal is post_save}")
