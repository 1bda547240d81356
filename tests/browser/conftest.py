"""Real Chromium (Debian's /usr/bin/chromium) driven by Playwright for Python, against a live server.

Every page a test opens is watched: console errors, uncaught script errors and Content Security
Policy violations are collected on ``page.problems`` and a test ends by asserting there are none.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from urllib.parse import urlparse

import pytest

CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("needs Playwright for Python (pip install -e '.[test]'; make test does)")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"needs Chromium at {CHROMIUM} (apt-get install chromium; make test does)")
    # Playwright's sync API keeps an event loop in this thread, which makes Django refuse ORM calls
    # from the test body; the calls are still synchronous, so that guard does not apply here.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from django.db import connections

    before = {alias: connections[alias] for alias in connections}
    try:
        with sync_playwright() as playwright:
            # Starting Playwright switches the context Django keys its connections by, so the test
            # body gets a fresh connection object; give it the test database's saved contents, which
            # serialized-rollback tests restore after each flush.
            for alias, wrapper in before.items():
                if hasattr(wrapper, "_test_serialized_contents") and connections[alias] is not wrapper:
                    connections[alias]._test_serialized_contents = wrapper._test_serialized_contents
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def watch(page) -> None:
    page.problems = []

    def on_console(message):
        if message.type == "error" or "Content Security Policy" in message.text:
            page.problems.append(f"{page.url}: console {message.type}: {message.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: page.problems.append(f"{page.url}: uncaught {error}"))


@pytest.fixture
def context(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="ko-KR")
    context.set_default_timeout(10_000)
    yield context
    # Nothing may reach the server once the test is over (a page's unload beacon, say): the live
    # server shares the test's database connection, and the next test is already resetting it.
    context.route("**/*", lambda route: route.abort())
    for open_page in context.pages:
        open_page.close(run_before_unload=False)
    context.close()


@pytest.fixture
def page(context):
    page = context.new_page()
    watch(page)
    return page


def sign_in(context, live_server, user) -> None:
    """Give the browser a signed-in session for ``user`` without typing the password."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME,
                          "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                          "domain": urlparse(live_server.url).hostname, "path": "/"}])
