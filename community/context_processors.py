"""The header's unread-notification count, looked up only when a signed-in page shows it."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject


def notifications(request: HttpRequest) -> dict:
    def unread() -> int:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return 0
        from .models import Notification

        return Notification.objects.filter(member__user=user, read_at__isnull=True).count()

    return {"unread_notifications": SimpleLazyObject(unread)}
