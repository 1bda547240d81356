# ruff: noqa: E501 - a data table: one step per line reads better than wrapped Korean text
"""The demo's nurture sequence: four steps on each language's starter-guide landing page.

Registered with ``cms.demo`` in ready(); idempotent by slug, so ``make run`` can load it every time.
"""

from __future__ import annotations

from cms.models import HomePage, LandingPage

from .models import Sequence, Step

# A nurture sequence per language on the starter-guide landing page: (day, subject, preheader,
# paragraph, dynamic block, its heading).
NURTURE = {
    "ko": {
        "name": "소통 마케팅 시작 가이드",
        "steps": [
            (0, "시작 가이드를 보내 드립니다", "첫걸음은 대화입니다",
             "신청해 주셔서 고맙습니다. 소통 마케팅은 광고보다 대화에서 시작합니다.", "next_article", "먼저 읽어 보세요"),
            (2, "회의록이 콘텐츠가 되는 방법", "일하면서 쌓이는 글",
             "매일 하는 일을 기록으로 남기면 그대로 좋은 콘텐츠가 됩니다.", "next_article", "이어서 읽을 글"),
            (5, "검색이 스스로 정리되는 사이트", "방문자가 찾는 것을 배웁니다",
             "방문자가 무엇을 찾고 무엇을 눌렀는지가 검색과 추천을 바꿉니다.", "next_article", "관련 글"),
            (9, "나에게 맞는 도구 고르기", "필요에서 시작하는 선택",
             "지금까지 읽은 글에 맞춰 살펴볼 만한 것을 골랐습니다.", "products", "관심사에 맞춘 추천"),
        ],
    },
    "en": {
        "name": "Communication marketing starter guide",
        "steps": [
            (0, "Your starter guide", "The first step is a conversation",
             "Thank you for signing up. Communication marketing starts with conversation, not ads.",
             "next_article", "Read this first"),
            (2, "How meeting notes become content", "Writing that comes from the work",
             "What you record of your daily work becomes good content as it is.", "next_article", "Read next"),
            (5, "A site whose search organizes itself", "Learning from what visitors look for",
             "What visitors search for and click changes search and suggestions.", "next_article", "Related"),
            (9, "Choosing the tools that fit you", "A choice that starts from your need",
             "Here is what fits what you have read so far.", "products", "Picked for your interests"),
        ],
    },
}


def load() -> int:
    created = 0
    for home in HomePage.objects.all():
        lang = home.locale.language_code[:2]
        landing = LandingPage.objects.child_of(home).filter(slug="starter-guide").first()
        slug = f"starter-guide-{lang}"
        if landing is None or lang not in NURTURE or Sequence.objects.filter(slug=slug).exists():
            continue
        text = NURTURE[lang]
        sequence = Sequence(name=text["name"], slug=slug, language=lang, trigger_page=landing)
        sequence.steps = [
            Step(delay_days=day, subject=subject, preheader=preheader,
                 body=[("paragraph", f"<p>{paragraph}</p>"), (block, {"heading": heading})])
            for day, subject, preheader, paragraph, block, heading in text["steps"]
        ]
        sequence.save()
        created += 1
    return created
