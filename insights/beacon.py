"""The visit beacon's way in, ahead of Django's request handling. Every page sends one, so beacons are
most of the requests that reach Django, and they need nothing of the handler's machinery or the page
stack: the beacon's own middleware (``BeaconMiddleware``: a session read only for a signed-in browser,
so staff at work are not counted) runs on a request built from the WSGI environ, with only the security
middleware around it (its headers, its HTTPS redirect). The request signals still fire, so database
connections are looked after as on any request.

Wired in by ``WSGI_MIDDLEWARE`` (cms/wsgi.py), so gunicorn and runserver both use it; a server that
calls Django's handler directly (the test client) still meets ``BeaconMiddleware`` in the stack."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.core import signals
from django.core.handlers.exception import response_for_exception
from django.core.handlers.wsgi import WSGIRequest
from django.http import HttpRequest, HttpResponse, HttpResponseNotFound
from django.middleware.security import SecurityMiddleware

from .middleware import BeaconMiddleware


def _not_the_beacon(request: HttpRequest) -> HttpResponse:
    return HttpResponseNotFound()  # never reached: only the beacon's path and method come this way


class BeaconApp:
    def __init__(self, app: Callable) -> None:
        self.app = app
        self.answer = SecurityMiddleware(BeaconMiddleware(_not_the_beacon))

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        if environ.get("PATH_INFO") != BeaconMiddleware.PATH or environ.get("REQUEST_METHOD") != "POST":
            return self.app(environ, start_response)
        signals.request_started.send(sender=self.__class__, environ=environ)
        request = WSGIRequest(environ)
        try:
            response = self.answer(request)
        except Exception as exc:  # noqa: BLE001 - answered and logged as Django answers any view's error
            response = response_for_exception(request, exc)
        response._handler_class = self.__class__  # its close() sends request_finished, as Django's would
        headers = [*response.items(), *(("Set-Cookie", c.OutputString()) for c in response.cookies.values())]
        start_response(f"{response.status_code} {response.reason_phrase}", headers)
        return response
