"""Editor rules of a sequence: branches on the previous email, entry on interest, manual entry,
send windows in the lead's time zone and the per-lead frequency cap."""

from __future__ import annotations

import pytest

from nurture import actions, scoring
from nurture.models import Enrollment, Send, Sequence, Step
from tests.nurture.conftest import link_in
from tests.nurture.test_flow import confirmed_lead

pytestmark = pytest.mark.django_db


def subjects(smtp, email):
    return [str(m["Subject"]) for m in smtp.to(email)]


def test_a_branch_on_whether_the_lead_clicked(client, smtp, nurture_clock, sequence, commit):
    step2 = sequence.steps.get(delay_days=2)
    step2.condition, step2.subject = "clicked_previous", "클릭한 분께"
    step2.save()
    Step.objects.create(sequence=sequence, delay_days=2, subject="아직 못 보신 분께", condition="not_clicked_previous",
                        body=[("paragraph", "<p>다시 소개합니다.</p>")], sort_order=1)
    clicker = confirmed_lead(commit, client, smtp, email="click@example.com")
    quiet = confirmed_lead(commit, client, smtp, email="quiet@example.com")
    commit(actions.tick)
    client.get(link_in(smtp.to("click@example.com")[-1], "/nurture/c/").split("http://testserver", 1)[1])
    nurture_clock.advance(days=2, minutes=1)
    commit(actions.tick)
    commit(actions.tick)
    assert subjects(smtp, "click@example.com")[-1] == "(광고) 클릭한 분께"
    assert "(광고) 아직 못 보신 분께" not in subjects(smtp, "click@example.com")
    assert subjects(smtp, "quiet@example.com")[-1] == "(광고) 아직 못 보신 분께"
    skipped = Send.objects.get(lead=quiet, step=step2)
    assert skipped.status == Send.Status.SKIPPED and skipped.reason.startswith("condition not met")
    assert clicker.sends.filter(status=Send.Status.SENT).count() == 2


def test_interest_in_a_topic_enters_a_sequence(client, smtp, nurture_clock, sequence, commit, tree):
    from cms.models import Topic
    from tests import factories

    topic = Topic.objects.create(name="검색", slug="search", name_en="Search")
    article = factories.ArticlePageFactory(parent=tree.articles, slug="search-guide", title="검색 가이드")
    article.topics.add(topic)
    article.save_revision().publish()
    on_topic = Sequence.objects.create(name="검색 관심", slug="search-interest", trigger_topic=topic, trigger_weight=3)
    Step.objects.create(sequence=on_topic, delay_days=0, subject="검색 이야기", body=[("paragraph", "<p>검색</p>")])
    lead = confirmed_lead(commit, client, smtp)
    commit(actions.tick)
    assert not Enrollment.objects.filter(lead=lead, sequence=on_topic).exists()
    scoring.record(lead, "page_view", page=article)
    commit(actions.tick)
    assert not Enrollment.objects.filter(lead=lead, sequence=on_topic).exists(), "one view is not enough interest"
    scoring.record(lead, "pillar_view", page=article)
    nurture_clock.advance(days=1)  # the frequency cap: day 0 of the first sequence went out today
    commit(actions.tick)
    assert Enrollment.objects.filter(lead=lead, sequence=on_topic).exists()
    assert "(광고) 검색 이야기" in subjects(smtp, lead.email)


def test_editor_enrols_leads_by_hand(admin_client, client, smtp, nurture_clock, sequence, commit):
    other = Sequence.objects.create(name="수동", slug="manual")
    Step.objects.create(sequence=other, delay_days=0, subject="수동 안내", body=[("paragraph", "<p>안내</p>")])
    lead = confirmed_lead(commit, client, smtp)
    response = admin_client.post(f"/admin/nurture/sequences/{other.pk}/enroll/",
                                 {"emails": "SKY@example.com\nnobody@example.com"})
    assert response.status_code == 302
    assert Enrollment.objects.filter(lead=lead, sequence=other).exists()


def test_send_window_and_frequency_cap(client, smtp, nurture_clock, sequence, commit, settings):
    lead = confirmed_lead(commit, client, smtp)
    local_hour = nurture_clock.now().astimezone(__import__("zoneinfo").ZoneInfo("Asia/Seoul")).hour
    settings.NURTURE_SEND_WINDOW = ((local_hour + 1) % 24, (local_hour + 2) % 24 or 24)
    commit(actions.tick)
    assert not Send.objects.filter(lead=lead).exists(), "outside the lead's send window nothing is due yet"
    nurture_clock.advance(hours=1)  # the lead's sending hours begin
    commit(actions.tick)
    assert Send.objects.filter(lead=lead, status=Send.Status.SENT).count() == 1
    settings.NURTURE_SEND_WINDOW = (0, 24)
    second = Sequence.objects.create(name="둘째", slug="second", trigger_page=sequence.trigger_page)
    Step.objects.create(sequence=second, delay_days=0, subject="둘째 시퀀스", body=[("paragraph", "<p>둘</p>")])
    actions.enroll(lead, second)
    commit(actions.tick)
    commit(actions.tick)
    assert Send.objects.filter(lead=lead, status=Send.Status.SENT).count() == 1, "one marketing email a day"
    nurture_clock.advance(hours=21)
    commit(actions.tick)
    assert Send.objects.filter(lead=lead, status=Send.Status.SENT).count() == 2


def test_thirty_quiet_days_enter_a_re_engagement_sequence(client, smtp, nurture_clock, sequence, commit):
    comeback = Sequence.objects.create(name="다시 만나요", slug="come-back", trigger_inactive_days=30)
    Step.objects.create(sequence=comeback, delay_days=0, subject="요즘 어떠세요", body=[("paragraph", "<p>안녕</p>")])
    active = confirmed_lead(commit, client, smtp, email="busy@example.com")
    quiet = confirmed_lead(commit, client, smtp, email="quiet@example.com")
    nurture_clock.advance(days=20)
    scoring.record(active, "page_view")
    commit(actions.tick)
    assert not Enrollment.objects.filter(sequence=comeback).exists()
    nurture_clock.advance(days=11)
    commit(actions.tick)
    assert list(Enrollment.objects.filter(sequence=comeback).values_list("lead__email", flat=True)) == [quiet.email]
    assert "(광고) 요즘 어떠세요" in subjects(smtp, quiet.email)


def test_a_saved_segment_enters_its_leads(client, smtp, nurture_clock, sequence, commit):
    from nurture.models import Segment

    hot = Segment.objects.create(name="MQL 이상", min_stage="mql")
    offer = Sequence.objects.create(name="상담 안내", slug="talk-to-us", trigger_segment=hot)
    Step.objects.create(sequence=offer, delay_days=0, subject="상담해 보세요", body=[("paragraph", "<p>상담</p>")])
    warm = confirmed_lead(commit, client, smtp, email="warm@example.com")
    cold = confirmed_lead(commit, client, smtp, email="cold@example.com")
    commit(actions.tick)
    assert not Enrollment.objects.filter(sequence=offer).exists()
    scoring.record(warm, "event_registration")
    scoring.record(warm, "event_registration")
    commit(actions.tick)
    assert list(Enrollment.objects.filter(sequence=offer).values_list("lead__email", flat=True)) == [warm.email]
    assert not Enrollment.objects.filter(sequence=offer, lead=cold).exists()


def test_a_waiting_enrolment_is_not_read_until_its_day_and_an_editor_can_bring_it_forward(
        client, smtp, nurture_clock, sequence, commit):
    lead = confirmed_lead(commit, client, smtp)
    commit(actions.tick)
    marketing = lambda: [s for s in subjects(smtp, lead.email) if s.startswith("(광고)")]  # noqa: E731
    assert len(marketing()) == 1
    result = commit(actions.tick)
    assert result.looked_at == 0, "the next step is days away: the tick does not read the enrolment"
    nurture_clock.advance(hours=30)
    assert commit(actions.tick).looked_at == 0
    later = sequence.steps.order_by("delay_days")[1]
    later.delay_days = 1  # the editor shortens the wait; the lead's second email is due now
    commit(later.save)
    commit(actions.tick)
    assert marketing() == ["(광고) 환영합니다", "(광고) 두 번째 이야기"]
