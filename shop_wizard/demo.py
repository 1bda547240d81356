# ruff: noqa: E501 - a data table: one product or option per line reads better than wrapped Korean text
"""The demo shop wizard: 4 questions over 14 products (own and three partners), in Korean and English.

Registered with ``cms.demo`` in ready(). Idempotent: tags, partners and products are keyed by slug, name and SKU; a wizard that exists is left
as the editors may have changed it.
"""

from __future__ import annotations

import uuid

from cms.models import ArticlePage
from nurture.models import Sequence, Step

from .models import Partner, Product, ProductTag, Question, Wizard

TAGS = [  # slug, group, Korean, English
    ("starting", "situation", "시작 단계", "Just starting"),
    ("growing", "situation", "성장 단계", "Growing"),
    ("events", "need", "행사 운영", "Running events"),
    ("newsletter", "need", "소식 보내기", "Newsletters"),
    ("search-seo", "need", "검색 노출", "Being found in search"),
    ("content", "need", "콘텐츠 제작", "Making content"),
    ("measurement", "need", "측정", "Measurement"),
    ("online", "channel", "온라인", "Online"),
    ("offline", "channel", "오프라인", "In person"),
    ("free", "budget", "무료", "Free"),
    ("low", "budget", "월 10만원 이하", "Up to ₩100k a month"),
    ("high", "budget", "월 10만원 초과", "Over ₩100k a month"),
]

PARTNERS = [  # name, English name, site, referral code
    ("모임공간 나루", "Naru Venues", "https://naru.example/", "cms-demo"),
    ("레터웍스", "Letterworks", "https://letterworks.example/", "cmsdemo2026"),
    ("서치랩", "Search Lab", "https://searchlab.example/", "cms-partner"),
]

PRODUCTS = [  # sku, partner (index or None), Korean title, English title, price, tags, Korean summary, English summary
    ("OWN-START", None, "커뮤니티 시작 키트", "Community starter kit", 0, ["starting", "content", "online", "free"],
     "첫 모임 공지, 소개 글, 기록 양식을 한 번에.", "First invitation, intro post and note templates in one go."),
    ("OWN-FILING", None, "업무 기록 파일링 코칭", "Filing coaching", 90000, ["growing", "content", "online", "low"],
     "회의록과 결과물을 공개 글로 바꾸는 두 시간 코칭.", "Two hours on turning meeting notes into public posts."),
    ("OWN-SEARCH", None, "검색 점검 워크숍", "Search check-up workshop", 150000,
     ["growing", "search-seo", "measurement", "offline", "high"],
     "무결과 검색어와 동의어를 함께 정리하는 반나절.", "Half a day on zero-result queries and synonyms."),
    ("OWN-NURTURE", None, "첫 육성 메일 설계", "First nurture sequence", 80000, ["starting", "newsletter", "online", "low"],
     "허락받은 구독자에게 보낼 네 통의 메일을 함께 씁니다.", "We write four emails for your opted-in subscribers together."),
    ("NARU-ROOM", 0, "소모임 공간 (8인)", "Small meeting room (8)", 40000, ["starting", "events", "offline", "low"],
     "시간 단위로 빌리는 8인 공간.", "An eight-person room by the hour."),
    ("NARU-HALL", 0, "행사 홀 (60인)", "Event hall (60)", 400000, ["growing", "events", "offline", "high"],
     "발표와 네트워킹을 위한 홀.", "A hall for talks and networking."),
    ("NARU-GARDEN", 0, "옥상 정원 모임", "Rooftop garden meet-up", 60000, ["starting", "events", "offline", "low"],
     "가드닝 모임을 위한 옥상 정원과 도구.", "A rooftop garden and tools for gardening groups."),
    ("NARU-HYBRID", 0, "하이브리드 행사 패키지", "Hybrid event package", 250000,
     ["growing", "events", "online", "offline", "high"],
     "현장과 온라인 중계를 함께.", "In person with a live stream."),
    ("LW-FREE", 1, "레터웍스 무료 요금제", "Letterworks free plan", 0, ["starting", "newsletter", "online", "free"],
     "구독자 500명까지 무료.", "Free up to 500 subscribers."),
    ("LW-TEAM", 1, "레터웍스 팀 요금제", "Letterworks team plan", 59000, ["growing", "newsletter", "measurement", "online", "low"],
     "자동화와 열람 분석.", "Automation and open analytics."),
    ("LW-PRO", 1, "레터웍스 프로", "Letterworks pro", 190000, ["growing", "newsletter", "online", "high"],
     "대량 발송과 전담 지원.", "Volume sending and a dedicated contact."),
    ("SL-AUDIT", 2, "한국어 SEO 진단", "Korean SEO audit", 120000, ["growing", "search-seo", "online", "high"],
     "검색 노출 문제를 찾아 보고서로.", "Finds what keeps you out of search, in a report."),
    ("SL-CHECK", 2, "검색 노출 셀프 체크", "Search self-check", 0, ["starting", "search-seo", "online", "free"],
     "무료 셀프 점검 도구.", "A free do-it-yourself check."),
    ("SL-DASH", 2, "콘텐츠 성과 대시보드", "Content dashboard", 49000, ["growing", "measurement", "content", "online", "low"],
     "글마다 검색과 클릭을 한 화면에.", "Searches and clicks per post on one screen."),
]

QUESTIONS = {  # per language: (text, kind, importance, optional, [(label, reason, less_ideal, require, exclude,
    #                                                                boosts, article slug, topics)])
    "ko": [
        ("모임이나 커뮤니티는 어느 단계인가요?", "single", 2, False, [
            ("이제 막 시작해요", "시작 단계에 맞춘 구성입니다.", "성장 단계에 맞춘 구성이라 처음에는 과할 수 있습니다.", [], [],
             {"starting": 3, "growing": -1}, "seeding-a-community", ["community"]),
            ("자리를 잡고 키우는 중이에요", "성장하는 모임에 맞는 규모입니다.", "시작 단계용이라 곧 부족할 수 있습니다.", [], [],
             {"growing": 3}, "", ["community"]),
        ]),
        ("지금 가장 필요한 것은 무엇인가요?", "multiple", 3, False, [
            ("모임과 행사 운영", "행사 운영에 바로 쓸 수 있습니다.", "행사보다는 다른 필요에 맞춘 상품입니다.", [], [],
             {"events": 3}, "events-that-leave-output", ["events"]),
            ("구독자에게 소식 보내기", "허락받은 구독자에게 소식을 보내는 데 맞습니다.", "", [], [],
             {"newsletter": 3}, "permission-marketing-basics", ["permission-marketing", "nurture"]),
            ("검색에서 찾히기", "검색 노출을 높이는 데 도움이 됩니다.", "", [], [],
             {"search-seo": 3, "measurement": 1}, "seo-for-korean-content", ["search", "seo"]),
            ("콘텐츠 만들기", "꾸준한 콘텐츠 제작을 돕습니다.", "", [], [],
             {"content": 3}, "", ["content"]),
        ]),
        ("주로 어디에서 만나나요?", "single", 1, False, [
            ("온라인", "온라인에서 쓸 수 있습니다.", "온라인보다는 현장용입니다.", [], [], {"online": 2}, "", []),
            ("오프라인", "현장 모임에 맞습니다.", "현장보다는 온라인용입니다.", [], [], {"offline": 2}, "", ["events"]),
            ("둘 다", "온라인과 현장 모두에 맞습니다.", "", [], [], {"online": 1, "offline": 1}, "", []),
        ]),
        ("한 달 예산은 어느 정도인가요?", "single", 2, True, [
            ("무료만", "무료로 쓸 수 있습니다.", "", ["free"], [], {}, "", []),
            ("10만원 이하", "예산 안에 들어옵니다.", "", ["free", "low"], [], {"low": 1}, "", []),
            ("제한 없어요", "", "", [], [], {"high": 1}, "", []),
        ]),
    ],
    "en": [
        ("Where is your group or community now?", "single", 2, False, [
            ("Just starting", "Sized for a group that is just starting.", "Built for growing groups: more than you "
             "need at first.", [], [], {"starting": 3, "growing": -1}, "seeding-a-community", ["community"]),
            ("Settled and growing", "Sized for a growing group.", "Made for starting out: you may outgrow it soon.",
             [], [], {"growing": 3}, "", ["community"]),
        ]),
        ("What do you need most right now?", "multiple", 3, False, [
            ("Running meet-ups and events", "Ready for running events.", "Made for other needs than events.", [], [],
             {"events": 3}, "events-that-leave-output", ["events"]),
            ("Sending news to subscribers", "Fits sending news to people who opted in.", "", [], [],
             {"newsletter": 3}, "permission-marketing-basics", ["permission-marketing", "nurture"]),
            ("Being found in search", "Helps you get found in search.", "", [], [],
             {"search-seo": 3, "measurement": 1}, "seo-for-korean-content", ["search", "seo"]),
            ("Making content", "Helps you publish steadily.", "", [], [], {"content": 3}, "", ["content"]),
        ]),
        ("Where do you mostly meet?", "single", 1, False, [
            ("Online", "Works online.", "Made for meeting in person rather than online.", [], [], {"online": 2}, "",
             []),
            ("In person", "Made for meeting in person.", "Made for online rather than in person.", [], [],
             {"offline": 2}, "", ["events"]),
            ("Both", "Works online and in person.", "", [], [], {"online": 1, "offline": 1}, "", []),
        ]),
        ("What is your monthly budget?", "single", 2, True, [
            ("Free only", "Free to use.", "", ["free"], [], {}, "", []),
            ("Up to ₩100k", "Within your budget.", "", ["free", "low"], [], {"low": 1}, "", []),
            ("No fixed limit", "", "", [], [], {"high": 1}, "", []),
        ]),
    ],
}

WIZARDS = {
    "ko": ("커뮤니티 도구 찾기", "community-tools", "네 가지 질문에 답하면, 먼저 읽어 볼 글과 모임에 맞는 도구를 이유와 함께 추천합니다.",
           "고르기 전에 읽어 보세요"),
    "en": ("Find tools for your community", "community-tools-en", "Answer four questions: we show what to read first, "
           "then the tools that fit your group, and say why.", "Read this before you choose"),
}


SEQUENCES = {  # per language: name, [(day, subject, preheader, paragraph, block, heading)]
    "ko": ("위저드 추천 메일", [
        (0, "답변에 맞춘 도구를 정리했습니다", "위저드에서 고른 답을 바탕으로", "위저드 답변을 바탕으로 고른 도구입니다. 왜 맞는지는 각 상품 "
         "페이지에 적어 두었습니다.", "products", "답변에 맞춘 추천"),
        (3, "고르기 전에 읽어 볼 글", "관심 주제에서 한 편", "도구보다 먼저, 모임을 꾸리는 방법을 한 편 골랐습니다.", "next_article",
         "다음에 읽을 글"),
    ]),
    "en": ("Wizard picks by email", [
        (0, "The tools that fit your answers", "From the answers you gave the wizard", "The tools picked from your "
         "answers. Each product page says why it fits.", "products", "Picked for your answers"),
        (3, "Worth reading before you choose", "One article on your interests", "Before any tool: one article on "
         "running a community.", "next_article", "Read next"),
    ]),
}


def load() -> int:
    """Tags, partners, products and one published wizard per language. Returns how many rows were created."""
    created = 0
    tags = {}
    for slug, group, ko, en in TAGS:
        tags[slug], new = ProductTag.objects.get_or_create(slug=slug, defaults={"group": group, "name": ko,
                                                                                 "name_en": en})
        created += new
    partners = []
    for name, name_en, site, code in PARTNERS:
        partner, new = Partner.objects.get_or_create(name=name, defaults={
            "name_en": name_en, "site": site, "referral_code": code, "contact_email": f"hello@{site[8:-1]}"})
        partners.append(partner)
        created += new
    for lang in ("ko", "en"):
        for sku, partner, ko, en, price, slugs, summary_ko, summary_en in PRODUCTS:
            code = sku if lang == "ko" else f"{sku}-EN"
            if Product.objects.filter(sku=code).exists():
                continue
            owner = partners[partner] if partner is not None else None
            url = (owner.site if owner else "https://shop.example/") + code.lower()
            product = Product.objects.create(
                sku=code, slug=code.lower(), title=ko if lang == "ko" else en, language=lang,
                summary=summary_ko if lang == "ko" else summary_en, partner=owner, price=price,
                price_band="free" if price == 0 else ("low" if price <= 100000 else "high"), url=url)
            product.tags.set([tags[s] for s in slugs])
            created += 1
    for lang, (title, slug, intro, heading) in WIZARDS.items():
        if Wizard.objects.filter(slug=slug).exists():
            continue
        wizard = Wizard(title=title, slug=slug, intro=intro, language=lang, content_heading=heading, live=False)
        questions = []
        for i, (text, kind, importance, optional, options) in enumerate(QUESTIONS[lang]):
            blocks = []
            for label, reason, less_ideal, require, exclude, boosts, article, topics in options:
                page = ArticlePage.objects.filter(slug=article, locale__language_code=lang).first() if article \
                    else None
                blocks.append({"type": "option", "id": str(uuid.uuid4()), "value": {
                    "label": label, "reason": reason, "less_ideal": less_ideal, "require": require,
                    "exclude": exclude, "content": page.pk if page else None, "topics": topics,
                    "boosts": [{"type": "item", "id": str(uuid.uuid4()), "value": {"tag": t, "weight": w}}
                               for t, w in boosts.items()]}})
            questions.append(Question(text=text, kind=kind, importance=importance, optional=optional, options=blocks,
                                      sort_order=i))
        wizard.questions = questions
        wizard.save()
        wizard.save_revision().publish()
        created += 1
    created += sequences()
    return created


def sequences() -> int:
    """A two-step sequence for leads who ask for their picks on each wizard's results page."""
    created = 0
    for lang, (_title, slug, _intro, _heading) in WIZARDS.items():
        wizard = Wizard.objects.filter(slug=slug).first()
        if wizard is None or Sequence.objects.filter(slug=f"wizard-picks-{lang}").exists():
            continue
        name, steps = SEQUENCES[lang]
        sequence = Sequence(name=name, slug=f"wizard-picks-{lang}", language=lang)
        sequence.steps = [Step(delay_days=day, subject=subject, preheader=preheader,
                               body=[("paragraph", f"<p>{paragraph}</p>"), (block, {"heading": heading})])
                          for day, subject, preheader, paragraph, block, heading in steps]
        sequence.save()
        wizard.email_sequences.add(sequence)
        wizard.save_revision().publish()  # the link lives in the wizard's revisions too, as an editor's would
        created += 1
    return created
