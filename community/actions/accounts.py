"""A member's account: the profile created on first need, the link to their nurture lead, leaving."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from cms.models.visibility import is_staff_user, know_staff_group, staff_group_member
from nurture.models import Lead

from ..models import Member, Ring


def member_for(user: AbstractBaseUser, *, language: str | None = None) -> Member:
    """The user's profile, created on first need (staff users who never signed up get one too).

    Kept on the user object for the rest of the request: a comment asks several times."""
    cached = user.__dict__.get("_community_member")
    if cached is not None:
        return cached
    member = Member.objects.filter(user=user).annotate(in_staff_group=staff_group_member()).first()
    if member is not None:
        know_staff_group(user, member.in_staff_group)  # one query for both: asked on every comment
    else:
        defaults = {"ring": Ring.STAFF if user.is_staff or is_staff_user(user) else Ring.VISITOR}
        if language:
            defaults["language"] = language[:2]
        member, _created = Member.objects.get_or_create(user=user, defaults=defaults)
    user.__dict__["_community_member"] = member
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


def delete_account(member: Member) -> None:
    """The member leaves: sign-in, address, name, bio and picture go; what they wrote stays readable
    under "former member". The nurture lead (a separate consent) is unlinked, not touched."""
    from allauth.account.models import EmailAddress

    user = member.user
    with transaction.atomic():
        EmailAddress.objects.filter(user=user).delete()
        if member.avatar:
            member.avatar.delete(save=False)
        member.display_name, member.bio, member.lead, member.left_at = "", "", None, timezone.now()
        member.save(update_fields=["display_name", "bio", "avatar", "lead", "left_at"])
        user.username = f"former-member-{user.pk}"
        user.email, user.first_name, user.last_name, user.is_active = "", "", "", False
        user.set_unusable_password()
        user.save()  # inactive: every other session of theirs stops authenticating at its next request
