"""Page views as the site's own beacon reports them (no IP, no user agent: a daily-rotating salted hash
groups one browser's views of a day), each with the channel that brought the visit; and the daily
rollups the reports read (never the raw views at request time)."""

from __future__ import annotations

import secrets
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from cms.models.visibility import is_private
from cms.seo import absolute
from cms.structure import remember


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
    UNKNOWN = "unknown", _("unknown")  # a conversion with no visit to credit (an import, an old cookie)


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
    # The lead this browser is, only while they consent (their signed cookie, or a signed-in member's
    # linked lead); else nothing that ties the view to anyone.
    lead_id = models.PositiveBigIntegerField(_("lead"), null=True, blank=True)

    class Meta:
        verbose_name = _("page view")
        verbose_name_plural = _("page views")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["lead_id", "at"], condition=models.Q(lead_id__isnull=False),
                                name="insights_view_lead")]

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
        """On the default site's own address (the one its pages' links use), found once per content
        generation."""
        return f"{remember('insights:site-root', lambda: absolute(None, ''))}/l/{self.code}/"

    short_url.short_description = _("short link")


class Touch(models.Model):
    """A visit from outside tied to a person: the arrival that brought them, recorded when they convert
    (their browser held it until then, naming nobody), and after that each arrival while they consent.
    Attribution reads these."""

    at = models.DateTimeField(_("when"))
    lead_id = models.PositiveBigIntegerField(_("lead"), null=True, blank=True)
    member_id = models.PositiveBigIntegerField(_("member"), null=True, blank=True)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    source = models.CharField(_("source"), max_length=100, blank=True)
    medium = models.CharField(_("medium"), max_length=60, blank=True)
    campaign = models.CharField(_("campaign"), max_length=100, blank=True)
    link = models.CharField(_("tracked link"), max_length=12, blank=True)

    class Meta:
        verbose_name = _("touch")
        verbose_name_plural = _("touches")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["lead_id", "at"], name="insights_touch_lead"),
                   models.Index(fields=["member_id", "at"], name="insights_touch_member")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.channel} {self.campaign}"


class Model(models.TextChoices):
    FIRST = "first", _("first touch")
    LAST = "last", _("last touch")
    LINEAR = "linear", _("linear")


class Conversion(models.Model):
    """Something a visitor went on to do, once (its ``ref``), with the person when they consented to be
    known (a lead or a member) and the credit each channel gets for it under each model."""

    class Kind(models.TextChoices):
        LEAD = "lead", _("lead (opted in)")
        MEMBER = "member", _("member (signed up)")
        WIZARD = "wizard", _("wizard completed")
        EVENT = "event", _("event registration")
        CLICK_OUT = "click_out", _("click-out to a partner")
        MQL = "mql", _("marketing qualified lead")
        SQL = "sql", _("sales qualified lead")
        CUSTOMER = "customer", _("customer")

    kind = models.CharField(_("conversion"), max_length=10, choices=Kind.choices)
    ref = models.CharField(max_length=60)  # what converted ("lead:12", "clickout:9"): one conversion each
    at = models.DateTimeField(_("when"), db_index=True)
    lead_id = models.PositiveBigIntegerField(_("lead"), null=True, blank=True, db_index=True)
    member_id = models.PositiveBigIntegerField(_("member"), null=True, blank=True, db_index=True)
    label = models.CharField(_("what"), max_length=200, blank=True)  # the event's, product's or partner's name

    class Meta:
        verbose_name = _("conversion")
        verbose_name_plural = _("conversions")
        ordering = ["-at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["kind", "ref"], name="insights_convert_once")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d}"


class Credit(models.Model):
    """One channel's share of one conversion under one model (first and last touch give 1 to one
    touch; linear shares 1 evenly over the touches in the window)."""

    conversion = models.ForeignKey(Conversion, on_delete=models.CASCADE, related_name="credits")
    model = models.CharField(_("model"), max_length=6, choices=Model.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    campaign = models.CharField(_("campaign"), max_length=100, blank=True)
    link = models.CharField(_("tracked link"), max_length=12, blank=True)
    weight = models.FloatField(_("credit"))

    class Meta:
        verbose_name = _("credit")
        verbose_name_plural = _("credits")

    def __str__(self) -> str:
        return f"{self.conversion} · {self.model} · {self.channel} {self.weight:.2f}"


class DailyConversions(models.Model):
    """One day's conversions by kind, model, channel and campaign (the credits summed): what the
    dashboard reads. Rebuilt whole for a day, like the visits."""

    day = models.DateField(_("day"))
    kind = models.CharField(_("conversion"), max_length=10, choices=Conversion.Kind.choices)
    model = models.CharField(_("model"), max_length=6, choices=Model.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    campaign = models.CharField(_("campaign"), max_length=100, blank=True)
    link = models.CharField(_("tracked link"), max_length=12, blank=True)
    credit = models.FloatField(_("credit"), default=0)

    class Meta:
        verbose_name = _("daily conversions")
        verbose_name_plural = _("daily conversions")
        ordering = ["-day", "kind", "channel"]
        constraints = [models.UniqueConstraint(fields=["day", "kind", "model", "channel", "campaign", "link"],
                                               name="insights_conversions_a_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.kind} {self.model} {self.channel}"


class DailyFigure(models.Model):
    """One day's value of one dashboard figure from another app (mentions by mood, searches, comments,
    segment sizes …), by a dimension ("" for the figure's total): see ``insights.figures``."""

    day = models.DateField(_("day"))
    key = models.CharField(_("figure"), max_length=40)
    dimension = models.CharField(_("dimension"), max_length=120, blank=True)
    value = models.FloatField(_("value"))

    class Meta:
        verbose_name = _("daily figure")
        verbose_name_plural = _("daily figures")
        ordering = ["-day", "key", "dimension"]
        constraints = [models.UniqueConstraint(fields=["day", "key", "dimension"], name="insights_figure_a_day")]
        indexes = [models.Index(fields=["key", "day"], name="insights_figure_key_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.key} {self.dimension} {self.value}"


class ViewBatch(models.Model):
    """A batch of buffered page views written (``insights.buffer``): its id is written with its views,
    so a batch is never written twice."""

    id = models.CharField(primary_key=True, max_length=32)
    size = models.PositiveIntegerField()
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"{self.id} ({self.size})"
