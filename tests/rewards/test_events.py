"""Points at events: registering with your member address, and checking in with the code shown there
while the event runs (once; the clock and the code both checked); the points on the profile."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from cms.actions import cancel_registration, register_for_event
from rewards.actions import RewardsError, balance, check_in
from rewards.checkin import code_for
from tests import factories
from tests.community.conftest import committed

pytestmark = pytest.mark.django_db


def event_at(tree, slug, start, hours=2):
    page = factories.EventPageFactory(parent=tree.events, slug=slug, title=f"모임 {slug}", start=start,
                                      end=start + timedelta(hours=hours))
    page.save_revision().publish()
    return page


def test_checking_in_with_the_code_while_the_event_runs_earns_points_once(person, tree):
    mina = person("mina")
    now = timezone.now()
    running = event_at(tree, "now", now - timedelta(minutes=10))
    other = event_at(tree, "other", now - timedelta(minutes=5))
    url = f"/rewards/check-in/{running.pk}/"
    wrong = mina.post(url, {"code": code_for(other)})
    assert wrong.status_code == 400 and "이벤트에서 보여 준 코드" in wrong.content.decode()
    assert balance(mina.member) == 0
    done = mina.post(url, {"code": code_for(running).lower()})  # typed on a phone: case does not matter
    assert done.status_code == 302 and balance(mina.member) == 20
    profile = mina.get("/accounts/profile/").content.decode()
    assert "체크인했습니다: 20포인트" in profile and "이벤트 현장 체크인" in profile
    again = mina.post(url, {"code": code_for(running)})
    assert again.status_code == 400 and "이미 체크인" in again.content.decode() and balance(mina.member) == 20


def test_the_code_is_refused_before_the_door_opens_and_after_the_event(person, tree):
    mina = person("mina")
    start = timezone.now() + timedelta(days=1)
    tomorrow = event_at(tree, "tomorrow", start)
    page = mina.get(f"/rewards/check-in/{tomorrow.pk}/").content.decode()
    assert "30분 전" in page and 'name="code"' not in page
    with pytest.raises(RewardsError):
        check_in(mina.member, tomorrow, code_for(tomorrow), at=start - timedelta(minutes=31))
    assert len(check_in(mina.member, tomorrow, code_for(tomorrow), at=start - timedelta(minutes=29))) == 1
    ended = event_at(tree, "ended", start, hours=1)
    with pytest.raises(RewardsError):
        check_in(mina.member, ended, code_for(ended), at=start + timedelta(hours=1, minutes=1))


def test_visitors_sign_in_before_checking_in(client, tree):
    running = event_at(tree, "now", timezone.now())
    assert client.get(f"/rewards/check-in/{running.pk}/")["Location"].startswith("/accounts/login/")


def test_registering_with_a_member_address_earns_points_and_cancelling_gives_them_back(person, tree):
    mina = person("mina")
    event = event_at(tree, "soon", timezone.now() + timedelta(days=3))
    registration = committed(register_for_event, event, "Mina", "MINA@example.com")
    assert balance(mina.member) == 3
    committed(cancel_registration, registration.pk)
    assert balance(mina.member) == 0
    committed(register_for_event, event, "손님", "guest@example.com")  # not a member: nobody to credit
    assert balance(mina.member) == 0


def test_staff_find_each_running_events_code_in_the_admin(person, tree):
    boss = person("boss", staff=True)
    boss.member.user.is_superuser = True
    boss.member.user.save()
    running = event_at(tree, "now", timezone.now())
    page = boss.get("/admin/rewards/check-in-codes/").content.decode()
    assert code_for(running) in page and f"/rewards/check-in/{running.pk}/" in page
