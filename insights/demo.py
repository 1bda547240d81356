"""The demo's visits: three months of page views across channels and campaigns (generated with a fixed
seed, the same on every machine), rolled up by day, so the channel report reads well on the first run.
Idempotent: made only when there are none."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from django.utils import timezone
from wagtail.models import Page

from .actions import rollup
from .models import Channel, PageView

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
    for back in range(DAYS + 1):
        rollup(today - timedelta(days=back))
    return len(views)
