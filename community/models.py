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


class GroupKind(models.TextChoices):
    PUBLIC = "public", _("public: anyone can join")
    CLOSED = "closed", _("closed: a manager approves each request")


class CommunityGroup(models.Model):
    """A community group (커뮤니티 그룹): members who meet, talk and make things together."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=80, unique=True, allow_unicode=True)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=8, choices=GroupKind.choices, default=GroupKind.PUBLIC)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="ko")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("community group")
        verbose_name_plural = _("community groups")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse
        from django.utils import translation

        with translation.override(self.language):
            return reverse("community_group", args=[self.slug])


class Membership(models.Model):
    class Role(models.TextChoices):
        MEMBER = "member", _("member")
        MANAGER = "manager", _("manager")

    class Status(models.TextChoices):
        ACTIVE = "active", _("member")
        PENDING = "pending", _("asked to join")

    group = models.ForeignKey(CommunityGroup, on_delete=models.CASCADE, related_name="memberships")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=8, choices=Role.choices, default=Role.MEMBER)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.ACTIVE)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("group membership")
        constraints = [models.UniqueConstraint(fields=["group", "member"], name="community_one_membership")]

    def __str__(self) -> str:
        return f"{self.member} · {self.group}"


class Alliance(models.Model):
    """Two groups linked (연대): proposed by one group's manager, in force once the other's accepts."""

    proposer = models.ForeignKey(CommunityGroup, on_delete=models.CASCADE, related_name="alliances_proposed")
    partner = models.ForeignKey(CommunityGroup, on_delete=models.CASCADE, related_name="alliances_received")
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("alliance")
        constraints = [
            models.UniqueConstraint(fields=["proposer", "partner"], name="community_one_alliance"),
            models.CheckConstraint(condition=~models.Q(proposer=models.F("partner")),
                                   name="community_no_self_alliance"),
        ]

    def __str__(self) -> str:
        return f"{self.proposer} ↔ {self.partner}"
