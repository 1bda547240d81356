"""The community's rules; views, signals and the API call these."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from cms.models.visibility import is_staff_user
from nurture.models import Lead

from .models import Member, Ring


def member_for(user: AbstractBaseUser, *, language: str | None = None) -> Member:
    """The user's profile, created on first need (staff users who never signed up get one too)."""
    defaults = {"ring": Ring.STAFF if user.is_staff or is_staff_user(user) else Ring.VISITOR}
    if language:
        defaults["language"] = language[:2]
    member, _created = Member.objects.get_or_create(user=user, defaults=defaults)
    return member


def link_lead(member: Member, email: str) -> Lead | None:
    """A verified address that is also a nurture lead's is one person: link them (consent untouched)."""
    lead = Lead.objects.filter(email_key=email.strip().lower(), erased_at__isnull=True).first()
    if lead is None or member.lead_id == lead.pk:
        return lead
    with transaction.atomic():
        Member.objects.filter(lead=lead).exclude(pk=member.pk).update(lead=None)
        member.lead = lead
        member.save(update_fields=["lead"])
    return lead
