from django.apps import AppConfig


class NurtureConfig(AppConfig):
    name = "nurture"
    label = "nurture"
    verbose_name = "Nurture"
