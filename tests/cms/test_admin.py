"""The admin works for every content type: editors can open each editor and list registrations."""

import pytest

from tests import factories
from tests.cms.test_pages import pages  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("boss", "boss@example.com", "pw")
    client.force_login(user)
    return client


def test_every_page_editor_opens(admin_client, pages):  # noqa: F811
    for name, page in pages.items():
        response = admin_client.get(f"/admin/pages/{page.pk}/edit/")
        assert response.status_code == 200, name


def test_every_page_type_can_be_added(admin_client, tree):
    targets = {
        "articlepage": tree.articles, "postpage": tree.posts, "eventpage": tree.events, "landingpage": tree.home,
    }
    for model, parent in targets.items():
        response = admin_client.get(f"/admin/pages/add/cms/{model}/{parent.pk}/")
        assert response.status_code == 200, model


def test_registrations_and_snippets_are_listed(admin_client, tree):
    from cms.actions import register_for_event

    event = factories.EventPageFactory(parent=tree.events, slug="e")
    register_for_event(event, "가나다", "abc@example.com")
    html = admin_client.get("/admin/snippets/cms/eventregistration/").content.decode()
    assert "abc@example.com" in html
    for model in ("topic", "team"):
        assert admin_client.get(f"/admin/snippets/cms/{model}/").status_code == 200


def test_landing_submissions_are_listed_with_consent(admin_client, tree, client):
    landing = factories.LandingPageFactory(parent=tree.home, slug="guide")
    from django.test import Client

    Client().post("/guide/", {"name": "가", "imeil": "a@example.com", "marketing_consent": "on"})
    html = admin_client.get(f"/admin/forms/submissions/{landing.pk}/").content.decode()
    assert "a@example.com" in html
