"""allauth's signals: a new account gets its member profile; a verified address links its lead."""

from __future__ import annotations

from django.utils.translation import get_language

from cms.cache import invalidate_all, retire_page
from cms.models import EventPage

from . import actions


def member_signed_up(sender, request, user, **kwargs) -> None:
    actions.member_for(user, language=get_language())


def address_verified(sender, request, email_address, **kwargs) -> None:
    member = actions.member_for(email_address.user, language=get_language())
    actions.link_lead(member, email_address.email)


def hosting_changed(sender, instance, **kwargs) -> None:
    """An event's host group shows on the event page: renew that page's cached copy."""
    event = EventPage.objects.filter(pk=instance.event_id).first()
    if event is not None:
        retire_page(event)


def policy_changed(sender, instance, **kwargs) -> None:
    """A page type's conversation switch changes every page of that type: a new content generation."""
    invalidate_all()
