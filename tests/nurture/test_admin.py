import pytest

from nurture import actions
from nurture.models import Send
from tests.nurture.conftest import sign_up

pytestmark = pytest.mark.django_db


def test_editor_sees_sequences_leads_and_send_log_and_retries_a_failure(admin_client, client, sequence, smtp,
                                                                        django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(client)
    from nurture.models import Lead

    lead = Lead.objects.get()
    actions.enroll(lead, sequence)
    Lead.objects.filter(pk=lead.pk).update(confirmed_at=lead.created_at)
    lead.consents.update(confirmed_at=lead.created_at)
    actions.tick()
    send = Send.objects.get()
    Send.objects.filter(pk=send.pk).update(status=Send.Status.FAILED, reason="550 no such user")

    assert "가이드 후속" in admin_client.get("/admin/snippets/nurture/sequence/").content.decode()
    edit = admin_client.get(f"/admin/snippets/nurture/sequence/edit/{sequence.pk}/").content.decode()
    assert "환영합니다" in edit and "마지막 이야기" in edit
    assert "sky@example.com" in admin_client.get("/admin/snippets/nurture/lead/").content.decode()
    log = admin_client.get("/admin/snippets/nurture/send/", {"status": "failed"}).content.decode()
    assert "550 no such user" in log
    admin_client.post(f"/admin/nurture/sends/{send.pk}/retry/")
    send.refresh_from_db()
    assert send.status == Send.Status.PENDING


def test_dashboard_shows_funnel_and_step_results(admin_client, client, sequence, smtp, nurture_clock, commit):
    from nurture import scoring
    from tests.nurture.test_flow import confirmed_lead

    lead = confirmed_lead(commit, client, smtp)
    commit(actions.tick)
    Send.objects.filter(lead=lead).update(opened_at=lead.created_at, clicked_at=lead.created_at)
    scoring.record(lead, "event_registration")
    scoring.record(lead, "event_registration")
    html = admin_client.get("/admin/nurture/dashboard/").content.decode()
    from django.utils import translation

    from nurture.models import Stage

    with translation.override("ko"):
        mql = f"<th scope=\"row\">{Stage.MQL.label}</th><td>1</td>"
    assert mql in html.split('data-chart-table="chart-funnel"', 1)[1]  # the chart's figures, as a table
    mql_row = html.split('data-stage="mql"', 1)[1].split("</tr>", 1)[0]
    assert "<td>1</td>" in mql_row  # the lead reached MQL
    table = html.split('data-sequence="guide-follow-up"', 1)[1].split("</table>", 1)[0]
    assert '<td data-figure="sent">1</td>' in table and "1 (100%)" in table
    timeline = admin_client.get(f"/admin/snippets/nurture/lead/inspect/{lead.pk}/").content.decode()
    assert "email_sent" in timeline and "stage" in timeline


def test_editor_exports_and_erases_a_lead(admin_client, client, sequence, smtp, django_capture_on_commit_callbacks):
    from nurture.models import Lead

    with django_capture_on_commit_callbacks(execute=True):
        sign_up(client)
    lead = Lead.objects.get()
    exported = admin_client.get(f"/admin/nurture/leads/{lead.pk}/export/")
    assert exported.json()["email"] == "sky@example.com"
    assert "sky@example.com" in admin_client.get(f"/admin/nurture/leads/{lead.pk}/erase/").content.decode()
    lead.refresh_from_db()
    assert lead.erased_at is None  # asking changes nothing
    admin_client.post(f"/admin/nurture/leads/{lead.pk}/erase/")
    lead.refresh_from_db()
    assert lead.erased_at and "sky" not in lead.email
