"""Referrals: a member's invitation link brought someone who signed up; once that person verifies
their address the referrer earns the referral rule's points (once per person referred)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Referral(models.Model):
    wagtail_reference_index_ignore = True

    referrer = models.ForeignKey("community.Member", on_delete=models.CASCADE, related_name="referrals",
                                 verbose_name=_("invited by"))
    referred = models.OneToOneField("community.Member", on_delete=models.CASCADE, related_name="referred_by",
                                    verbose_name=_("member"))
    created_at = models.DateTimeField(_("signed up"), auto_now_add=True)
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.referrer} → {self.referred}"
