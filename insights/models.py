"""Page views as the site's own beacon reports them (no IP, no user agent: a daily-rotating salted hash
groups one browser's views of a day), each with the channel that brought the visit; and the daily
rollups the reports read (never the raw views at request time)."""

from __future__ import annotations

import secrets
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from cms.models.visibility import is_private


class Channel(models.TextChoices):
    KAKAO = "kakao", _("KakaoTalk")
    X = "x", "X"
    FACEBOOK = "facebook", "Facebook"
    INSTAGRAM = "instagram", "Instagram"
    NAVER = "naver", _("Naver (blog, cafe, search)")
    DAUM = "daum", _("Daum")
    GOOGLE = "google", "Google"
    OTHER_SEARCH = "search", _("other search engines")
    EMAIL = "email", _("email (nurture, newsletters)")
    PARTNER = "partner", _("partner sites")
    DIRECT = "direct", _("direct")
    REFERRAL = "referral", _("other referral")
    INTERNAL = "internal", _("within the site")  # a page view, not a visit: the reader came from our page


class PageView(models.Model):
    wagtail_reference_index_ignore = True

    at = models.DateTimeField(_("when"), db_index=True)
    # The page's id as the beacon sent it: a plain number, no foreign key to check on every view (a page
    # deleted later keeps its views).
    page_id = models.PositiveBigIntegerField(_("page id"), null=True, blank=True)
    path = models.CharField(_("path"), max_length=300)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    source = models.CharField(_("source"), max_length=100, blank=True)  # utm_source, or the referrer's host
    medium = models.CharField(_("medium"), max_length=60, blank=True)
    campaign = models.CharField(_("campaign"), max_length=100, blank=True)
    visitor = models.CharField(max_length=32)  # daily-rotating salted hash: names nobody, groups a day's views
    language = models.CharField(_("language"), max_length=8, blank=True)
    link = models.CharField(_("tracked link"), max_length=12, blank=True)  # utm_id of one of our tracked links

    class Meta:
        verbose_name = _("page view")
        verbose_name_plural = _("page views")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.path} ({self.channel})"


class DailyVisits(models.Model):
    """One day's visits (views that came from outside), browsers and page views, by channel and campaign.
    Rebuilt whole for a day by rollup(): running it again gives the same rows."""

    day = models.DateField(_("day"))
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    campaign = models.CharField(_("campaign"), max_length=100, blank=True)
    link = models.CharField(_("tracked link"), max_length=12, blank=True)
    visits = models.PositiveIntegerField(_("visits"), default=0)
    visitors = models.PositiveIntegerField(_("browsers"), default=0)
    views = models.PositiveIntegerField(_("page views"), default=0)

    class Meta:
        verbose_name = _("daily visits")
        verbose_name_plural = _("daily visits")
        ordering = ["-day", "channel", "campaign"]
        constraints = [models.UniqueConstraint(fields=["day", "channel", "campaign", "link"],
                                               name="insights_one_row_a_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.channel} {self.campaign}"


def new_code() -> str:
    return secrets.token_urlsafe(6)[:8].replace("-", "x").replace("_", "y")


class TrackedLink(models.Model):
    """A short link staff share (/l/<code>/): it sends the reader to the page with utm_* set for its
    channel and campaign, and utm_id its code, so the visits it brings are counted as its own."""

    # Channels a staff member shares a link in, and the utm_source / utm_medium the link sets.
    UTM = {Channel.KAKAO: ("kakao", "social"), Channel.X: ("x", "social"), Channel.FACEBOOK: ("facebook", "social"),
           Channel.INSTAGRAM: ("instagram", "social"), Channel.NAVER: ("naver", "social"),
           Channel.DAUM: ("daum", "social"), Channel.EMAIL: ("newsletter", "email"),
           Channel.PARTNER: ("partner", "referral"), Channel.REFERRAL: ("share", "referral")}

    code = models.CharField(_("code"), max_length=12, unique=True, default=new_code, editable=False)
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+", verbose_name=_("page"))
    channel = models.CharField(_("channel"), max_length=10, choices=[(c, Channel(c).label) for c in UTM])
    campaign = models.CharField(_("campaign"), max_length=100, blank=True,
                                help_text=_("Sent as utm_campaign, e.g. dec-meetup."))
    note = models.CharField(_("note"), max_length=200, blank=True)
    clicks = models.PositiveIntegerField(_("clicks"), default=0, editable=False)
    created_at = models.DateTimeField(_("made"), auto_now_add=True)

    class Meta:
        verbose_name = _("tracked link")
        verbose_name_plural = _("tracked links")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"/l/{self.code}/ → {self.page.title}"

    def clean(self) -> None:
        if self.page_id and (not self.page.live or is_private(self.page)):
            raise ValidationError({"page": _("Only a published page anyone may read can be shared.")})

    def query(self) -> str:
        source, medium = self.UTM.get(self.channel, ("share", "referral"))
        params = {"utm_source": source, "utm_medium": medium, "utm_id": self.code}
        if self.campaign:
            params["utm_campaign"] = self.campaign
        return urlencode(params)

    def short_url(self) -> str:
        return f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}/l/{self.code}/"

    short_url.short_description = _("short link")
