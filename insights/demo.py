"""The demo's visits and conversions: three months of page views across channels and campaigns, the
leads, MQLs, SQLs, customers, sign-ups, registrations and click-outs some of those visits became
(anonymous counts), and a dozen demo people whose timelines show their touches and attribution; all
generated with a fixed seed (the same on every machine) and rolled up by day, so the dashboard reads
well on the first run. Idempotent: made only when there are no views."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from django.utils import timezone
from wagtail.models import Page

from nurture.models import MARKETING_EMAIL, Consent, Lead, LeadEvent

from .actions import rollup
from .actions.attribution import credits
from .models import Channel, Conversion, Credit, PageView, Touch

DAYS = 90
# (channel, source, medium, campaign, weight): KakaoTalk and Naver lead, as for a Korean community.
MIX = [
    (Channel.KAKAO, "kakao", "social", "dec-meetup", 14), (Channel.KAKAO, "kakao", "social", "", 10),
    (Channel.NAVER, "blog.naver.com", "referral", "", 16), (Channel.NAVER, "search.naver.com", "referral", "", 12),
    (Channel.GOOGLE, "google.com", "referral", "", 10), (Channel.DAUM, "search.daum.net", "referral", "", 3),
    (Channel.X, "t.co", "referral", "", 4), (Channel.FACEBOOK, "facebook", "social", "winter-guide", 5),
    (Channel.INSTAGRAM, "instagram", "social", "winter-guide", 4),
    (Channel.EMAIL, "newsletter", "email", "weekly-letter", 8), (Channel.PARTNER, "cafe-partner.kr", "referral", "", 3),
    (Channel.OTHER_SEARCH, "bing.com", "referral", "", 2), (Channel.REFERRAL, "someone.tistory.com", "referral", "", 3),
    (Channel.DIRECT, "", "", "", 12),
]


def load() -> int:
    if PageView.objects.exists():
        return 0
    rng = random.Random(2029)  # noqa: S311 - demo data, the same on every machine
    pages = list(Page.objects.live().filter(depth__gte=3).values_list("pk", "url_path")[:60])
    if not pages:
        return 0
    weights = [m[4] for m in MIX]
    today = timezone.localdate()
    now = timezone.now()
    views = []
    for back in range(DAYS, -1, -1):
        day = today - timedelta(days=back)  # site time: the days the rollups count
        growth = 1 + (DAYS - back) / DAYS  # the community grows: more visits lately
        for n in range(int(rng.randint(50, 90) * growth)):
            channel, source, medium, campaign, _weight = rng.choices(MIX, weights)[0]
            visitor = f"demo{back:03d}{n:05d}".ljust(32, "0")
            at = timezone.make_aware(datetime.combine(day, time(rng.randint(7, 23), rng.randint(0, 59))))
            for step in range(rng.choice([1, 1, 1, 2, 3])):  # a visit, then pages within the site
                page_id, url_path = rng.choice(pages)
                views.append(PageView(
                    at=min(at + timedelta(minutes=2 * step), now - timedelta(seconds=step)), page_id=page_id,
                    path="/" + "/".join(url_path.strip("/").split("/")[1:]) + "/" if url_path.count("/") > 2 else "/",
                    channel=channel if step == 0 else Channel.INTERNAL, source=source if step == 0 else "",
                    medium=medium if step == 0 else "", campaign=campaign if step == 0 else "", visitor=visitor,
                    language="ko"))
    PageView.objects.bulk_create(views, batch_size=2000)
    _conversions(rng, [v for v in views if v.channel != Channel.INTERNAL])
    _people(rng, now)
    for back in range(DAYS + 1):
        rollup(today - timedelta(days=back))
    return len(views)


# Of a hundred visits, how many become each conversion (and what share of leads go further).
RATES = {Conversion.Kind.LEAD: 0.035, Conversion.Kind.MEMBER: 0.012, Conversion.Kind.EVENT: 0.01,
         Conversion.Kind.WIZARD: 0.015, Conversion.Kind.CLICK_OUT: 0.02}
FURTHER = [(Conversion.Kind.MQL, 0.4), (Conversion.Kind.SQL, 0.45), (Conversion.Kind.CUSTOMER, 0.35)]
BETTER = {Channel.EMAIL: 2.0, Channel.KAKAO: 1.4, Channel.NAVER: 1.2, Channel.PARTNER: 1.5, Channel.DIRECT: 0.6}


def _conversions(rng: random.Random, arrivals: list[PageView]) -> None:
    """Anonymous conversions credited to the visit that made them (and, for later stages, to an email
    that followed: first touch and last touch then differ, linear shares)."""
    made: list[tuple[Conversion, list[tuple[str, str]]]] = []
    now = timezone.now()
    for n, visit in enumerate(arrivals):
        boost = BETTER.get(visit.channel, 1.0)
        touch = (visit.channel, visit.campaign)
        for kind, rate in RATES.items():
            if rng.random() >= rate * boost:
                continue
            made.append((Conversion(kind=kind, ref=f"demo:{kind}:{n}", at=visit.at + timedelta(minutes=3)), [touch]))
            if kind != Conversion.Kind.LEAD:
                continue
            at, touches = visit.at, [touch]
            for further, share in FURTHER:
                if rng.random() >= share:
                    break
                at += timedelta(days=rng.randint(2, 12))
                if at >= now:
                    break
                if rng.random() < 0.5:
                    touches = [*touches, (Channel.EMAIL, "weekly-letter")]
                made.append((Conversion(kind=further, ref=f"demo:{further}:{n}", at=at), touches))
    Conversion.objects.bulk_create([c for c, _t in made], batch_size=2000)
    saved = dict(Conversion.objects.filter(ref__startswith="demo:").values_list("ref", "pk"))
    rows = []
    for conversion, touches in made:
        fake = [Touch(channel=channel, campaign=campaign) for channel, campaign in touches]
        rows += [Credit(conversion_id=saved[conversion.ref], model=model, channel=channel, campaign=campaign,
                        link=link, weight=weight) for model, channel, campaign, link, weight in credits(fake)]
    Credit.objects.bulk_create(rows, batch_size=2000)


PEOPLE = [("지민", "kakao", "dec-meetup"), ("서연", "naver", ""), ("Alex", "google", ""), ("하준", "kakao", ""),
          ("민서", "instagram", "winter-guide"), ("도윤", "email", "weekly-letter"), ("Jamie", "x", ""),
          ("수아", "naver", ""), ("예준", "facebook", "winter-guide"), ("지우", "partner", ""),
          ("은우", "daum", ""), ("하은", "kakao", "dec-meetup")]


def _people(rng: random.Random, now) -> None:
    """A dozen demo leads (addresses at example.com, a consent each, never emailed: no sequence starts
    without a form) whose touches and stage changes go through the real receivers."""
    for n, (name, channel, campaign) in enumerate(PEOPLE):
        email = f"demo.person{n + 1}@example.com"
        if Lead.objects.filter(email_key=email).exists():
            continue
        joined = now - timedelta(days=rng.randint(20, 80), hours=rng.randint(0, 12))
        stage = ["lead", "lead", "mql", "sql", "customer"][n % 5]
        lead = Lead.objects.create(email=email, email_key=email, name=name, stage=stage, score=10 + 8 * (n % 5),
                                   utm={"utm_source": channel}, language="en" if name.isascii() else "ko")
        Lead.objects.filter(pk=lead.pk).update(created_at=joined, confirmed_at=joined + timedelta(hours=1))
        Consent.objects.create(lead=lead, purpose=MARKETING_EMAIL, given_at=joined, form="demo",
                               text_version="demo", confirmed_at=joined + timedelta(hours=1))
        Touch.objects.create(lead_id=lead.pk, at=joined - timedelta(minutes=4), channel=channel, campaign=campaign,
                             source=channel)
        LeadEvent.objects.create(lead=lead, kind="consent_given", at=joined, data={"form": "demo"})
        at, before = joined, "lead"
        ladder = ["lead", "mql", "sql", "customer"]
        for later in ladder[1:ladder.index(stage) + 1]:
            at += timedelta(days=rng.randint(3, 9))
            second = rng.choice([Channel.EMAIL, Channel.NAVER, Channel.KAKAO])
            Touch.objects.create(lead_id=lead.pk, at=at - timedelta(hours=2), channel=second,
                                 campaign="weekly-letter" if second == Channel.EMAIL else "")
            LeadEvent.objects.create(lead=lead, kind="stage", at=at, data={"from": before, "to": later})
            before = later
