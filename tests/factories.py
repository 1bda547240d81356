"""Test data factories (factory-boy + wagtail-factories)."""

import datetime

import factory
import wagtail_factories
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from cms.models import (
    ArticleIndexPage,
    ArticlePage,
    EventIndexPage,
    EventPage,
    HomePage,
    LandingFormField,
    LandingPage,
    PostIndexPage,
    PostPage,
    Team,
    Topic,
    TopicIndexPage,
)
from cms.models.visibility import STAFF_GROUP


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    first_name = "테스트"
    password = factory.django.Password("pw-test-1234")

    @factory.post_generation
    def staff(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get_or_create(name=STAFF_GROUP)[0])
            editors = Group.objects.filter(name="Editors").first()
            if editors:
                self.groups.add(editors)


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"토픽{n}")
    name_en = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"팀{n}")
    name_en = factory.Sequence(lambda n: f"Team {n}")
    slug = factory.Sequence(lambda n: f"team-{n}")


class HomePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = HomePage

    title = "홈"
    hero_title = "광고 대신 대화로"


class ArticleIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ArticleIndexPage

    title = "기반콘텐츠"
    show_in_menus = True


class PostIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = PostIndexPage

    title = "포스트"
    show_in_menus = True


class EventIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = EventIndexPage

    title = "이벤트"


class TopicIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = TopicIndexPage

    title = "토픽"
    slug = "topics"


class ArticlePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ArticlePage

    title = factory.Sequence(lambda n: f"기사 {n}")
    summary = "요약입니다."
    body = factory.LazyFunction(lambda: [("paragraph", "<p>본문입니다.</p>")])


class PostPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = PostPage

    title = factory.Sequence(lambda n: f"포스트 {n}")
    kind = "meeting_note"
    body = "<p>회의 내용</p>"


class EventPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = EventPage

    title = factory.Sequence(lambda n: f"모임 {n}")
    kind = "study"
    summary = "함께 공부합니다."
    start = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
    end = factory.LazyAttribute(lambda o: o.start + datetime.timedelta(hours=2))
    venue = "성수 라운지"
    capacity = 2


class LandingPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = LandingPage
        skip_postgeneration_save = True

    title = "가이드 받기"
    intro = "무료 가이드"
    consent_text = "<p>이메일 수신에 동의합니다.</p>"
    consent_version = "2026-11"

    @factory.post_generation
    def fields(self, create, extracted, **kwargs):
        if not create:
            return
        LandingFormField.objects.create(page=self, label="이름", field_type="singleline", required=True, sort_order=0,
                                        field_key="name")
        LandingFormField.objects.create(page=self, label="이메일", field_type="email", required=True, sort_order=1)
