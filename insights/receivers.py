"""Conversions, as the other apps announce them (their signals, or their models saved): each recorded
once and credited to the channels that brought the person (``actions.convert``). None of those apps
knows insights is listening."""

from __future__ import annotations

from community.actions import member_for
from nurture.models import Lead, LeadEvent

from .actions import convert
from .models import Conversion, Touch

STAGES = {"mql": Conversion.Kind.MQL, "sql": Conversion.Kind.SQL, "customer": Conversion.Kind.CUSTOMER}


def lead_event(sender, instance: LeadEvent, created: bool, **kwargs) -> None:
    """A lead's opt-in (the form's consent) and their stage reaching MQL, SQL or customer."""
    if not created:
        return
    if instance.kind == "consent_given":
        convert(Conversion.Kind.LEAD, f"lead:{instance.lead_id}", at=instance.at, lead_id=instance.lead_id)
    elif instance.kind == "stage" and instance.data.get("to") in STAGES:
        to = instance.data["to"]
        convert(STAGES[to], f"{to}:{instance.lead_id}", at=instance.at, lead_id=instance.lead_id)


def event_registered(sender, registration, **kwargs) -> None:
    lead_id = (Lead.objects.filter(email_key=registration.email.strip().lower(), erased_at__isnull=True)
               .values_list("pk", flat=True).first())
    convert(Conversion.Kind.EVENT, f"registration:{registration.pk}", at=registration.created_at,
            lead_id=lead_id, label=registration.event.title)


def member_signed_up(sender, request, user, **kwargs) -> None:
    member = member_for(user)
    convert(Conversion.Kind.MEMBER, f"member:{member.pk}", member_id=member.pk, lead_id=member.lead_id,
            request=request)


def wizard_response_saved(sender, instance, **kwargs) -> None:
    if instance.status == "completed" and instance.source == "site":
        convert(Conversion.Kind.WIZARD, f"wizard:{instance.pk}", at=instance.completed_at, lead_id=instance.lead_id,
                label=str(instance.wizard))


def clicked_out(sender, instance, created: bool, **kwargs) -> None:
    if created:
        lead_id = instance.response.lead_id if instance.response_id else None
        partner = instance.partner
        convert(Conversion.Kind.CLICK_OUT, f"clickout:{instance.pk}", at=instance.created_at, lead_id=lead_id,
                label=str(partner) if partner else str(instance.product))


def member_left(sender, instance, update_fields=None, **kwargs) -> None:
    """A member who deletes their account: their touches go, their conversions stay as counts."""
    if instance.left_at and (update_fields is None or "left_at" in update_fields):
        Touch.objects.filter(member_id=instance.pk).delete()
        Conversion.objects.filter(member_id=instance.pk).update(member_id=None)
