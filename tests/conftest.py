import os
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Locale, Page, Site

from tests import factories


def pytest_report_header(config):
    db = os.environ.get("DATABASE_URL", "sqlite (embedded default)")
    broker = os.environ.get("CELERY_BROKER_URL", "filesystem (embedded default)")
    return [f"database: {db.split('@')[-1]}", f"celery broker: {broker.split('@')[-1]}"]


@pytest.fixture
def smtp(settings):
    """A real SMTP server on loopback; Django sends to it, and the test reads what it accepted."""
    from aiosmtpd.controller import Controller

    from tests.smtp import Inbox, free_port

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 10
    yield inbox
    controller.stop()


@pytest.fixture(autouse=True)
def _empty_search_index(request):
    """A transactional test's flush empties the model tables but not SQLite's full-text tables, which
    are no model's: without this a page indexed by one test is still found (and counted) in the next."""
    marker = request.node.get_closest_marker("django_db")
    if marker and marker.kwargs.get("transaction"):
        request.getfixturevalue("transactional_db")
        from search.backends import get_backend

        get_backend().clear()
    yield


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: ids repeat across tests once the database rolls back."""
    from django.core.cache import cache

    from cms import fragments, routing, structure
    from community import rendering
    from community.actions import access, conversation
    from insights.actions import recording
    from listening.actions import learning
    from rewards.actions import forget_all

    cache.clear()
    fragments.forget_all()
    rendering.forget_all()
    routing.forget_all()
    structure.forget_local()
    access.forget_verified()
    access.forget_pages()
    conversation.forget_approved()
    forget_all()
    learning.forget()
    recording.forget_hosts()
    yield


@dataclass
class Tree:
    home: Page
    articles: Page
    posts: Page
    events: Page
    topics: Page
    home_en: Page
    posts_en: Page


@pytest.fixture
def locales(db):
    ko = Locale.objects.get_or_create(language_code="ko")[0]
    en = Locale.objects.get_or_create(language_code="en")[0]
    return {"ko": ko, "en": en}


@pytest.fixture
def tree(locales) -> Tree:
    """A Korean site with every index, and an English home with a post index."""
    root = Page.get_first_root_node()
    for welcome in Page.objects.filter(depth=2):
        Site.objects.filter(root_page=welcome).update(root_page=root)
        welcome.delete()
    root.refresh_from_db()
    home = factories.HomePageFactory(parent=root, slug="home", locale=locales["ko"])
    Site.objects.update_or_create(is_default_site=True, defaults={"hostname": "localhost", "port": 80,
                                                                  "root_page": home, "site_name": "테스트"})
    home_en = factories.HomePageFactory(parent=root, slug="home-en", locale=locales["en"], title="Home",
                                        translation_key=home.translation_key)
    return Tree(
        home=home,
        articles=factories.ArticleIndexPageFactory(parent=home, slug="guides"),
        posts=factories.PostIndexPageFactory(parent=home, slug="posts"),
        events=factories.EventIndexPageFactory(parent=home, slug="events"),
        topics=factories.TopicIndexPageFactory(parent=home),
        home_en=home_en,
        posts_en=factories.PostIndexPageFactory(parent=home_en, slug="posts", title="Posts"),
    )


@pytest.fixture
def admin_client(client, django_user_model):
    """The test client logged in as a superuser (an editor with every permission)."""
    user = django_user_model.objects.create_superuser("editor", "editor@example.com", "pw")
    client.force_login(user)
    return client


@pytest.fixture
def staff_user(db):
    return factories.UserFactory(username="staffer", staff=True)


@pytest.fixture
def team_lead(db):
    user = factories.UserFactory(username="lead", staff=True)
    user.groups.add(Group.objects.get_or_create(name="Team leads")[0])
    return user


@pytest.fixture
def team(team_lead):
    return factories.TeamFactory(slug="marketing", name="마케팅팀", name_en="Marketing", lead=team_lead)


@pytest.fixture
def api_token(staff_user):
    from wagtail.models import APIToken

    _token, plaintext = APIToken.create_token(user=staff_user, name="test")
    return plaintext
