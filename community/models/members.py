"""A member is a user of the site with a profile; staff users are members too."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Ring(models.TextChoices):
    """How close a member is to the company: the core circle seeds the community, outsiders join it."""

    CORE = "core", _("core circle")
    STAFF = "staff", _("staff")
    PARTNER = "partner", _("partner")
    STAFF_FAMILY = "staff_family", _("staff family")
    CUSTOMER = "customer", _("customer")
    VISITOR = "visitor", _("visitor")


class Member(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="member")
    display_name = models.CharField(_("display name"), max_length=60, blank=True)
    bio = models.CharField(_("short bio"), max_length=300, blank=True)
    ring = models.CharField(_("affiliation ring"), max_length=16, choices=Ring.choices, default=Ring.VISITOR,
                            help_text=_("Set by staff; shown as a small label beside the member's name."))
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="ko")
    avatar = models.ImageField(_("avatar"), upload_to="avatars/", blank=True)
    left_at = models.DateTimeField(_("left"), null=True, blank=True)  # deleted their account: anonymised
    # The same person as a nurture lead with this address (linked once the address is verified);
    # their marketing consent stays on the lead, separate and explicit.
    lead = models.OneToOneField("nurture.Lead", null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="member", verbose_name=_("nurture lead"))
    joined_at = models.DateTimeField(_("joined"), auto_now_add=True)
    # How others @mention this member; unique, letters (any script), digits, "_" and "-".
    handle = models.CharField(_("handle"), max_length=30, unique=True, null=True, blank=True,
                              help_text=_("Others mention you as @handle."))
    banned_at = models.DateTimeField(_("banned"), null=True, blank=True,
                                     help_text=_("A banned member can read but not post, react or report."))
    notify_reply = models.BooleanField(_("someone replies to my comment"), default=True)
    notify_answer = models.BooleanField(_("someone answers my question"), default=True)
    notify_mention = models.BooleanField(_("someone mentions me"), default=True)
    notify_approved = models.BooleanField(_("a moderator approves my comment"), default=True)

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if self.left_at:
            return str(_("former member"))
        # Never from the email address: this name is shown on public group pages.
        return self.display_name or self.user.get_full_name() or str(_("member %(number)d") % {"number": self.pk})
