from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NurtureConfig(AppConfig):
    name = "nurture"
    label = "nurture"
    verbose_name = _("Nurture")

    def ready(self):
        from anymail.signals import tracking

        from cms.demo import register_demo

        from . import demo

        register_demo("nurture", demo.load)

        from cms.signals import landing_form_submitted

        from .receivers import landing_form_received, tracking_event

        landing_form_submitted.connect(landing_form_received, dispatch_uid="nurture.landing_form")
        tracking.connect(tracking_event, dispatch_uid="nurture.esp_tracking")

        from django.db.models.signals import post_delete, post_save

        from cms.models import EventRegistration

        from .models import ScoringRule, Sequence, Step
        from .receivers import event_registration_saved, sequence_changed
        from .scoring import forget_rules

        post_save.connect(event_registration_saved, sender=EventRegistration, dispatch_uid="nurture.event_registration")

        post_save.connect(sequence_changed, sender=Sequence, dispatch_uid="nurture.sequence_saved")
        for signal in (post_save, post_delete):
            signal.connect(sequence_changed, sender=Step, dispatch_uid=f"nurture.step.{signal is post_save}")
        for signal in (post_save, post_delete):  # an editor's new points apply to the next engagement
            signal.connect(lambda **kwargs: forget_rules(), sender=ScoringRule, weak=False,
                           dispatch_uid=f"nurture.rules.{signal is post_save}")
