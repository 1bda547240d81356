import pytest
from django.core.management import call_command

from tests import factories


def reindex():
    call_command("search_rebuild", verbosity=0)


@pytest.fixture
def corpus(tree):
    """A small bilingual corpus where words only appear with particles attached."""
    ko_topic = factories.TopicFactory(slug="community", name="커뮤니티", name_en="Community")
    pages = {
        "particle": factories.ArticlePageFactory(
            parent=tree.articles, slug="particle", title="소통의 기술", summary="대화가 먼저입니다.",
            body=[("paragraph", "<p>우리는 마케팅을 다시 생각합니다. 이 글의 마케팅은 대화입니다.</p>")]),
        "community": factories.PostPageFactory(
            parent=tree.posts, slug="community-note", title="모임 회의록",
            body="<p>커뮤니티를 키우는 방법을 논의했습니다.</p>", kind="meeting_note"),
        "english": factories.PostPageFactory(
            parent=tree.posts_en, slug="launch", title="Launch notes", locale=tree.home_en.locale,
            body="<p>We planned one campaign for the spring.</p>", kind="project_output"),
        "event": factories.EventPageFactory(parent=tree.events, slug="meetup", title="커뮤니티 밋업",
                                            summary="마케팅 담당자 모임"),
        "internal": factories.PostPageFactory(
            parent=tree.posts, slug="secret", title="기밀 마케팅 예산", visibility="internal",
            body="<p>내부 마케팅 예산 회의</p>"),
    }
    pages["community"].topics.add(ko_topic)
    pages["event"].topics.add(ko_topic)
    for page in pages.values():
        page.save_revision().publish()
    reindex()
    return pages
