"""allauth's signals: a new account gets its member profile; a verified address links its lead."""

from __future__ import annotations

from django.utils.translation import get_language

from . import actions


def member_signed_up(sender, request, user, **kwargs) -> None:
    actions.member_for(user, language=get_language())


def address_verified(sender, request, email_address, **kwargs) -> None:
    member = actions.member_for(email_address.user, language=get_language())
    actions.link_lead(member, email_address.email)
