import uuid

import pytest

from shop_wizard.models import Partner, Product, ProductTag, Question, Wizard


def boosts(weights: dict) -> list:
    return [{"type": "item", "id": str(uuid.uuid4()), "value": {"tag": t, "weight": w}} for t, w in weights.items()]


def opt(label, *, reason="", less_ideal="", require=(), exclude=(), weights=None, content=None, topics=()):
    return {"type": "option", "id": str(uuid.uuid4()), "value": {
        "label": label, "reason": reason, "less_ideal": less_ideal, "require": list(require),
        "exclude": list(exclude), "boosts": boosts(weights or {}), "content": content, "topics": list(topics)}}


@pytest.fixture
def catalogue(db):
    tags = {s: ProductTag.objects.create(slug=s, name=s) for s in ("events", "newsletter", "online", "offline", "free")}
    naru = Partner.objects.create(name="나루", referral_code="cms-demo", referral_param="ref")
    letter = Partner.objects.create(name="레터", referral_code="lw1")

    def product(sku, partner, tag_slugs, **extra):
        p = Product.objects.create(sku=sku, slug=sku.lower(), title=f"{sku} 상품", partner=partner,
                                   url=f"https://shop.example/{sku.lower()}?utm_source=x", **extra)
        p.tags.set([tags[s] for s in tag_slugs])
        return p

    return {
        "hall": product("HALL", naru, ["events", "offline"]),
        "room": product("ROOM", naru, ["events", "offline", "free"]),
        "stream": product("STREAM", None, ["events", "online"]),
        "letter": product("LETTER", letter, ["newsletter", "online", "free"]),
        "gone": product("GONE", None, ["events", "online"], availability="discontinued"),
        "off": product("OFF", None, ["events", "online"], active=False),
        "naru": naru, "letter_partner": letter,
    }


def publish(wizard: Wizard) -> Wizard:
    wizard.save_revision().publish()
    wizard.refresh_from_db()
    return wizard


@pytest.fixture
def wizard(catalogue, tree):
    from cms.models import ArticlePage
    from tests import factories

    guide = factories.ArticlePageFactory(parent=tree.articles, slug="events-guide", title="행사 안내")
    assert isinstance(guide, ArticlePage)
    w = Wizard(title="도구 찾기", slug="tools", language="ko", live=False)
    w.questions = [
        Question(text="무엇이 필요한가요?", kind="single", importance=3, options=[
            opt("행사", reason="행사에 맞습니다.", less_ideal="행사용이 아닙니다.", weights={"events": 3},
                content=guide.pk, topics=["events"]),
            opt("소식지", reason="소식 보내기에 맞습니다.", weights={"newsletter": 3}, topics=["nurture"]),
        ], sort_order=0),
        Question(text="어디에서 만나나요?", kind="single", importance=1, options=[
            opt("온라인", reason="온라인에서 씁니다.", less_ideal="현장용입니다.", weights={"online": 2}),
            opt("현장", reason="현장에 맞습니다.", weights={"offline": 2}, exclude=["online"]),
        ], sort_order=1),
        Question(text="예산은?", kind="single", importance=1, optional=True, options=[
            opt("무료만", require=["free"]),
        ], sort_order=2),
    ]
    w.save()
    return publish(w)


def keys(wizard):
    definition = wizard.versions.order_by("-number").first().definition
    return [(q["key"], [o["id"] for o in q["options"]]) for q in definition["questions"]]
