"""The request being answered, for conversions announced by other apps' signals (a model saved, a
lead's event recorded) that carry no request: the arrival the browser holds is read from it. And the
beacon's own short way through."""

from __future__ import annotations

from contextvars import ContextVar
from importlib import import_module

from django.conf import settings
from django.contrib.auth import get_user
from django.contrib.auth.models import AnonymousUser
from django.utils.functional import SimpleLazyObject

_current: ContextVar = ContextVar("insights_request", default=None)


def current_request():
    return _current.get()


class CurrentRequestMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current.set(request)
        try:
            return self.get_response(request)
        finally:
            _current.reset(token)


class BeaconMiddleware:
    """The visit beacon answered before the page stack (CSP, static files, page cache, locale, CSRF,
    messages, redirects, accounts): every page sends one, and it needs none of that. A signed-in
    browser's user is read from its session only when asked (to leave staff out); a browser without a
    session cookie is anonymous without a lookup."""

    PATH = "/insights/hit/"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info != self.PATH or request.method != "POST":
            return self.get_response(request)
        from .views import hit  # the view module loads the app's models: not before start-up

        key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
        if key:
            request.session = import_module(settings.SESSION_ENGINE).SessionStore(key)
            request.user = SimpleLazyObject(lambda: get_user(request))  # read only if the view asks
        else:
            request.user = AnonymousUser()
        token = _current.set(request)
        try:
            return hit(request)
        finally:
            _current.reset(token)
