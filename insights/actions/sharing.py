"""Share buttons with tracked links: each button of a public page shares its own /l/<code>/ (made the
first time the page is drawn with it), so the visits a share brings count for that page and network.
A page that is not public shares its plain address (a tracked link to it would answer 404)."""

from __future__ import annotations

from urllib.parse import urlsplit

from cms.models.visibility import is_private

from ..models import Channel, TrackedLink

CHANNELS = {"kakaotalk": Channel.KAKAO, "x": Channel.X, "facebook": Channel.FACEBOOK}  # others: referral
CAMPAIGN = "share"


def share_links(page, tagged: dict[str, str]) -> dict[str, str]:
    if not getattr(page, "live", False) or not page.pk or is_private(page):
        return tagged
    kept = {link.note: link for link in TrackedLink.objects.filter(page_id=page.pk, campaign=CAMPAIGN)}
    out = {}
    for source in tagged:
        link = kept.get(source) or TrackedLink.objects.create(
            page_id=page.pk, channel=CHANNELS.get(source, Channel.REFERRAL), campaign=CAMPAIGN, note=source)
        parts = urlsplit(tagged[source])  # on the page's own site and scheme
        out[source] = f"{parts.scheme}://{parts.netloc}/l/{link.code}/" if parts.netloc else link.short_url()
    return out
