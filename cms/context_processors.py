from django.conf import settings
from django.http import HttpRequest


def site_context(request: HttpRequest) -> dict:
    """Company details for the footer, and whether the visitor is staff (shows internal badges)."""
    from .models.visibility import is_staff_user

    return {"company": settings.COMPANY, "is_staff_visitor": is_staff_user(getattr(request, "user", None))}
