"""Staff SNS accounts: which staff member speaks for the company as which handle on which channel, so
the SNS report can show their activity for the internal training programme."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class StaffAccount(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
                             verbose_name=_("staff member"))
    channel = models.CharField(_("channel"), max_length=30, help_text=_(
        "As the inbox names it: x, facebook, kakao, blog, comment…"))
    handle = models.CharField(_("handle"), max_length=200, help_text=_(
        "The name the channel shows for this account, as the mentions' author."))

    class Meta:
        verbose_name = _("staff SNS account")
        verbose_name_plural = _("staff SNS accounts")
        ordering = ["channel", "handle"]
        constraints = [models.UniqueConstraint(fields=["channel", "handle"], name="listening_one_staff_account")]

    def __str__(self) -> str:
        return f"{self.channel} · {self.handle}"
