"""Collectible cards (딱지): sets editors design (each card an image, a name and a rarity), copies
members hold, and gifts of a duplicate to someone else. A copy is never deleted: a gift marks the
giver's copy given and makes the receiver's, so an album's history stays readable."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel


class Rarity(models.TextChoices):
    COMMON = "common", _("common")
    RARE = "rare", _("rare")
    EPIC = "epic", _("epic")
    LEGENDARY = "legendary", _("legendary")


# How often a rarity comes up when a set is drawn from (out of the sum over the set's cards).
RARITY_WEIGHT = {Rarity.COMMON: 60, Rarity.RARE: 25, Rarity.EPIC: 10, Rarity.LEGENDARY: 5}


class CardSet(ClusterableModel):
    name = models.CharField(_("name"), max_length=80)
    name_en = models.CharField(_("English name"), max_length=80, blank=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    description_en = models.CharField(_("English description"), max_length=300, blank=True)
    active = models.BooleanField(_("active"), default=True, help_text=_("Shown in albums and drawn from."))

    class Meta:
        verbose_name = _("card set")
        verbose_name_plural = _("card sets")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Card(models.Model):
    card_set = ParentalKey(CardSet, on_delete=models.CASCADE, related_name="cards", verbose_name=_("set"))
    name = models.CharField(_("name"), max_length=80)
    name_en = models.CharField(_("English name"), max_length=80, blank=True)
    image = models.ForeignKey("wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+", verbose_name=_("image"))
    rarity = models.CharField(_("rarity"), max_length=10, choices=Rarity.choices, default=Rarity.COMMON)
    number = models.PositiveSmallIntegerField(_("number in the set"), default=1)

    class Meta:
        verbose_name = _("card")
        verbose_name_plural = _("cards")
        ordering = ["card_set", "number", "pk"]
        constraints = [models.UniqueConstraint(fields=["card_set", "number"], name="rewards_card_number")]

    def __str__(self) -> str:
        return f"{self.card_set} #{self.number} {self.name}"


class CardCopy(models.Model):
    wagtail_reference_index_ignore = True

    card = models.ForeignKey(Card, on_delete=models.PROTECT, related_name="copies", verbose_name=_("card"))
    member = models.ForeignKey("community.Member", on_delete=models.PROTECT, related_name="card_copies",
                               verbose_name=_("member"))
    # Why it was given (a mission's completion, a rule's award, a gift): each reason gives one copy.
    key = models.CharField(max_length=200, unique=True)
    obtained_at = models.DateTimeField(_("obtained"))
    given_from = models.ForeignKey("community.Member", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("a gift from"))
    given_away_at = models.DateTimeField(_("given away"), null=True, blank=True)

    class Meta:
        verbose_name = _("card copy")
        verbose_name_plural = _("card copies")
        ordering = ["-obtained_at"]
        indexes = [models.Index(fields=["member", "card"], name="rewards_copy_member_card")]

    def __str__(self) -> str:
        return f"{self.card} · {self.member}"
