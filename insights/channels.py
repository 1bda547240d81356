"""Which channel brought a visit, from what the browser tells the beacon: the address's utm_* parameters
first (a tracked link says what it is), then a known click id (an ad platform's), then the referrer's
host (a search engine, a social network, a partner's site, our own site), else direct.

Korean channels come first-class: KakaoTalk (its in-app browser sends no referrer, so utm matters most
there), Naver (blog, cafe, search), Daum."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from .models import Channel

# utm_source values people actually type, lower-cased.
SOURCES = {
    "kakao": Channel.KAKAO, "kakaotalk": Channel.KAKAO, "katalk": Channel.KAKAO, "kakaochannel": Channel.KAKAO,
    "twitter": Channel.X, "x": Channel.X, "x.com": Channel.X,
    "facebook": Channel.FACEBOOK, "fb": Channel.FACEBOOK, "meta": Channel.FACEBOOK,
    "instagram": Channel.INSTAGRAM, "ig": Channel.INSTAGRAM,
    "naver": Channel.NAVER, "naverblog": Channel.NAVER, "naver_blog": Channel.NAVER, "navercafe": Channel.NAVER,
    "daum": Channel.DAUM, "google": Channel.GOOGLE,
    "bing": Channel.OTHER_SEARCH, "duckduckgo": Channel.OTHER_SEARCH, "zum": Channel.OTHER_SEARCH,
    "newsletter": Channel.EMAIL, "email": Channel.EMAIL, "nurture": Channel.EMAIL, "mail": Channel.EMAIL,
    "partner": Channel.PARTNER,
}
MEDIUMS = {"email": Channel.EMAIL, "e-mail": Channel.EMAIL, "newsletter": Channel.EMAIL, "partner": Channel.PARTNER,
           "affiliate": Channel.PARTNER}
# Ad platforms' click ids: the platform is known even when the referrer is not sent.
CLICK_IDS = {"gclid": Channel.GOOGLE, "gbraid": Channel.GOOGLE, "wbraid": Channel.GOOGLE, "fbclid": Channel.FACEBOOK,
             "igshid": Channel.INSTAGRAM, "twclid": Channel.X, "n_media": Channel.NAVER, "napm": Channel.NAVER,
             "msclkid": Channel.OTHER_SEARCH}
# Referrer hosts, matched on the host or any domain above it (m.blog.naver.com → naver.com).
HOSTS = {
    "kakao.com": Channel.KAKAO, "kakaocorp.com": Channel.KAKAO, "daum.net": Channel.DAUM,
    "t.co": Channel.X, "twitter.com": Channel.X, "x.com": Channel.X,
    "facebook.com": Channel.FACEBOOK, "fb.com": Channel.FACEBOOK, "fb.me": Channel.FACEBOOK,
    "instagram.com": Channel.INSTAGRAM, "naver.com": Channel.NAVER, "naver.me": Channel.NAVER,
    "bing.com": Channel.OTHER_SEARCH, "duckduckgo.com": Channel.OTHER_SEARCH, "search.yahoo.com": Channel.OTHER_SEARCH,
    "yandex.ru": Channel.OTHER_SEARCH, "baidu.com": Channel.OTHER_SEARCH, "zum.com": Channel.OTHER_SEARCH,
    "ecosia.org": Channel.OTHER_SEARCH,
    "mail.google.com": Channel.EMAIL, "mail.naver.com": Channel.EMAIL, "mail.daum.net": Channel.EMAIL,
    "outlook.live.com": Channel.EMAIL,
}


@dataclass(frozen=True)
class Origin:
    channel: str
    source: str = ""
    medium: str = ""
    campaign: str = ""
    link: str = ""  # utm_id: one of our tracked links


def _host_channel(host: str) -> str | None:
    if host.startswith("www."):
        host = host[4:]
    parts = host.split(".")
    for i in range(len(parts) - 1):
        found = HOSTS.get(".".join(parts[i:]))
        if found is not None:
            return found
    # google.com, google.co.kr, google.de …: any Google search domain
    return Channel.GOOGLE if "google" in parts[:-1] and "mail" not in parts else None


def classify(query: str, referrer: str, *, own_hosts: frozenset[str] = frozenset(),
             partner_hosts: frozenset[str] = frozenset()) -> Origin:
    """The channel of one page view: ``query`` is the address's query string, ``referrer`` the page
    the browser came from."""
    params = {k.lower(): v[0] for k, v in parse_qs((query or "").lstrip("?"), keep_blank_values=False).items()}
    source = params.get("utm_source", "").strip().lower()[:100]
    medium = params.get("utm_medium", "").strip().lower()[:60]
    campaign = params.get("utm_campaign", "").strip()[:100]
    link = params.get("utm_id", "").strip()[:12]
    try:
        host = (urlsplit(referrer or "").hostname or "").lower()
    except ValueError:
        host = ""
    if source or medium:
        channel = SOURCES.get(source) or MEDIUMS.get(medium) or (
            Channel.PARTNER if source in partner_hosts else None) or _host_channel(source) or Channel.REFERRAL
        return Origin(channel, source or host, medium, campaign, link)
    for key, channel in CLICK_IDS.items():
        if key in params:
            return Origin(channel, host, "cpc", campaign)
    if not host:
        return Origin(Channel.DIRECT, "", "", campaign)
    bare = host[4:] if host.startswith("www.") else host
    if host in own_hosts or bare in own_hosts:
        return Origin(Channel.INTERNAL, "", "", campaign)
    if host in partner_hosts or bare in partner_hosts:
        return Origin(Channel.PARTNER, bare, "referral", campaign)
    return Origin(_host_channel(host) or Channel.REFERRAL, bare, "referral", campaign)
