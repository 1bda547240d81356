"""The beacon as gunicorn and runserver serve it (cms.wsgi.application), answered ahead of Django's
request handling: the same counting, cookies, consent, refusals and security headers as through the
whole stack, and a signed-in browser's user is still read (staff at work are not counted)."""

from __future__ import annotations

import io
import json
import logging
from http.cookies import SimpleCookie
from urllib.parse import urlencode
from wsgiref.util import setup_testing_defaults

import pytest
from django.contrib.auth import get_user_model
from django.core import signals
from django.db import close_old_connections
from django.test import Client
from django.utils import timezone

from insights.actions.attribution import ARRIVAL_COOKIE
from insights.models import PageView
from nurture.models import MARKETING_EMAIL, Consent, Lead
from tests.insights.test_visits import BROWSER

pytestmark = pytest.mark.django_db


def post(fields: dict, cookies: str = "", **environ) -> tuple[int, dict, SimpleCookie, bytes]:
    """One POST to the project's WSGI application, as a WSGI server makes it."""
    from cms.wsgi import application

    body = urlencode(fields).encode()
    env = {"REQUEST_METHOD": "POST", "PATH_INFO": "/insights/hit/", "HTTP_HOST": "localhost",
           "REMOTE_ADDR": "203.0.113.9", "HTTP_USER_AGENT": BROWSER, "CONTENT_LENGTH": str(len(body)),
           "CONTENT_TYPE": "application/x-www-form-urlencoded", "wsgi.input": io.BytesIO(body), **environ}
    if cookies:
        env["HTTP_COOKIE"] = cookies
    setup_testing_defaults(env)
    answered = {}

    def start_response(status, headers, exc_info=None):
        answered["status"], answered["headers"] = int(status.split()[0]), headers

    # As Django's test client does: the test's transaction is not a connection to close between requests.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        result = application(env, start_response)
        try:
            content = b"".join(result)
        finally:
            result.close()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)
    jar = SimpleCookie()
    for name, value in answered["headers"]:
        if name.lower() == "set-cookie":
            jar.load(value)
    return answered["status"], {k.lower(): v for k, v in answered["headers"] if k.lower() != "set-cookie"}, jar, content


def view_fields(**fields) -> dict:
    return {"page": "", "path": "/guides/", "query": "", "referrer": "", **fields}


def test_a_new_browser_is_counted_with_its_arrival_and_the_security_headers(tree):
    status, headers, jar, _content = post(view_fields(query="?utm_source=kakao&utm_campaign=dec"))
    assert status == 204
    view = PageView.objects.get()
    assert (view.channel, view.campaign, view.lead_id) == ("kakao", "dec", None)
    assert ARRIVAL_COOKIE in jar and jar[ARRIVAL_COOKIE]["httponly"]
    assert headers["x-content-type-options"] == "nosniff" and "referrer-policy" in headers
    # the arrival it now holds is read back: a direct visit does not hide it
    cookie = f"{ARRIVAL_COOKIE}={jar[ARRIVAL_COOKIE].value}"
    status, _headers, jar, _content = post(view_fields(path="/again/"), cookies=cookie)
    assert status == 204 and ARRIVAL_COOKIE not in jar and PageView.objects.count() == 2


@pytest.mark.parametrize("environ", [{"HTTP_USER_AGENT": "Googlebot/2.1 (+http://www.google.com/bot.html)"},
                                     {"HTTP_DNT": "1"}, {"HTTP_SEC_GPC": "1"}])
def test_bots_and_browsers_that_ask_not_to_be_tracked_are_not_counted(tree, environ):
    status, _headers, jar, _content = post(view_fields(query="?utm_source=kakao"), **environ)
    assert status == 204 and not PageView.objects.exists() and ARRIVAL_COOKIE not in jar


def test_what_is_not_a_page_is_refused_in_the_sites_language(tree):
    status, headers, _jar, content = post(view_fields(path="https://evil.example/"))
    assert status == 400 and headers["content-type"] == "application/json"
    error = json.loads(content)["errors"][0]
    assert error["field"] == "path" and "경로" in error["message"] and not PageView.objects.exists()


def test_a_signed_in_staff_browser_is_not_counted(tree):
    staff = get_user_model().objects.create_superuser("boss", "boss@example.com", "pw-12345-long")
    browser = Client()
    browser.force_login(staff)
    session = browser.cookies["sessionid"].value
    status, _headers, _jar, _content = post(view_fields(), cookies=f"sessionid={session}")
    assert status == 204 and not PageView.objects.exists(), "staff at work are not visitors"


def test_a_consenting_browsers_view_carries_its_lead(tree):
    from django.http import HttpResponse

    from nurture.tracking import LEAD_COOKIE, LEAD_SALT

    lead = Lead.objects.create(email="c@example.com", email_key="c@example.com")
    Consent.objects.create(lead=lead, purpose=MARKETING_EMAIL, text="동의합니다", given_at=timezone.now())
    signer = HttpResponse()
    signer.set_signed_cookie(LEAD_COOKIE, str(lead.pk), salt=LEAD_SALT)
    status, _headers, _jar, _content = post(view_fields(referrer="https://t.co/abc"),
                                            cookies=f"{LEAD_COOKIE}={signer.cookies[LEAD_COOKIE].value}")
    assert status == 204 and PageView.objects.get().lead_id == lead.pk


def test_an_error_on_the_short_way_is_a_logged_500(tree, monkeypatch, caplog):
    from insights import views

    def broken(*args, **kwargs):
        raise RuntimeError("the buffer is gone")

    monkeypatch.setattr(views, "record_view", broken)
    with caplog.at_level(logging.ERROR, logger="django.request"):
        status, _headers, _jar, _content = post(view_fields())
    assert status == 500 and "the buffer is gone" in caplog.text
