"""The visit beacon's way in, ahead of Django's request handling. Every page sends one, so beacons are
most of the requests that reach Django, and a browser without a session needs nothing of the page
stack: the same view runs on a request built from the WSGI environ, with only the security middleware
around it (its headers, its HTTPS redirect); a consenting lead's signed cookie is read there as on the
whole way. A browser with a session goes the whole way (``BeaconMiddleware``), where its user is read
(staff at work are not counted).

Wired in by ``WSGI_MIDDLEWARE`` (cms/wsgi.py), so gunicorn and runserver both use it."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core import signals
from django.core.handlers.exception import response_for_exception
from django.core.handlers.wsgi import WSGIRequest
from django.middleware.security import SecurityMiddleware

from .middleware import BeaconMiddleware
from .views import hit


def _no_session(cookies: str) -> bool:
    """A session cookie's name merely appearing inside another cookie's value sends the beacon the whole
    way, which is only slower."""
    return settings.SESSION_COOKIE_NAME not in cookies


class BeaconApp:
    def __init__(self, app: Callable) -> None:
        self.app = app
        self.answer = SecurityMiddleware(hit)

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        if (environ.get("PATH_INFO") != BeaconMiddleware.PATH or environ.get("REQUEST_METHOD") != "POST"
                or not _no_session(environ.get("HTTP_COOKIE", ""))):
            return self.app(environ, start_response)
        signals.request_started.send(sender=self.__class__, environ=environ)
        request = WSGIRequest(environ)
        request.user = AnonymousUser()
        try:
            response = self.answer(request)
        except Exception as exc:  # noqa: BLE001 - answered and logged as Django answers any view's error
            response = response_for_exception(request, exc)
        response._handler_class = self.__class__  # its close() sends request_finished, as Django's would
        headers = [*response.items(), *(("Set-Cookie", c.OutputString()) for c in response.cookies.values())]
        start_response(f"{response.status_code} {response.reason_phrase}", headers)
        return response
