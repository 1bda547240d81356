"""Groups: anyone joins a public one; a closed one takes requests its managers approve; the last
manager cannot walk away from members; alliances need both groups' managers."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from community import actions
from community.models import Alliance, CommunityGroup, GroupKind, Membership

pytestmark = pytest.mark.django_db


def person(name: str):
    user = get_user_model().objects.create_user(name, f"{name}@example.com", "pw-12345-long")
    client = Client()
    client.force_login(user)
    member = actions.member_for(user)
    member.display_name = name
    member.save()
    return member, client


@pytest.fixture
def groups(tree):
    open_group = CommunityGroup.objects.create(name="검색 스터디", slug="search-study", kind=GroupKind.PUBLIC)
    closed = CommunityGroup.objects.create(name="파트너 모임", slug="partners", kind=GroupKind.CLOSED)
    return open_group, closed


def test_a_public_group_takes_a_member_at_once_and_shows_them(groups):
    open_group, _closed = groups
    member, client = person("mina")
    page = client.get("/groups/search-study/")
    assert page.status_code == 200 and "그룹 가입" in page.content.decode()
    assert client.post("/groups/search-study/", {"action": "join"}).status_code == 302
    html = client.get("/groups/search-study/").content.decode()
    assert "mina" in html and "그룹 탈퇴" in html
    assert client.post("/groups/search-study/", {"action": "leave"}).status_code == 302
    assert not Membership.objects.filter(group=open_group).exists()


def test_a_closed_group_waits_for_a_manager(groups):
    _open, closed = groups
    manager, manager_client = person("boss")
    Membership.objects.create(group=closed, member=manager, role=Membership.Role.MANAGER)
    asker, asker_client = person("asker")
    asker_client.post("/groups/partners/", {"action": "join"})
    request = Membership.objects.get(group=closed, member=asker)
    assert request.status == Membership.Status.PENDING
    assert "asker" not in Client().get("/groups/partners/").content.decode(), "not listed before approval"
    outsider, outsider_client = person("outsider")
    refused = outsider_client.post("/groups/partners/", {"action": "approve", "membership": request.pk})
    assert refused.status_code == 400 and "관리자" in refused.content.decode()
    assert Membership.objects.get(pk=request.pk).status == Membership.Status.PENDING
    assert "승인" in manager_client.get("/groups/partners/").content.decode()
    manager_client.post("/groups/partners/", {"action": "approve", "membership": request.pk})
    assert Membership.objects.get(pk=request.pk).status == Membership.Status.ACTIVE


def test_the_last_manager_cannot_leave_members_without_one(groups):
    open_group, _closed = groups
    manager, manager_client = person("keeper")
    Membership.objects.create(group=open_group, member=manager, role=Membership.Role.MANAGER)
    actions.join(open_group, person("follower")[0])
    response = manager_client.post("/groups/search-study/", {"action": "leave"})
    assert response.status_code == 400 and "관리자" in response.content.decode()
    assert Membership.objects.filter(group=open_group, member=manager).exists()


def test_an_alliance_needs_both_groups_managers(groups):
    open_group, closed = groups
    one, _c = person("one")
    two, _c = person("two")
    Membership.objects.create(group=open_group, member=one, role=Membership.Role.MANAGER)
    Membership.objects.create(group=closed, member=two, role=Membership.Role.MANAGER)
    with pytest.raises(actions.CommunityError):
        actions.propose_alliance(open_group, closed, two)  # not a manager of the proposing group
    alliance = actions.propose_alliance(open_group, closed, one)
    assert alliance.accepted_at is None and actions.allies(open_group) == []
    with pytest.raises(actions.CommunityError):
        actions.accept_alliance(alliance, one)  # the proposer cannot accept for the other group
    actions.propose_alliance(closed, open_group, two)  # proposing back accepts
    assert Alliance.objects.get(pk=alliance.pk).accepted_at is not None
    assert actions.allies(open_group) == [closed] and actions.allies(closed) == [open_group]
    assert "파트너 모임" in Client().get("/groups/search-study/").content.decode()


def test_visitors_must_sign_in_to_join(groups):
    response = Client().post("/groups/search-study/", {"action": "join"})
    assert response.status_code == 302 and "/accounts/login/" in response.url
    assert not Membership.objects.exists()


def test_group_pages_are_in_the_sitemap_in_their_language(client, groups):
    CommunityGroup.objects.create(name="Study circle", slug="study-en", language="en")
    body = client.get("/sitemap.xml").content.decode()
    assert "http://testserver/groups/search-study/" in body and "http://testserver/en/groups/study-en/" in body


def test_a_member_without_a_display_name_is_never_shown_by_their_email(groups):
    member = actions.member_for(get_user_model().objects.create_user("hidden", "secret.name@example.com", "pw-12345"))
    actions.join(groups[0], member)
    html = Client().get("/groups/search-study/").content.decode()
    assert "secret.name" not in html and ">hidden<" not in html


def test_a_group_page_shows_its_hosted_events_outputs_and_allies_events(groups, tree):
    from datetime import timedelta

    from django.utils import timezone

    from community.models import GroupOutput, HostedEvent
    from tests import factories

    open_group, closed = groups
    soon = timezone.now() + timedelta(days=3)
    event = factories.EventPageFactory(parent=tree.events, slug="meet", title="스터디 모임", start=soon,
                                       end=soon + timedelta(hours=2))
    ally_event = factories.EventPageFactory(parent=tree.events, slug="ally-meet", title="파트너 행사",
                                            start=soon, end=soon + timedelta(hours=2))
    report = factories.PostPageFactory(parent=tree.posts, slug="report", title="스터디 결과 보고")
    secret = factories.PostPageFactory(parent=tree.posts, slug="secret", title="비공개 결과", visibility="internal")
    for page in (event, ally_event, report, secret):
        page.save_revision().publish()
    HostedEvent.objects.create(group=open_group, event=event)
    HostedEvent.objects.create(group=closed, event=ally_event)
    GroupOutput.objects.create(group=open_group, post=report)
    GroupOutput.objects.create(group=open_group, post=secret)
    Alliance.objects.create(proposer=open_group, partner=closed, accepted_at=timezone.now())
    html = Client().get("/groups/search-study/").content.decode()
    assert "스터디 모임" in html and "스터디 결과 보고" in html and "파트너 행사" in html
    assert "비공개 결과" not in html, "an internal post stays out of the group page"
    assert "검색 스터디" in Client().get("/events/meet/").content.decode(), "the event names its host"


def _head(html: str) -> tuple[str, dict]:
    import json
    import re

    robots = re.search(r'<meta name="robots" content="([^"]+)"', html).group(1)
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return robots, json.loads(found.group(1)) if found else {}


def test_a_group_page_is_found_by_search_and_names_only_what_anyone_may_read(groups, person):
    from tests.community.conftest import committed

    open_group, closed = groups
    staff, newcomer = person("staffer", staff=True), person("newbie")
    for group in (open_group, closed):
        actions.join(group, newcomer.member)
        Membership.objects.filter(group=group).update(status=Membership.Status.ACTIVE)
        committed(actions.start_thread, user=staff.member.user, member=staff.member, group=group,
                  title=f"공지 {group.slug}", body="함께 읽어요")
        committed(actions.start_thread, user=newcomer.member.user, member=newcomer.member, group=group,
                  title=f"보류 {group.slug}", body="첫 글은 검토를 기다려요")

    robots, data = _head(Client().get("/groups/search-study/").content.decode())
    assert robots == "index, follow" and data["@type"] == "CollectionPage"
    assert [part["headline"] for part in data["hasPart"]] == ["공지 search-study"]
    # The newcomer sees their own held thread listed, but the structured data still leaves it out.
    html = newcomer.get("/groups/search-study/").content.decode()
    assert "보류 search-study" in html and "보류" not in json_dump(_head(html)[1])
    # A closed group's page is found by its name; its threads are for its members only.
    html = newcomer.get("/groups/partners/").content.decode()
    assert "공지 partners" in html
    robots, data = _head(html)
    assert robots == "index, follow" and "hasPart" not in data and "공지" not in json_dump(data)
    assert '<meta name="description"' in html


def json_dump(data: dict) -> str:
    import json

    return json.dumps(data, ensure_ascii=False)
