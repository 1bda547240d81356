"""Groups (커뮤니티 그룹) and the alliances (연대) between them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from .members import Member


class GroupKind(models.TextChoices):
    PUBLIC = "public", _("public: anyone can join")
    CLOSED = "closed", _("closed: a manager approves each request")


class CommunityGroup(ClusterableModel):
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


class HostedEvent(models.Model):
    """An event of the CMS that a group hosts; kept here so the CMS knows nothing of groups."""

    group = ParentalKey(CommunityGroup, on_delete=models.CASCADE, related_name="hosted_events")
    event = models.OneToOneField("cms.EventPage", on_delete=models.CASCADE, related_name="host_group",
                                 verbose_name=_("event"), help_text=_("An event has at most one host group."))

    panels = ["event"]

    class Meta:
        verbose_name = _("hosted event")

    def __str__(self) -> str:
        return f"{self.group} · {self.event}"


class GroupOutput(models.Model):
    """A post filed from the group's work (a project output, a meeting note, an event report)."""

    group = ParentalKey(CommunityGroup, on_delete=models.CASCADE, related_name="outputs")
    post = models.ForeignKey("cms.PostPage", on_delete=models.CASCADE, related_name="+", verbose_name=_("post"))

    panels = ["post"]

    class Meta:
        verbose_name = _("group output")
        constraints = [models.UniqueConstraint(fields=["group", "post"], name="community_one_output")]

    def __str__(self) -> str:
        return f"{self.group} · {self.post}"
