"""Partner tokens: how a partner business's till or system calls the partner API (issue the shared
currency to a member, accept it as payment, read its settlement). Only a hash of a token is kept;
the token itself is shown once, when it is made."""

from __future__ import annotations

import hashlib

from django.db import models
from django.utils.translation import gettext_lazy as _


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class PartnerToken(models.Model):
    wagtail_reference_index_ignore = True

    partner = models.ForeignKey("shop_wizard.Partner", on_delete=models.CASCADE, related_name="reward_tokens",
                                verbose_name=_("partner"))
    name = models.CharField(_("name"), max_length=80, help_text=_("Where it is used, e.g. the Gangnam store's till."))
    digest = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(_("starts with"), max_length=8)
    created_at = models.DateTimeField(_("made"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("partner token")
        verbose_name_plural = _("partner tokens")
        ordering = ["partner", "-created_at"]

    def __str__(self) -> str:
        return f"{self.partner} · {self.name} ({self.prefix}…)"
