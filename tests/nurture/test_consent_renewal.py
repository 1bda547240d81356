"""Consent lasts two years: a notice a month before, renewal by POST, and no mail once it lapses."""

from __future__ import annotations

import pytest

from nurture import actions
from nurture.models import Send
from tests.nurture.conftest import link_in
from tests.nurture.test_flow import confirmed_lead

pytestmark = pytest.mark.django_db


def test_renewal_notice_renew_and_lapse(client, smtp, nurture_clock, sequence, commit):
    keeper = confirmed_lead(commit, client, smtp, email="keep@example.com")
    leaver = confirmed_lead(commit, client, smtp, email="lapse@example.com")
    nurture_clock.advance(days=365 * 2 - 20)
    assert actions.send_renewal_notices() == 2
    assert actions.send_renewal_notices() == 0, "one notice per consent"
    notice = smtp.to("keep@example.com")[-1]
    text = notice.get_body(preferencelist=("plain",)).get_content()
    assert "2년마다" in text  # in the lead's language
    renew = link_in(notice, "/nurture/renew/").split("http://testserver", 1)[1]
    assert client.get(renew).status_code == 200 and keeper.consents.count() == 1  # GET changes nothing
    assert client.post(renew).status_code == 200
    assert keeper.consents.count() == 2

    nurture_clock.advance(days=25)  # past two years since the first consent
    assert actions.why_not_mail(keeper, nurture_clock.now()) == ""
    leaver.refresh_from_db()
    assert actions.why_not_mail(leaver, nurture_clock.now()) == "consent lapsed"
    commit(actions.tick)
    assert not Send.objects.filter(lead=leaver, status=Send.Status.SENT, sent_at__gt=leaver.created_at +
                                   __import__("datetime").timedelta(days=700)).exists()


def test_unsubscribe_result_is_notified_once(client, smtp, nurture_clock, sequence, commit):
    lead = confirmed_lead(commit, client, smtp)
    before = len(smtp.to(lead.email))
    commit(client.post, f"/nurture/u/{lead.token}/", "List-Unsubscribe=One-Click",
           content_type="application/x-www-form-urlencoded")
    commit(client.post, f"/nurture/u/{lead.token}/", "List-Unsubscribe=One-Click",
           content_type="application/x-www-form-urlencoded")
    notices = smtp.to(lead.email)[before:]
    assert len(notices) == 1 and not str(notices[0]["Subject"]).startswith("(광고)")
