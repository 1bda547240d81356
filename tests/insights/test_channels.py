"""Each visit's channel: utm first, then an ad platform's click id, then the referrer's host, else direct;
our own site is a page view within the site, a partner's site is a partner."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from insights.channels import classify

OWN, PARTNERS = frozenset({"example.com", "127.0.0.1"}), frozenset({"cafe-partner.kr"})


@pytest.mark.parametrize(("query", "referrer", "channel", "campaign"), [
    ("?utm_source=kakao&utm_medium=social&utm_campaign=dec-meetup", "", "kakao", "dec-meetup"),
    ("?utm_source=KakaoTalk", "", "kakao", ""),
    ("?utm_source=newsletter&utm_medium=email&utm_campaign=weekly", "https://mail.naver.com/", "email", "weekly"),
    ("?utm_source=anything&utm_medium=email", "", "email", ""),
    ("?utm_source=cafe-partner.kr&utm_medium=referral", "", "partner", ""),
    ("?utm_source=someblog", "", "referral", ""),
    ("?fbclid=IwAR0abc", "", "facebook", ""),
    ("?gclid=abc&x=1", "https://www.google.co.kr/", "google", ""),
    ("", "https://t.co/AbCd", "x", ""),
    ("", "https://m.blog.naver.com/someone/2233", "naver", ""),
    ("", "https://search.naver.com/search.naver?query=소통", "naver", ""),
    ("", "https://search.daum.net/search?q=x", "daum", ""),
    ("", "https://www.google.com/", "google", ""),
    ("", "https://www.bing.com/search?q=x", "search", ""),
    ("", "https://l.instagram.com/?u=x", "instagram", ""),
    ("", "https://m.facebook.com/", "facebook", ""),
    ("", "https://story.kakao.com/x", "kakao", ""),
    ("", "https://www.cafe-partner.kr/menu", "partner", ""),
    ("", "https://example.com/guides/", "internal", ""),
    ("", "https://someones.tistory.com/12", "referral", ""),
    ("", "", "direct", ""),
    ("", "not a url at all", "direct", ""),  # no host to go by
])
def test_the_channel_of_a_visit(query, referrer, channel, campaign):
    origin = classify(query, referrer, own_hosts=OWN, partner_hosts=PARTNERS)
    assert (origin.channel, origin.campaign) == (channel, campaign)


@given(st.text(max_size=300), st.text(max_size=300))
def test_any_query_and_referrer_give_a_channel_never_an_error(query, referrer):
    origin = classify(query, referrer, own_hosts=OWN, partner_hosts=PARTNERS)
    assert origin.channel and len(origin.campaign) <= 100 and len(origin.source) <= 200
