"""The ledger: every movement of points or partner currency is an entry of postings that sum to zero.

A member's points come from the platform's issuer account and a partner's currency from the
partner's account, so the books of each currency always balance (the sum of all postings is zero),
and a balance is the sum of an account's postings. Member and partner accounts keep that sum in
``balance``, updated in the same transaction as the postings (read in one row, never edited by
hand); the issuer's is summed when asked, so awards to different members never wait on one row.
Entries are never changed or deleted: a reversal is a new entry that points at the one it undoes.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class Currency(models.Model):
    class Kind(models.TextChoices):
        POINTS = "points", _("points (earned on this platform)")
        SHARED = "shared", _("shared currency (issued and accepted by partners)")

    code = models.SlugField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=60)
    name_en = models.CharField(_("English name"), max_length=60, blank=True)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.POINTS)

    class Meta:
        verbose_name = _("currency")
        verbose_name_plural = _("currencies")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Account(models.Model):
    # A ledger row links to nothing an editor follows; indexing its references cost most of an award.
    wagtail_reference_index_ignore = True

    class Kind(models.TextChoices):
        MEMBER = "member", _("member")
        PARTNER = "partner", _("partner")
        ISSUER = "issuer", _("platform issuer")

    currency = models.ForeignKey(Currency, on_delete=models.PROTECT, related_name="accounts")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    member = models.ForeignKey("community.Member", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="reward_accounts")
    partner = models.ForeignKey("shop_wizard.Partner", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="reward_accounts")
    balance = models.BigIntegerField(default=0)  # the sum of this account's postings (not the issuer's)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        constraints = [
            models.UniqueConstraint(fields=["currency", "member"], condition=models.Q(kind="member"),
                                    name="rewards_one_member_account"),
            models.UniqueConstraint(fields=["currency", "partner"], condition=models.Q(kind="partner"),
                                    name="rewards_one_partner_account"),
            models.UniqueConstraint(fields=["currency"], condition=models.Q(kind="issuer"),
                                    name="rewards_one_issuer"),
            models.CheckConstraint(condition=models.Q(kind="member", member__isnull=False, partner__isnull=True)
                                   | models.Q(kind="partner", partner__isnull=False, member__isnull=True)
                                   | models.Q(kind="issuer", member__isnull=True, partner__isnull=True),
                                   name="rewards_account_owner_matches_kind"),
        ]

    def __str__(self) -> str:
        owner = self.member or self.partner or _("platform")
        return f"{owner} · {self.currency}"


class Entry(models.Model):
    # A ledger row links to nothing an editor follows; indexing its references cost most of an award.
    wagtail_reference_index_ignore = True

    class Kind(models.TextChoices):
        AWARD = "award", _("award")
        REVERSAL = "reversal", _("reversal")
        REDEMPTION = "redemption", _("redemption")
        ISSUE = "issue", _("partner issue")
        ACCEPT = "accept", _("partner accept")
        GIFT = "gift", _("gift")
        EXPIRY = "expiry", _("expiry")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    currency = models.ForeignKey(Currency, on_delete=models.PROTECT, related_name="entries")
    # The member whose balance this entry moves, and by how much (the postings say it too; kept here
    # so a member's history and the leaderboards read one table).
    member = models.ForeignKey("community.Member", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="reward_entries")
    amount = models.BigIntegerField(_("amount"))
    rule = models.ForeignKey("rewards.EarningRule", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="entries")
    # The same event never counts twice: whoever reports it first writes the entry, the rest find it.
    key = models.CharField(max_length=200, unique=True)
    # What an award is for (rule, source, qualifier, member): given again only after it was taken back.
    basis = models.CharField(max_length=200, blank=True, db_index=True)
    qualifier = models.CharField(max_length=40, blank=True)  # e.g. who found a comment helpful
    source_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT)
    source_id = models.CharField(max_length=64, blank=True)
    reverses = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="reversed_by")
    memo = models.CharField(_("memo"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("time"), db_index=True)

    class Meta:
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["member", "-created_at"], name="rewards_entry_member_time"),
                   models.Index(fields=["source_type", "source_id"], name="rewards_entry_source"),
                   models.Index(fields=["rule", "member", "created_at"], name="rewards_entry_rule_day")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount:+d} {self.currency}"


class Posting(models.Model):
    # A ledger row links to nothing an editor follows; indexing its references cost most of an award.
    wagtail_reference_index_ignore = True

    entry = models.ForeignKey(Entry, on_delete=models.PROTECT, related_name="postings")
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="postings")
    amount = models.BigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["account"], name="rewards_posting_account")]

    def __str__(self) -> str:
        return f"{self.account} {self.amount:+d}"
