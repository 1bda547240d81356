"""The one dashboard reads the rollups: a period beside the one before, the funnel by channel with the
conversions behind each number, every app's figures, CSV; the customer view shows a person's touches
and attribution; both are staff-only where they show people, and a staff-only mention is never counted."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.utils import timezone

from insights import demo
from insights.actions import rollup
from insights.models import Conversion, DailyFigure
from nurture.models import Lead
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(tree):
    demo.load()


def test_the_dashboard_shows_each_step_and_the_funnel_from_the_demo(admin_client, loaded):
    page = admin_client.get("/admin/insights/dashboard/?days=30")
    assert page.status_code == 200
    sections = [s["key"] for s in page.context["sections"]]
    assert sections == ["listen", "create", "target", "convert", "retain"]
    channels = {r["key"]: r for r in page.context["channels"]["rows"]}
    assert channels["kakao"]["visits"] > 0 and channels["kakao"]["steps"][0] > 0, "kakao brought leads"
    totals = page.context["channels"]["totals"]
    assert totals["visits"] > totals["steps"][0] > totals["steps"][1] > 0, "a funnel narrows"
    assert totals["visits_then"] > 0, "the period before is there to compare"
    html = page.content.decode()
    assert 'data-funnel="channel"' in html and 'data-funnel="campaign"' in html and "dec-meetup" in html
    # the number links to the conversions behind it
    listing = admin_client.get("/admin/insights/conversions/?kind=lead&channel=kakao&days=30&model=first")
    assert listing.status_code == 200
    shown = list(listing.context["page"])
    assert shown and all(c.kind == "lead" for c in shown)
    assert all(any(credit.channel == "kakao" for credit in c.credited) for c in shown)


def test_the_models_give_different_credit_and_csv_has_every_number(admin_client, loaded):
    first = admin_client.get("/admin/insights/dashboard/?days=90&model=first").context["channels"]["totals"]
    last = admin_client.get("/admin/insights/dashboard/?days=90&model=last").context["channels"]["rows"]
    email_last = next(r for r in last if r["key"] == "email")["steps"][1]
    first_rows = admin_client.get("/admin/insights/dashboard/?days=90&model=first").context["channels"]["rows"]
    email_first = next(r for r in first_rows if r["key"] == "email")["steps"][1]
    assert email_last > email_first, "emails that followed get the last touch of later stages"
    assert first["steps"][1] > 0
    response = admin_client.get("/admin/insights/dashboard/?days=30&format=csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) > 20 and any("kakao" in " ".join(r) or "카카오" in " ".join(r) for r in rows)


def test_a_day_rolled_up_again_gives_the_same_figures(tree):
    from community.models import Comment  # noqa: F401  (the figures read it)

    day = timezone.localdate()
    rollup(day)
    first = sorted(DailyFigure.objects.filter(day=day).values_list("key", "dimension", "value"))
    rollup(day)
    assert sorted(DailyFigure.objects.filter(day=day).values_list("key", "dimension", "value")) == first


def test_a_staff_only_mention_is_not_counted_and_people_are_for_staff_only(tree):
    from listening.models import Mention, Source

    source = Source.objects.create(name="test", kind="manual")
    now = timezone.now()
    Mention.objects.create(source=source, text="좋아요", author="a", posted_at=now, sentiment="positive",
                           fingerprint="fp-a")
    Mention.objects.create(source=source, text="기밀 이야기", author="b", posted_at=now, sentiment="negative",
                           staff_only=True, fingerprint="fp-b")
    rollup(timezone.localdate())
    assert dict(DailyFigure.objects.filter(key="mentions").values_list("dimension", "value")) == {"positive": 1.0}
    editor = factories.UserFactory(username="editor", is_staff=False)
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client = Client()
    client.force_login(editor)
    assert client.get("/admin/insights/dashboard/").status_code == 200, "an editor reads the counts"
    lead = Lead.objects.create(email="p@example.com", email_key="p@example.com")
    for denied in ("/admin/insights/people/?q=p@", f"/admin/insights/people/lead-{lead.pk}/"):
        response = client.get(denied)
        assert response.status_code in (302, 403) and "p@example.com" not in response.content.decode()
    assert client.get("/admin/insights/conversions/").status_code == 200
    assert client.get(f"/api/insights/people/lead-{lead.pk}/timeline/").status_code == 403


def test_the_customer_view_shows_touches_and_attribution(admin_client, loaded):
    lead = Lead.objects.get(email_key="demo.person4@example.com")  # an SQL: three touches
    page = admin_client.get(f"/admin/insights/people/lead-{lead.pk}/")
    assert page.status_code == 200
    kinds = [c["kind"] for c in page.context["conversions"]]
    assert set(kinds) == {"lead", "mql", "sql"}
    lead_conversion = next(c for c in page.context["conversions"] if c["kind"] == "lead")
    assert lead_conversion["credits"]["first"][0]["channel"] == "kakao"
    entries = page.context["entries"]
    assert [e.at for e in entries] == sorted((e.at for e in entries), reverse=True), "newest first"
    assert {"visit", "lead", "conversion"} <= {e.kind for e in entries}
    found = admin_client.get("/admin/insights/people/?q=demo.person4").context["found"]
    assert found[0]["key"] == f"lead-{lead.pk}"
    api = admin_client.get(f"/api/insights/people/lead-{lead.pk}/timeline/")
    assert api.status_code == 200 and {c["kind"] for c in api.json()["conversions"]} == {"lead", "mql", "sql"}
    figures = admin_client.get("/api/insights/dashboard/?days=30&model=linear").json()
    assert figures["model"] == "linear" and [s["key"] for s in figures["sections"]][0] == "listen"


def test_the_admin_home_shows_the_summary(admin_client, loaded):
    html = admin_client.get("/admin/").content.decode()
    assert 'data-panel="marketing-dashboard"' in html and "/admin/insights/dashboard/" in html


def test_conversions_older_than_the_window_are_not_credited(tree):
    from insights.actions import convert
    from insights.models import Touch

    lead = Lead.objects.create(email="w@example.com", email_key="w@example.com")
    now = timezone.now()
    Touch.objects.create(lead_id=lead.pk, at=now - timedelta(days=45), channel="kakao")
    Touch.objects.create(lead_id=lead.pk, at=now - timedelta(days=3), channel="naver")
    conversion = convert(Conversion.Kind.CUSTOMER, f"customer:{lead.pk}", lead_id=lead.pk)
    assert {c.model: c.channel for c in conversion.credits.all()} == {"first": "naver", "last": "naver",
                                                                      "linear": "naver"}


def test_a_search_term_that_looks_like_a_formula_is_text_in_the_csv(admin_client, tree):
    from search.models import QueryLog

    QueryLog.objects.create(query="=cmd|' /c calc'!a1", language="ko", result_count=0, session="s")
    rollup(timezone.localdate())
    body = admin_client.get("/admin/insights/dashboard/?days=7&format=csv").content.decode("utf-8-sig")
    cells = [cell for row in csv.reader(io.StringIO(body)) for cell in row]
    assert "'=cmd|' /c calc'!a1" in cells and "=cmd|' /c calc'!a1" not in cells


def test_the_dashboard_is_built_once_per_rollup_and_a_rollup_shows_new_numbers(tree, django_assert_max_num_queries):
    from insights import dashboard
    from listening.models import Mention, Source

    source = Source.objects.create(name="test", kind="manual")
    Mention.objects.create(source=source, text="좋아요", author="a", posted_at=timezone.now(), sentiment="positive",
                           fingerprint="fp-a")
    rollup(timezone.localdate())

    def mentions(data):
        return next(f for s in data["sections"] for f in s["figures"] if f["key"] == "mentions")["now"]

    assert mentions(dashboard.build(7)) == 1
    with django_assert_max_num_queries(0):
        assert mentions(dashboard.build(7)) == 1, "a second look reads nothing again"
    Mention.objects.create(source=source, text="별로예요", author="b", posted_at=timezone.now(), sentiment="negative",
                           fingerprint="fp-b")
    assert mentions(dashboard.build(7)) == 1, "between rollups the dashboard shows the last rollup"
    rollup(timezone.localdate())
    assert mentions(dashboard.build(7)) == 2, "the next rollup is shown at once"
