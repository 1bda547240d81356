"""Browser security headers Django does not set itself.

Django's SecurityMiddleware already sends Cross-Origin-Opener-Policy (same-origin). The Content
Security Policy comes from django-csp (CSP_DIRECTIVES in settings), with the admin's exception
below; Permissions-Policy turns off powerful browser features no page of ours uses, so an injected
or embedded script cannot ask for them either.
"""

from __future__ import annotations

from csp.constants import HEADER, HEADER_REPORT_ONLY, UNSAFE_INLINE
from csp.middleware import CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase


def permissions_policy() -> str:
    return ", ".join(f"{feature}=({' '.join(allow)})" for feature, allow in settings.PERMISSIONS_POLICY.items())


def page_headers() -> dict[str, str]:
    """The headers every public page gets, as a front server must send them with the page files it
    serves without asking Django (deploy/nginx.conf's {{CONTENT_SECURITY_POLICY}} and
    {{PERMISSIONS_POLICY}}; ``manage.py security_headers`` prints them)."""
    headers = {}
    policy = build_policy()
    if policy:
        headers[HEADER] = policy
    report_only = build_policy(report_only=True)
    if report_only:
        headers[HEADER_REPORT_ONLY] = report_only
    if permissions_policy():
        headers["Permissions-Policy"] = permissions_policy()
    return headers


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.value = permissions_policy()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.value:
            response.headers.setdefault("Permissions-Policy", self.value)
        return response


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp with one exception: the admin's own pages may run inline scripts and styles.

    Wagtail 8's editor (and Django's admin) still writes some of its set-up as inline <script> and
    style attributes; the public site has none, so only paths under ADMIN_PATHS get
    'unsafe-inline'. Everything else, including the pages the live preview frames, keeps the strict
    policy.
    """

    ADMIN_PATHS = ("/admin/", "/django-admin/")
    ADMIN_EXTRA = {"script-src": [UNSAFE_INLINE], "style-src": [UNSAFE_INLINE]}

    def get_policy_parts(self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False):
        parts = super().get_policy_parts(request, response, report_only)
        if request.path_info.startswith(self.ADMIN_PATHS):
            update = dict(parts.update or {})
            for directive, values in self.ADMIN_EXTRA.items():
                update[directive] = [*update.get(directive, []), *values]
            parts.update = update
        return parts
