"""The Django project and its content: page models, API, import and demo commands."""

from .celery import app as celery_app

__all__ = ["celery_app"]
