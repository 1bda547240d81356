"""Each visitor is known by their own address, also behind the shipped nginx front: rate limits apply
to one person, not to everyone, and consent records keep the address the person gave it from."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest
from django.test import RequestFactory

from cms.client_ip import client_ip
from nurture.models import Consent
from tests.front import nginx_front


def request(remote: str, forwarded: str | None = None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **extra)


@pytest.mark.parametrize(("remote", "forwarded", "expected"), [
    ("203.0.113.9", None, "203.0.113.9"),  # no proxy
    ("203.0.113.9", "198.51.100.1", "203.0.113.9"),  # a stranger's header is not believed
    ("127.0.0.1", "198.51.100.1", "198.51.100.1"),  # our nginx vouches for it
    ("127.0.0.1", "6.6.6.6, 198.51.100.1", "198.51.100.1"),  # the client's own claim on the left is ignored
    ("127.0.0.1", "198.51.100.1, 10.0.0.5", "198.51.100.1"),  # through two proxies we trust
    ("127.0.0.1", "garbage", "127.0.0.1"),
    ("127.0.0.1", "", "127.0.0.1"),
    ("127.0.0.1", "[2001:db8::1]:443", "2001:db8::1"),
    ("::ffff:127.0.0.1", "198.51.100.7:5000", "198.51.100.7"),
    ("", None, None),
])
def test_the_client_is_the_first_address_no_trusted_proxy_wrote(settings, remote, forwarded, expected):
    settings.TRUSTED_PROXIES = ["127.0.0.1/32", "::1/128", "10.0.0.0/8"]
    assert client_ip(request(remote, forwarded)) == expected


def test_with_no_trusted_proxies_the_connection_is_the_client(settings):
    settings.TRUSTED_PROXIES = []
    assert client_ip(request("127.0.0.1", "198.51.100.1")) == "127.0.0.1"


def sign_up(front: str, email: str, forwarded_for: str) -> int:
    body = json.dumps({"email": email, "consent": True, "consent_text": "동의합니다", "consent_version": "v1"})
    req = urllib.request.Request(  # noqa: S310 - loopback only
        front + "/api/nurture/leads/", data=body.encode(), method="POST", headers={
            "Content-Type": "application/json", "X-Forwarded-For": forwarded_for, "Accept-Language": "ko"})
    try:
        with urllib.request.urlopen(req, timeout=10) as response:  # noqa: S310 - loopback only
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # keeps the migrated pages for later tests
def test_behind_nginx_two_clients_are_rate_limited_apart_and_keep_their_addresses(live_server, tmp_path, tree):
    # The test connects from loopback, a trusted proxy, so nginx's X-Forwarded-For reads
    # "203.0.113.1, 127.0.0.1" as it would behind a load balancer on the trusted network.
    app = f"127.0.0.1:{live_server.thread.port}"
    with nginx_front(app, tmp_path) as front:
        first = [sign_up(front, f"a{n}@example.com", "203.0.113.1") for n in range(11)]
        second = [sign_up(front, f"b{n}@example.com", "203.0.113.2") for n in range(3)]
    assert first == [202] * 10 + [429]
    assert second == [202] * 3
    stored = dict(Consent.objects.values_list("lead__email", "ip_address"))
    assert stored["a0@example.com"] == "203.0.113.1" and stored["b2@example.com"] == "203.0.113.2"
    assert "127.0.0.1" not in stored.values()
