"""The request being answered, for conversions announced by other apps' signals (a model saved, a
lead's event recorded) that carry no request: the arrival the browser holds is read from it."""

from __future__ import annotations

from contextvars import ContextVar

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
