"""Quick filing (파일링) from the dashboard and the API, and approval (결재) by the team lead."""

import pytest
from wagtail.models import WorkflowState

from cms.models import PostPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(staff_user, team):
    """A staff member of the lead's team (team membership goes through a group of the team's name)."""
    from django.contrib.auth.models import Group

    staff_user.groups.add(Group.objects.get_or_create(name=team.name)[0])
    return staff_user


def test_dashboard_shows_file_post_panel(client, member, tree):
    client.force_login(member)
    html = client.get("/admin/").content.decode()
    assert 'action="/admin/file-post/"' in html


def test_the_dashboard_form_carries_its_csrf_token_as_a_browser_needs(member, tree):
    """The test client skips CSRF checks by default; a browser does not (the panel once had no token)."""
    import json
    import re

    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(member)
    html = browser.get("/admin/").content.decode()
    form = html[html.index("data-topic-suggest"):]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form[:form.index("</form>")]).group(1)
    suggestions = browser.post("/api/search/topics/", json.dumps({"title": "회의록", "body": "회의", "language": "ko"}),
                               content_type="application/json", HTTP_X_CSRFTOKEN=token)
    assert suggestions.status_code == 200
    filed = browser.post("/admin/file-post/", {"csrfmiddlewaretoken": token, "title": "주간 회의록",
                                               "kind": "meeting_note", "body": "회의 내용", "topics": "",
                                               "visibility": "public", "language": "ko"})
    assert filed.status_code == 302 and PostPage.objects.filter(title="주간 회의록").exists()


def test_filing_from_dashboard_creates_draft_in_moderation(client, member, team, tree):
    client.force_login(member)
    response = client.post("/admin/file-post/", {
        "title": "주간 회의록 <script>alert(1)</script>",
        "kind": "meeting_note",
        "body": "오늘 논의한 것\n\n다음 할 일",
        "topics": "회의, 검색",
        "visibility": "public",
        "language": "ko",
    })
    assert response.status_code == 302
    post = PostPage.objects.get()
    assert post.get_parent().pk == tree.posts.pk
    assert not post.live
    assert post.title == "주간 회의록"  # the script and its content are dropped
    assert post.body == "<p>오늘 논의한 것</p><p>다음 할 일</p>"
    assert sorted(t.name for t in post.topics.all()) == ["검색", "회의"]
    assert post.team == team and post.author == member
    state = WorkflowState.objects.get(object_id=str(post.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS


def test_filing_form_errors_are_in_korean(client, member, tree):
    client.force_login(member)
    response = client.post("/admin/file-post/", {"title": "", "kind": "nope", "body": ""},
                           HTTP_ACCEPT_LANGUAGE="ko")
    assert response.status_code == 400
    html = response.content.decode()
    assert "필수 작성 항목입니다" in html
    assert not PostPage.objects.exists()


def test_team_lead_approval_publishes_the_post(client, member, team, team_lead, tree):
    client.force_login(member)
    client.post("/admin/file-post/", {"title": "프로젝트 결과", "kind": "project_output",
                                      "body": "결과 정리", "visibility": "public", "language": "ko"})
    post = PostPage.objects.get()
    state = WorkflowState.objects.get(object_id=str(post.pk))
    task = state.current_task_state.task.specific
    assert [a[0] for a in task.get_actions(post, member)] == []  # the author cannot approve
    assert "approve" in [a[0] for a in task.get_actions(post, team_lead)]
    state.current_task_state.approve(user=team_lead)
    post.refresh_from_db()
    assert post.live
    assert client.get(post.url).status_code == 200


def test_lead_of_another_team_cannot_approve(member, team, tree):
    from tests.factories import TeamFactory, UserFactory

    other_lead = UserFactory(username="otherlead", staff=True)
    TeamFactory(slug="other", name="다른팀", lead=other_lead)
    from cms.actions import file_post

    post = file_post(member, title="글", kind="other", body="<p>x</p>", topics=[], visibility="public")
    task = WorkflowState.objects.get(object_id=str(post.pk)).current_task_state.task.specific
    assert task.get_actions(post, other_lead) == []
    assert not task.get_task_states_user_can_moderate(other_lead).exists()
    assert task.get_task_states_user_can_moderate(team.lead).exists()


def test_file_post_through_api_with_token(client, member, tree, api_token):
    response = client.post(
        "/api/posts/",
        {"title": "API로 올린 회의록", "kind": "meeting_note", "body": "내용", "topics": ["회의"],
         "visibility": "internal"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {api_token}",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "in_moderation"
    post = PostPage.objects.get(pk=body["id"])
    assert post.visibility == "internal" and not post.live


@pytest.mark.parametrize("title", ["!!!", "🎉🎉", "---"])
def test_a_title_with_no_letters_still_files_with_its_own_address(client, member, tree, api_token, title):
    """Titles Wagtail cannot make a slug from (only punctuation or emoji) get one of their own, each
    different, instead of a server error."""
    ids = []
    for _ in range(2):
        response = client.post("/api/posts/", {"title": title, "kind": "meeting_note", "body": "내용", "topics": [],
                                               "visibility": "public"},
                               content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {api_token}")
        assert response.status_code == 201, response.content
        ids.append(response.json()["id"])
    slugs = [PostPage.objects.get(pk=pk).slug for pk in ids]
    assert all(slugs) and slugs[0] != slugs[1]
    assert [PostPage.objects.get(pk=pk).title for pk in ids] == [title, title]


def test_file_post_api_needs_a_token(client, tree):
    response = client.post("/api/posts/", {"title": "x", "body": "y"}, content_type="application/json")
    assert response.status_code == 401
    assert not PostPage.objects.exists()


@pytest.mark.parametrize(("language", "expected"), [("ko", "필수 작성 항목입니다"), ("en", "This field is required")])
def test_file_post_api_errors_name_the_field_in_the_callers_language(client, tree, api_token, language, expected):
    response = client.post(
        "/api/posts/", {"title": "", "kind": "meeting_note", "body": ""}, content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {api_token}", HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert {e["field"] for e in errors} == {"title", "body"}
    assert all(expected in e["message"] for e in errors)


def test_file_post_api_rejects_unknown_kind(client, tree, api_token):
    response = client.post(
        "/api/posts/", {"title": "t", "kind": "gossip", "body": "b"}, content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {api_token}", HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "kind"


def test_failed_filing_leaves_nothing_half_written(member, tree, monkeypatch):
    """If submitting for approval fails, the draft page is rolled back with it."""
    from wagtail.models import Workflow

    from cms.actions import file_post

    def broken_start(self, obj, user):
        raise RuntimeError("approval service down")

    monkeypatch.setattr(Workflow, "start", broken_start)
    with pytest.raises(RuntimeError):
        file_post(member, title="반쯤", kind="other", body="<p>x</p>", topics=["새 토픽"], visibility="public")
    assert not PostPage.objects.exists()
    from cms.models import Topic

    assert not Topic.objects.filter(name="새 토픽").exists()


def test_uploads_are_limited_by_type(client, tree):
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile
    from wagtail.documents.models import Document

    admin = get_user_model().objects.create_superuser("root2", "r@example.com", "pw")
    client.force_login(admin)
    response = client.post("/admin/documents/multiple/add/", {
        "files[]": SimpleUploadedFile("virus.exe", b"MZ\x90\x00", content_type="application/octet-stream"),
    })
    assert not Document.objects.exists()
    body = response.json()
    assert body["success"] is False
    assert "'exe'" in body["error_message"] and "pdf" in body["error_message"]  # says what is allowed
