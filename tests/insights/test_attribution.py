"""Attribution: a conversion is credited to the channels that brought the person (first touch, last
touch, linear); before someone opts in their browser alone holds where it arrived from, after it their
visits are theirs only while they consent; erasing a lead leaves counts and nobody's name."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from insights.actions import rollup
from insights.actions.attribution import ARRIVAL_COOKIE
from insights.models import Conversion, Credit, DailyConversions, PageView, Touch
from nurture import actions as nurture_actions
from nurture import scoring
from nurture.models import Lead, Stage
from tests.insights.test_visits import _hit
from tests.shop_wizard.conftest import catalogue  # noqa: F401  (a fixture)

pytestmark = pytest.mark.django_db


def post_lead(client, email="sky@example.com"):
    body = {"email": email, "consent": True, "consent_text": "동의합니다", "consent_version": "v1"}
    return client.post("/api/nurture/leads/", body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="ko")


def credited(conversion: Conversion) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    for credit in Credit.objects.filter(conversion=conversion):
        out.setdefault(credit.model, {})[credit.channel] = round(credit.weight, 3)
    return out


def test_an_opt_in_is_credited_to_the_channel_the_browser_arrived_from(client, tree,
                                                                      django_capture_on_commit_callbacks):
    response = _hit(client, query="?utm_source=kakao&utm_medium=social&utm_campaign=dec-meetup")
    assert ARRIVAL_COOKIE in response.cookies and response.cookies[ARRIVAL_COOKIE]["httponly"]
    _hit(client, path="/articles/", referrer="http://testserver/guides/")  # a view within the site: no new arrival
    assert PageView.objects.filter(lead_id__isnull=False).count() == 0, "before opting in, nobody is named"
    assert not Touch.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        assert post_lead(client).status_code == 202
    lead = Lead.objects.get()
    conversion = Conversion.objects.get(kind="lead")
    assert conversion.lead_id == lead.pk
    assert credited(conversion) == {"first": {"kakao": 1.0}, "last": {"kakao": 1.0}, "linear": {"kakao": 1.0}}
    touch = Touch.objects.get()
    assert (touch.lead_id, touch.channel, touch.campaign) == (lead.pk, "kakao", "dec-meetup")
    # the rollup the dashboard reads has it already (rebuilt soon after a conversion)
    assert DailyConversions.objects.get(kind="lead", model="first").channel == "kakao"


def test_a_direct_visit_keeps_the_earlier_arrival_and_a_forged_cookie_counts_nothing(client, tree):
    _hit(client, query="?utm_source=naver")
    assert ARRIVAL_COOKIE not in _hit(client, path="/again/").cookies, "direct does not hide naver"
    client.cookies[ARRIVAL_COOKIE] = "google||||x|1700000000"  # not signed by us
    post_lead(client)
    assert credited(Conversion.objects.get(kind="lead")) == {m: {"unknown": 1.0} for m in ("first", "last", "linear")}


@pytest.mark.parametrize("headers", [{"HTTP_DNT": "1"}, {"agent": "Googlebot/2.1 (+http://www.google.com/bot.html)"}])
def test_a_browser_not_counted_gets_no_arrival_cookie(client, tree, headers):
    assert ARRIVAL_COOKIE not in _hit(client, query="?utm_source=kakao", **headers).cookies


def consenting_browser(client, lead: Lead) -> None:
    """The nurture app's signed cookie, as its confirmation or an email link sets it."""
    from nurture.tracking import LEAD_COOKIE, LEAD_SALT

    response = client.get("/")
    response.set_signed_cookie(LEAD_COOKIE, str(lead.pk), salt=LEAD_SALT)
    client.cookies[LEAD_COOKIE] = response.cookies[LEAD_COOKIE].value


def test_visits_after_opt_in_are_touches_and_an_mql_is_credited_over_them(client, tree,
                                                                           django_capture_on_commit_callbacks):
    _hit(client, query="?utm_source=kakao")
    with django_capture_on_commit_callbacks(execute=True):
        post_lead(client)
    lead = Lead.objects.get()
    consenting_browser(client, lead)
    _hit(client, referrer="https://search.naver.com/search.naver?query=x", path="/a/")
    _hit(client, referrer="https://t.co/abc", path="/b/")
    _hit(client, referrer="http://testserver/a/", path="/c/")  # within the site: a view, not a touch
    assert PageView.objects.filter(lead_id=lead.pk).count() == 3
    assert list(Touch.objects.filter(lead_id=lead.pk).values_list("channel", flat=True)) == ["kakao", "naver", "x"]
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            scoring.record(lead, "event_registration")
    lead.refresh_from_db()
    assert lead.stage in (Stage.MQL, Stage.SQL)
    mql = Conversion.objects.get(kind="mql")
    assert credited(mql) == {"first": {"kakao": 1.0}, "last": {"x": 1.0},
                             "linear": {"kakao": 0.333, "naver": 0.333, "x": 0.333}}


def test_after_consent_is_withdrawn_visits_are_anonymous_and_erasure_leaves_counts(
        client, tree, django_capture_on_commit_callbacks):
    _hit(client, query="?utm_source=facebook")
    with django_capture_on_commit_callbacks(execute=True):
        post_lead(client)
    lead = Lead.objects.get()
    consenting_browser(client, lead)
    _hit(client, referrer="https://www.google.com/")
    assert Touch.objects.filter(lead_id=lead.pk).count() == 2
    exported = nurture_actions.export_lead(lead)["insights"]
    assert [t["channel"] for t in exported["touches"]] == ["facebook", "google"]
    assert exported["conversions"][0]["kind"] == "lead"
    nurture_actions.unsubscribe(lead, how="link")
    _hit(client, referrer="https://t.co/x")
    assert PageView.objects.order_by("-pk").first().lead_id is None, "withdrawn: the view names nobody"
    assert Touch.objects.filter(lead_id=lead.pk).count() == 2
    with django_capture_on_commit_callbacks(execute=True):
        nurture_actions.erase_lead(lead)
    assert not Touch.objects.exists() and not PageView.objects.filter(lead_id__isnull=False).exists()
    conversion = Conversion.objects.get(kind="lead")
    assert conversion.lead_id is None and credited(conversion)["first"] == {"facebook": 1.0}, "the count stays"


def test_an_anonymous_click_out_is_credited_to_its_arrival_and_ties_nobody(client, tree, catalogue):  # noqa: F811
    _hit(client, query="?utm_source=partner&utm_campaign=spring")
    hall = catalogue["hall"]
    assert client.get(reverse("shop_wizard_go", args=[hall.pk])).status_code == 302
    conversion = Conversion.objects.get(kind="click_out")
    assert conversion.lead_id is None and conversion.member_id is None and conversion.label == "나루"
    assert credited(conversion)["last"] == {"partner": 1.0} and not Touch.objects.exists()


def test_a_member_sign_up_is_credited_and_a_days_rollup_run_again_is_the_same(client, tree, smtp,
                                                                              django_capture_on_commit_callbacks):
    from tests.community.test_accounts import sign_up

    _hit(client, query="?utm_source=x&utm_campaign=launch")
    with django_capture_on_commit_callbacks(execute=True):
        assert sign_up(client, "member@example.com").status_code == 302
    conversion = Conversion.objects.get(kind="member")
    assert conversion.member_id and credited(conversion)["first"] == {"x": 1.0}
    assert Touch.objects.get().member_id == conversion.member_id
    day = timezone.localtime(conversion.at).date()
    rollup(day)
    first = sorted(DailyConversions.objects.values_list("kind", "model", "channel", "campaign", "credit"))
    rollup(day)
    assert sorted(DailyConversions.objects.values_list("kind", "model", "channel", "campaign", "credit")) == first
    assert ("member", "first", "x", "launch", 1.0) in first


def test_a_korean_campaign_survives_the_browser_cookie(client, tree, django_capture_on_commit_callbacks):
    response = _hit(client, query="?utm_source=kakao&utm_campaign=%EA%B2%A8%EC%9A%B8%EB%AA%A8%EC%9E%84")
    assert response.cookies[ARRIVAL_COOKIE].value.isascii()
    with django_capture_on_commit_callbacks(execute=True):
        post_lead(client)
    assert Touch.objects.get().campaign == "겨울모임"
