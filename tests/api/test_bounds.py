"""Ids and counts past what the database can hold name nothing: the API answers 404 or 422 with the
usual ``{"errors": [...]}`` body, never a server error, and nothing is written."""

import pytest

from cms.models import EventRegistration
from nurture.models import Lead
from tests import factories

pytestmark = pytest.mark.django_db

HUGE = "59099080371831576254869324638692835328"


@pytest.fixture
def event(tree):
    return factories.EventPageFactory(parent=tree.events, slug="bounds", title="경계 스터디", capacity=5)


@pytest.mark.parametrize("event_id", [HUGE, str(2**31), "0", "-1"])
def test_an_event_id_no_row_can_have_is_a_json_404(client, event, event_id):
    body = {"name": "가", "email": "a@example.com"}
    posted = client.post(f"/api/events/{event_id}/registrations/", body, content_type="application/json",
                         HTTP_ACCEPT_LANGUAGE="en")
    read = client.get(f"/api/events/{event_id}/", HTTP_ACCEPT_LANGUAGE="en")
    for response in (posted, read):
        assert response.status_code == 404
        assert response.json() == {"errors": [{"field": None, "message": "Not found."}]}
    assert not EventRegistration.objects.exists()


def test_the_largest_valid_id_is_looked_up_and_not_found(client, event):
    response = client.get(f"/api/events/{2**31 - 1}/")
    assert response.status_code == 404


@pytest.mark.parametrize("url", [f"/api/events/?offset={HUGE}", f"/api/posts/?offset={HUGE}",
                                 "/api/events/?limit=100000", "/api/topics/?offset=-1"])
def test_listing_counts_out_of_range_are_422_in_korean(client, tree, url):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="ko")
    assert response.status_code == 422
    error = response.json()["errors"][0]
    assert error["field"] in {"offset", "limit"}
    assert "숫자를 입력해 주세요" in error["message"]


def test_a_lead_for_a_page_id_past_the_integer_range_is_refused(client, tree):
    response = client.post("/api/nurture/leads/", {"email": "b@example.com", "consent": True, "page_id": int(HUGE)},
                           content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "page_id"
    assert not Lead.objects.exists()
