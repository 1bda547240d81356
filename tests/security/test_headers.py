"""Every response carries the Content Security Policy, Permissions-Policy and Cross-Origin-Opener-Policy,
also the page files nginx sends without asking Django."""

from __future__ import annotations

import urllib.request

import pytest

from tests import factories
from tests.front import nginx_front

pytestmark = pytest.mark.django_db


def directives(header: str) -> dict[str, set[str]]:
    parsed = {}
    for part in header.split(";"):
        name, *values = part.split()
        parsed[name] = set(values)
    return parsed


def test_public_pages_get_a_strict_policy(client, tree):
    article = factories.ArticlePageFactory(parent=tree.articles, slug="policy")
    article.save_revision().publish()
    response = client.get(article.url)
    policy = directives(response["Content-Security-Policy"])
    assert policy["script-src"] == {"'self'"} and policy["style-src"] == {"'self'"}
    assert policy["object-src"] == {"'none'"} and policy["frame-ancestors"] == {"'self'"}
    assert policy["base-uri"] == {"'self'"} and policy["form-action"] == {"'self'"}
    assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    api = client.get("/api/topics/")
    assert "default-src 'self'" in api["Content-Security-Policy"]


def test_only_the_admin_may_run_inline_scripts(admin_client):
    admin = directives(admin_client.get("/admin/")["Content-Security-Policy"])
    assert "'unsafe-inline'" in admin["script-src"] and "'unsafe-inline'" in admin["style-src"]
    assert "'unsafe-inline'" not in directives(admin_client.get("/robots.txt")["Content-Security-Policy"]).get(
        "script-src", set())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_cached_page_files_from_nginx_carry_the_same_headers(live_server, tmp_path, settings, tree):
    settings.PAGE_CACHE_SECONDS = 600
    settings.PAGE_CACHE_DIR = str(tmp_path / "pages")
    from cms.cache import activate_file_generation, generation

    activate_file_generation(generation())
    with nginx_front(f"127.0.0.1:{live_server.thread.port}", tmp_path, tmp_path / "pages") as front:
        first = urllib.request.urlopen(front + "/", timeout=10)  # noqa: S310 - loopback; Django writes the file
        second = urllib.request.urlopen(front + "/", timeout=10)  # noqa: S310
        # A share link's tracking parameters do not change the page: the same file (the beacon reads them).
        shared = urllib.request.urlopen(front + "/?utm_source=kakao&utm_campaign=dec&fbclid=x", timeout=10)  # noqa: S310
        searched = urllib.request.urlopen(front + "/?utm_source=kakao&q=x", timeout=10)  # noqa: S310
    assert shared.headers.get("X-Cache") == "FILE" and searched.headers.get("X-Cache") != "FILE"
    assert second.headers.get("X-Cache") == "FILE" and first.headers.get("X-Cache") != "FILE"
    for name in ("Content-Security-Policy", "Permissions-Policy"):
        assert second.headers.get(name), name
    assert directives(second.headers["Content-Security-Policy"]) == directives(first.headers["Content-Security-Policy"])
    assert second.headers["Permissions-Policy"] == first.headers["Permissions-Policy"]
