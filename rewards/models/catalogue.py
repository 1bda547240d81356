"""Rewards members redeem with points: a price, stock, a limit per member, and a coupon for each one
redeemed (a unique code, used once, before it expires)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Reward(models.Model):
    name = models.CharField(_("name"), max_length=120)
    name_en = models.CharField(_("English name"), max_length=120, blank=True)
    description = models.TextField(_("description"), blank=True)
    price = models.PositiveIntegerField(_("price"))
    currency = models.ForeignKey("rewards.Currency", on_delete=models.PROTECT, related_name="rewards",
                                 verbose_name=_("currency"))
    partner = models.ForeignKey("shop_wizard.Partner", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="rewards", verbose_name=_("partner"),
                                help_text=_("The business that honours the coupon; empty: the company itself."))
    stock = models.PositiveIntegerField(_("stock"), null=True, blank=True, help_text=_("Empty: no limit."))
    per_member = models.PositiveIntegerField(_("per member"), null=True, blank=True,
                                             help_text=_("How many one member may redeem. Empty: no limit."))
    min_rank = models.ForeignKey("rewards.Rank", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                 verbose_name=_("minimum rank"), help_text=_("Empty: anyone may redeem it."))
    valid_days = models.PositiveIntegerField(_("coupon valid for (days)"), default=30)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("reward")
        verbose_name_plural = _("rewards")
        ordering = ["price", "name"]

    def __str__(self) -> str:
        return self.name


class Coupon(models.Model):
    wagtail_reference_index_ignore = True

    reward = models.ForeignKey(Reward, on_delete=models.PROTECT, related_name="coupons", verbose_name=_("reward"))
    member = models.ForeignKey("community.Member", on_delete=models.PROTECT, related_name="coupons",
                               verbose_name=_("member"))
    code = models.CharField(_("code"), max_length=20, unique=True)
    entry = models.OneToOneField("rewards.Entry", on_delete=models.PROTECT, related_name="coupon")
    created_at = models.DateTimeField(_("redeemed"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    used_at = models.DateTimeField(_("used"), null=True, blank=True)

    class Meta:
        verbose_name = _("coupon")
        verbose_name_plural = _("coupons")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.code
