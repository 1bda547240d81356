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
