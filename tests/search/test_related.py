"""Related content and topic suggestions: the index organising the site."""

import pytest

from cms.listing import related_pages
from search.related import suggest_topics
from tests import factories
from tests.search.conftest import reindex

pytestmark = pytest.mark.django_db


def article(tree, slug, title, text, topics=()):
    page = factories.ArticlePageFactory(parent=tree.articles, slug=slug, title=title,
                                        body=[("paragraph", f"<p>{text}</p>")])
    for topic in topics:
        page.topics.add(topic)
    page.save_revision().publish()
    return page


def test_related_pages_share_words_even_without_topics(tree):
    base = article(tree, "a", "뉴스레터 발송 주기", "뉴스레터를 매주 보내면 구독 해지가 늘었다. 뉴스레터 구독자 설문.")
    near = article(tree, "b", "구독자 설문 결과", "뉴스레터 구독자에게 설문을 보냈다. 구독 해지 이유를 물었다.")
    far = article(tree, "c", "사무실 이사", "새 사무실로 이사했다. 책상과 의자를 옮겼다.")
    reindex()
    related = [p.pk for p in related_pages(base, None)]
    assert related[0] == near.pk and far.pk not in related


def test_shared_topics_outrank_shared_words(tree):
    topic = factories.TopicFactory(slug="email", name="이메일", name_en="Email")
    base = article(tree, "a", "뉴스레터 발송 주기", "뉴스레터를 매주 보내면 구독 해지가 늘었다.", [topic])
    words = article(tree, "b", "뉴스레터 구독 해지", "뉴스레터 구독 해지가 늘었다.")
    tagged = article(tree, "c", "메일 제목 실험", "제목을 바꿔 열람률을 비교했다.", [topic])
    reindex()
    assert [p.pk for p in related_pages(base, None)][:2] == [tagged.pk, words.pk]


def test_internal_posts_never_become_related(tree):
    base = article(tree, "a", "뉴스레터 발송 주기", "뉴스레터 구독 해지 설문")
    secret = factories.PostPageFactory(parent=tree.posts, slug="s", title="뉴스레터 예산", visibility="internal",
                                       body="<p>뉴스레터 구독 해지 설문 예산</p>")
    secret.save_revision().publish()
    reindex()
    assert secret.pk not in [p.pk for p in related_pages(base, None)]


def test_topic_suggestions_for_a_post(tree):
    community = factories.TopicFactory(slug="community", name="커뮤니티", name_en="Community")
    email = factories.TopicFactory(slug="email", name="이메일", name_en="Email")
    for i in range(3):
        article(tree, f"c{i}", f"모임 운영 {i}", "오프라인 모임 운영과 회원 관리", [community])
    article(tree, "e", "메일 제목", "열람률 실험", [email])
    reindex()
    suggestions = suggest_topics("3월 커뮤니티 모임 회고",
                                 "오프라인 모임 운영에서 회원 관리가 어려웠다. 굿즈 제작도 논의.")
    names = [s["name"] for s in suggestions]
    assert names[0] == "커뮤니티" and suggestions[0]["existing"] and suggestions[0]["slug"] == "community"
    assert "이메일" not in names
    assert any(not s["existing"] for s in suggestions)  # a new noun that stands out, e.g. 굿즈
    assert all(0 <= s["score"] <= 1 for s in suggestions)


def test_topic_suggestions_api_is_for_staff(client, tree, staff_user, django_user_model):
    factories.TopicFactory(slug="community", name="커뮤니티", name_en="Community")
    payload = {"title": "커뮤니티 회의", "body": "커뮤니티 운영"}
    assert client.post("/api/search/topics/", payload, content_type="application/json").status_code == 401
    client.force_login(django_user_model.objects.create_user("visitor", "v@example.com", "pw"))
    assert client.post("/api/search/topics/", payload, content_type="application/json").status_code == 403
    client.force_login(staff_user)
    data = client.post("/api/search/topics/", payload, content_type="application/json").json()
    assert isinstance(data, list) and data[0]["slug"] == "community", data
