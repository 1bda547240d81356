"""load_demo builds the bilingual demo and a second run changes nothing."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from wagtail.images.models import Image
from wagtail.models import Page, PageViewRestriction, Revision

from cms.models import ArticlePage, EventPage, EventRegistration, LandingPage, PostPage, Topic

pytestmark = pytest.mark.django_db


def snapshot():
    return (Page.objects.count(), Revision.objects.count(), Image.objects.count(), Topic.objects.count(),
            PageViewRestriction.objects.count())


def test_demo_is_complete_bilingual_and_idempotent(client):
    call_command("load_demo", stdout=StringIO())
    first = snapshot()
    call_command("load_demo", stdout=StringIO())
    assert snapshot() == first

    for lang in ("ko", "en"):
        articles = ArticlePage.objects.live().filter(locale__language_code=lang)
        posts = PostPage.objects.live().filter(locale__language_code=lang)
        assert articles.count() >= 20, lang
        assert articles.filter(is_pillar=True).count() == 2, lang
        for pillar in articles.filter(is_pillar=True):
            assert pillar.cluster_articles.count() >= 5
        assert posts.count() >= 15, lang
        assert posts.filter(visibility="internal").count() == 2, lang
        assert len({p.kind for p in posts}) >= 5, lang
        events = EventPage.objects.live().filter(locale__language_code=lang)
        assert events.count() == 4
        assert sum(e.is_past for e in events) == 2
        assert all(e.outputs.exists() for e in events if e.is_past)
        assert LandingPage.objects.live().filter(locale__language_code=lang).count() == 2
    # every English article is a translation of a Korean one
    for article in ArticlePage.objects.filter(locale__language_code="en"):
        assert article.get_translation_or_none(ArticlePage.objects.filter(
            locale__language_code="ko").first().locale) is not None
    assert Image.objects.filter(title__startswith="demo-").count() >= 5

    assert client.get("/").status_code == 200
    english = client.get("/en/").content.decode()
    assert "A company that grows by talking" in english
    assert "Q4 marketing budget" not in client.get("/en/posts/").content.decode()


def test_demo_upcoming_event_takes_registrations(client):
    call_command("load_demo", stdout=StringIO())
    event = EventPage.objects.get(locale__language_code="ko", slug="community-guide-project")
    for n in range(3):
        client.post(f"{event.url}register/", {"name": f"참가자{n}", "email": f"p{n}@example.com"})
    assert list(event.registrations.order_by("pk").values_list("status", flat=True)) == [
        EventRegistration.Status.CONFIRMED, EventRegistration.Status.CONFIRMED, EventRegistration.Status.WAITLISTED]


def test_demo_sequence_reaches_a_new_subscriber(client, django_capture_on_commit_callbacks, mailoutbox):
    """The make-run story: sign up on the demo landing page, confirm, and the sequence arrives day by day."""
    from datetime import timedelta

    from nurture import actions, clock
    from nurture.models import Sequence

    call_command("load_demo", stdout=StringIO())
    call_command("load_demo", stdout=StringIO())
    for lang in ("ko", "en"):
        sequence = Sequence.objects.get(slug=f"starter-guide-{lang}")
        assert sequence.steps.count() >= 4 and sequence.trigger_page.slug == "starter-guide"
    landing = LandingPage.objects.get(locale__language_code="ko", slug="starter-guide")
    data = {"marketing_consent": "on"}
    for field in landing.form_schema:
        if field["type"] == "email":
            data[field["name"]] = "new@example.com"
        elif field["required"] and field["type"] in ("singleline", "multiline"):
            data[field["name"]] = "새 방문자"
        elif field["required"] and field["choices"]:
            data[field["name"]] = field["choices"][0]
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(landing.url, data).status_code == 200
    confirm = next(w for w in mailoutbox[-1].body.split() if "/nurture/confirm/" in w)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(confirm.split("http://testserver", 1)[1])
    clock.reset()
    with django_capture_on_commit_callbacks(execute=True):
        actions.tick()
    assert mailoutbox[-1].subject == "(광고) 시작 가이드를 보내 드립니다"
    clock.advance(timedelta(days=2, minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        actions.tick()
    assert mailoutbox[-1].subject == "(광고) 회의록이 콘텐츠가 되는 방법"
    clock.reset()


def test_demo_wizard_on_the_site_and_through_the_api(client):
    """The make-run story for the shop wizard: from the home page through four questions to reasons."""
    import re

    from shop_wizard.models import Partner, Product, Wizard

    call_command("load_demo", stdout=StringIO())
    counts = (Wizard.objects.count(), Product.objects.count(), Partner.objects.count())
    call_command("load_demo", stdout=StringIO())
    assert (Wizard.objects.count(), Product.objects.count(), Partner.objects.count()) == counts
    assert Product.objects.filter(language="ko").count() >= 12 and Partner.objects.count() >= 3
    from nurture.models import Sequence

    assert list(Sequence.objects.get(slug="wizard-picks-ko").wizards.values_list("slug", flat=True)) == [
        "community-tools"]
    assert Wizard.objects.get(slug="community-tools").latest_revision.content["email_sequences"]

    home = client.get("/").content.decode()
    start = re.search(r'href="(/shop/wizard/[^"]+/)"', home).group(1)
    intro = client.get(start).content.decode()
    action = re.search(r'<form method="post" action="([^"]+)"', intro).group(1)
    step = client.post(action)["Location"]
    for _ in range(4):
        page = client.get(step).content.decode()
        option = re.search(r'name="option" value="([^"]+)"', page).group(1)
        step = client.post(step, {"option": option})["Location"]
    if "/read/" in step:
        step = re.search(r'href="([^"]+/results/)"', client.get(step).content.decode()).group(1)
    results = client.get(step).content.decode()
    assert "data-match=" in results and ("Why:" in results or "추천 이유" in results)

    api = client.get("/api/wizards/community-tools-en/").json()
    assert len(api["questions"]) >= 4
    answers = {q["key"]: [q["options"][-1]["id"]] for q in api["questions"]}
    body = client.post("/api/wizards/community-tools-en/responses/", {"version": api["version"], "answers": answers},
                       content_type="application/json").json()
    assert body["full"] or body["partial"]
    top = (body["full"] + body["partial"])[:3]
    assert all(p["why"] for p in body["full"])
    partners = [p["partner"] for p in top if p["partner"]]
    assert all(partners.count(name) <= 2 for name in partners)


def test_the_demo_seeds_the_community_with_its_core_circle(client):
    from community.models import Member, Ring

    call_command("load_demo", stdout=StringIO())
    count = Member.objects.count()
    call_command("load_demo", stdout=StringIO())
    assert Member.objects.count() == count >= 9
    rings = set(Member.objects.values_list("ring", flat=True))
    assert {Ring.CORE, Ring.STAFF, Ring.PARTNER, Ring.STAFF_FAMILY, Ring.CUSTOMER} <= rings
    from community.models import Alliance, CommunityGroup

    assert CommunityGroup.objects.filter(kind="closed").exists() and CommunityGroup.objects.count() >= 3
    assert Alliance.objects.filter(accepted_at__isnull=False).count() == 1
    assert "커뮤니티 봉사단" in client.get("/groups/search-study/").content.decode()  # its ally
    signed_in = client.post("/accounts/login/", {"login": "ceo@example.com", "password": "admin-demo-1234"})
    assert signed_in.status_code == 302 and "_auth_user_id" in client.session


def test_the_demo_has_conversations_a_held_comment_and_an_answered_question():
    from community.models import Comment, Thread
    from rewards.actions import books_balance, points
    from rewards.models import Entry

    call_command("load_demo", stdout=StringIO())
    comments, entries = Comment.objects.count(), Entry.objects.count()
    call_command("load_demo", stdout=StringIO())
    assert Comment.objects.count() == comments >= 12, "loading twice adds nothing"
    # the demo members' points for that conversation, counted once, through the rules
    assert Entry.objects.count() == entries > 0 and books_balance(points())["balanced"]
    assert Entry.objects.filter(rule__event="answer_accepted").count() == 1
    page_threads = Thread.objects.filter(page__isnull=False)
    assert {t.page.locale.language_code for t in page_threads} == {"ko", "en"} and page_threads.count() >= 4
    assert Comment.objects.filter(official=True, status="approved", parent__isnull=False).exists()
    assert Comment.objects.filter(status="pending").count() == 1
    internal = Thread.objects.get(page__slug="internal-q4-budget-meeting", page__locale__language_code="ko")
    assert internal.comments.exists()
    question = Thread.objects.get(kind="question")
    assert question.accepted is not None and question.group.slug == "search-study"
    html = Client().get(question.get_absolute_url()).content.decode()
    assert '"@type":"QAPage"' in html and "검색 인사이트" in html
    group_page = Client().get("/groups/search-study/").content.decode()
    assert "검색어 통계는 어디서 보나요?" in group_page
    assert "예산안 2안" not in Client().get("/posts/internal-q4-budget-meeting/").content.decode()
