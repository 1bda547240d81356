"""The demo's listening: a few hundred mentions written for the demo across channels (X, a Facebook
page, a KakaoTalk channel, blogs, email, the community), in Korean and English, over the last weeks;
watched communities in each direction (inactive: the demo reaches no one outside); staff labels on
some and a model trained from them; cases in every status. Idempotent: mentions are stored once and
the rest is made only when missing."""

from __future__ import annotations

import itertools
import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from .actions import (
    Incoming,
    collect_advocacy,
    collect_community,
    ingest,
    label,
    note,
    open_case,
    reply,
    resolve,
    source_named,
)
from .actions.learning import train
from .actions.nps import answer
from .models import Case, Label, Mention, NpsSurvey, Source, StaffAccount

THINGS = ["굿즈 텀블러", "스터디 모임", "회원 앱", "주말 행사", "소식지", "에코백", "온라인 강의", "상담 채팅"]
THINGS_EN = ["the tumbler", "the study meetup", "the member app", "the weekend event", "the newsletter"]
KO = {
    "positive": ["{} 정말 좋아요, 추천합니다", "{} 덕분에 많이 배웠어요 감사합니다", "{} 최고예요! 또 참여할게요",
                 "{} 친절하게 안내해 주셔서 만족했어요", "{} 깔끔하고 유익했어요"],
    "negative": ["{} 배송이 너무 늦어요. 실망입니다", "{} 불량이라 환불 요청합니다", "{} 로그인 오류가 계속 나요",
                 "{} 상담 직원이 불친절했어요", "{} 가격이 너무 비싸요",
                 "{} 현장이 위험해 보였어요 안전 점검 부탁드려요"],
    "neutral": ["{} 일정이 어떻게 되나요", "{} 신청은 어디서 하나요", "{} 색상은 몇 가지인가요",
                "{} 다음 회차는 언제인가요"],
}
EN = {
    "positive": ["Loved {}, thank you!", "{} was really helpful", "Great job on {}"],
    "negative": ["{} arrived broken, very disappointed", "{} keeps crashing on login", "Waited a week for {}"],
    "neutral": ["When is {} next?", "Where can I sign up for {}?"],
}
CHANNELS = [("X 보관함", "x"), ("페이스북 페이지 댓글", "facebook"), ("카카오톡 채널", "kakao"),
            ("블로그 모음", "blog"), ("고객센터 메일", "email")]
WATCHED = [("같은 업계: 마케팅 커뮤니티", "same"), ("같은 업계: CMS 사용자 모임", "same"),
           ("다른 업계: 로컬 카페 연합", "other"), ("다른 업계: 독립 서점 모임", "other"),
           ("고객 집단: 스타트업 마케터", "customers"), ("고객 집단: 비영리 활동가", "customers")]


def load() -> int:
    if Source.objects.filter(name="X 보관함").exists():
        return collect_community() + _nps_round(timezone.now()) + _sns(timezone.now()) + \
            collect_advocacy(sweep=True)
    made = 0
    for name, direction in WATCHED:
        _source, created = Source.objects.get_or_create(name=name, defaults={
            "kind": Source.Kind.FEED, "direction": direction, "active": False,
            "url": f"https://feeds.example/{direction}/{len(name)}.xml"})
        made += created
    rng = random.Random(2026)  # noqa: S311 - demo data, the same on every machine
    now = timezone.now()
    truth: dict[str, str] = {}
    for n, (source_name, channel) in enumerate(CHANNELS):
        kind = Source.Kind.EMAIL if channel == "email" else Source.Kind.FILE
        source = source_named(source_name, kind)
        items = []
        for i, (sentiment, thing) in enumerate(itertools.product(["positive", "negative", "neutral"] * 4, THINGS)):
            template = rng.choice(KO[sentiment])
            text = template.format(thing)
            if i % 5 == 0:
                english = EN[sentiment][i % len(EN[sentiment])]
                text = english.format(THINGS_EN[i % len(THINGS_EN)])
            at = now - timedelta(days=rng.randint(0, 27), hours=rng.randint(0, 23), minutes=n)
            raw = {"email": f"customer{i}@example.com"} if channel == "email" else {}
            items.append(Incoming(text=text, posted_at=at, channel=channel, author=f"{channel}-user-{i % 17}",
                                  external_id=f"{channel}-{i}", raw=raw))
            truth[text] = sentiment
        made += ingest(source, items).stored
    made += collect_community()
    staff = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
    for mention in Mention.objects.filter(text__in=list(truth))[:90]:
        if not Label.objects.filter(mention=mention).exists():
            label(mention, truth[mention.text], staff)
    train()
    made += _cases(staff, now)
    return made + _nps_round(now) + _sns(now) + collect_advocacy(sweep=True)


def _cases(staff, now) -> int:
    complaints = list(Mention.objects.filter(sentiment="negative", complaint_type__isnull=False, case__isnull=True)
                      .exclude(source__kind=Source.Kind.COMMUNITY).order_by("posted_at")[:12])
    for i, mention in enumerate(complaints):
        case = open_case(mention, user=staff, at=mention.posted_at)
        if i % 4 >= 1:
            note(case, staff, "담당 팀에 전달했습니다.")
        if i % 4 >= 2:
            reply(case, staff, "불편을 드려 죄송합니다. 확인 후 바로 연락드리겠습니다.",
                  at=mention.posted_at + timedelta(hours=2 + i))
        if i % 4 == 3:
            resolve(case, at=mention.posted_at + timedelta(hours=20 + i))
    return Case.objects.count()


NPS_COMMENTS = {
    "promoter": ["행사 진행이 매끄럽고 정말 유익했어요", "직원분들이 친절해서 또 오고 싶어요",
                 "Great event, learned a lot"],
    "passive": ["괜찮았지만 시간이 조금 짧았어요", "내용은 좋은데 장소가 멀어요"],
    "detractor": ["배송이 너무 늦어서 실망했어요", "안내가 부족해서 헤맸어요 불편했습니다", "The app kept crashing"],
}
NPS_ABOUT = ["12월 커뮤니티 밋업", "검색 스터디", "굿즈 텀블러", "회원 앱"]


def _nps_round(now) -> int:
    """Six months of answers (after events, after the wizard, on the site; Korean and English), some with
    a comment that went into the inbox, and two surveys still waiting for an answer."""
    if NpsSurvey.objects.filter(key__startswith="demo-").exists():
        return 0
    rng = random.Random(2027)  # noqa: S311 - demo data, the same on every machine
    triggers = [NpsSurvey.Trigger.EVENT, NpsSurvey.Trigger.WIZARD, NpsSurvey.Trigger.SITE]
    for i in range(48):
        score = rng.choice([10, 10, 9, 9, 9, 8, 8, 7, 6, 5, 3, 10, 9, 2])
        group = "promoter" if score >= 9 else "passive" if score >= 7 else "detractor"
        language = "en" if i % 6 == 0 else "ko"
        survey = NpsSurvey.objects.create(
            email=f"nps{i}@example.com", trigger=triggers[i % 3], key=f"demo-{i}", about=NPS_ABOUT[i % 4],
            language=language, invited_at=now - timedelta(days=4 * i + 1))
        comment = rng.choice(NPS_COMMENTS[group]) if i % 3 != 2 else ""
        answer(survey, score, comment, now=now - timedelta(days=4 * i, hours=rng.randint(0, 20)))
    for i in (48, 49):
        NpsSurvey.objects.create(email=f"nps{i}@example.com", trigger=NpsSurvey.Trigger.EVENT, key=f"demo-{i}",
                                 about=NPS_ABOUT[0], invited_at=now - timedelta(hours=3))
    return 50


CHATTER = {
    "same": ["요즘 마케팅 자동화 도구 비교 글이 많네요", "CMS 이전하면서 검색 품질이 좋아졌어요",
             "뉴스레터 오픈율이 떨어져서 고민입니다", "커뮤니티 운영 사례 공유합니다, 정말 유익했어요",
             "리드 육성 시퀀스 설계가 어렵네요"],
    "other": ["동네 카페들이 모임 공간을 같이 쓰기로 했어요", "독립 서점 북토크 반응이 좋아요",
              "지역 행사 안전 관리가 걱정이에요", "카페 연합 스탬프 제휴가 재미있어요"],
    "customers": ["스타트업 마케터 모임에서 도구 추천을 받았어요", "비영리 단체 후원자 소식지 만들기가 힘들어요",
                  "마케터 커뮤니티 질문 답변이 빨라서 좋아요", "예산이 적어서 무료 도구를 찾고 있어요"],
}


def _sns(now) -> int:
    """What the watched communities said (written for the demo: the feeds are never pulled) and the
    company's staff SNS account with a few posts of its own."""
    if StaffAccount.objects.exists():
        return 0
    made = 0
    rng = random.Random(2028)  # noqa: S311 - demo data, the same on every machine
    for source in Source.objects.filter(kind=Source.Kind.FEED).exclude(direction=Source.Direction.OWN):
        lines = CHATTER[source.direction]
        made += ingest(source, [Incoming(text=line, channel="blog", author=f"{source.direction}-blogger-{i % 3}",
                                         posted_at=now - timedelta(days=rng.randint(0, 27), hours=i),
                                         external_id=f"demo-{source.pk}-{i}") for i, line in enumerate(lines)]).stored
    staff = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
    if staff is not None:
        StaffAccount.objects.create(user=staff, channel="x", handle="sotong_official")
        made += ingest(source_named("X 보관함", Source.Kind.FILE), [
            Incoming(text="12월 밋업 후기를 올렸어요 http://127.0.0.1:8000/events/", channel="x",
                     author="sotong_official", posted_at=now - timedelta(days=2), external_id="demo-staff-1"),
            Incoming(text="불편을 드려 죄송합니다, 바로 확인할게요", channel="x", author="sotong_official",
                     posted_at=now - timedelta(days=1), external_id="demo-staff-2", raw={"reply_to": "x-user-3"}),
        ]).stored
    return made
