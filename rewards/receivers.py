"""What the conversation and the events report, turned into points (and taken back when it goes away).

The community sends its signals once its transaction has committed; the points are worked out by
tasks (rewards.tasks), batched a few seconds after (rewards.pending), so a comment's request does not
wait for them and a failure never undoes it."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from cms import signals as cms_signals
from cms.models import PostPage
from community import signals
from community.actions import member_for
from community.models import Member
from listening import signals as listening_signals
from shop_wizard import signals as wizard_signals

from . import pending, tasks
from .models import Event, Referral


def comment_shown(sender, comment, **kwargs) -> None:
    pending.add("award_for_comment", Event.COMMENT_APPROVED, comment.pk)


def comment_removed(sender, comment, **kwargs) -> None:
    pending.add("reverse_for_comment", comment.pk)  # all it earned: being shown, helpful marks, an accepted answer


def answer_accepted(sender, comment, **kwargs) -> None:
    pending.add("award_for_comment", Event.ANSWER_ACCEPTED, comment.pk)


def answer_unaccepted(sender, comment, **kwargs) -> None:
    pending.add("reverse_for_comment", comment.pk, Event.ANSWER_ACCEPTED)


def reaction_added(sender, reaction, **kwargs) -> None:
    pending.add("award_for_comment", Event.HELPFUL_RECEIVED, reaction.comment_id, reaction.member_id)


def reaction_removed(sender, comment, member, **kwargs) -> None:
    pending.add("reverse_for_comment", comment.pk, Event.HELPFUL_RECEIVED, member.pk)


def advocacy_recorded(sender, contribution, **kwargs) -> None:
    """Defending or recommending us, found by listening (answers and helpful marks earn by their own rules)."""
    if contribution.member_id and contribution.kind in ("defence", "recommendation"):
        tasks.award_for_advocacy.delay(contribution.pk)


def event_registered(sender, registration, **kwargs) -> None:
    pending.add("award_for_registration", registration.pk)


def registration_cancelled(sender, registration, **kwargs) -> None:
    pending.add("reverse_for_registration", registration.pk)


def page_read(sender, page, user, **kwargs) -> None:
    if getattr(page, "is_pillar", False):
        tasks.award_for_reading.delay(page.pk, user.pk)


def wizard_completed(sender, response, user, **kwargs) -> None:
    tasks.award_for_wizard.delay(response.pk, user.pk)


def post_published(sender, instance, **kwargs) -> None:
    if instance.kind in tasks.OUTPUT_KINDS:
        transaction.on_commit(lambda: tasks.award_for_output.delay(instance.pk))


def post_unpublished(sender, instance, **kwargs) -> None:
    transaction.on_commit(lambda: tasks.reverse_for_output.delay(instance.pk))


REFERRER = "rewards_referrer"  # the session key the invitation link sets


def signed_up(sender, request, user, **kwargs) -> None:
    """Someone who came by a member's invitation link signed up: remember who invited them."""
    referrer_id = request.session.get(REFERRER) if request is not None and hasattr(request, "session") else None
    if referrer_id is None:
        return
    referrer = Member.objects.filter(pk=referrer_id, left_at__isnull=True).exclude(user=user).first()
    if referrer is not None:
        Referral.objects.get_or_create(referred=member_for(user), defaults={"referrer": referrer})
    request.session.pop(REFERRER, None)


def email_confirmed(sender, request, email_address, **kwargs) -> None:
    """The invited person verified their address: the referrer's points, once."""
    referral = Referral.objects.filter(referred__user_id=email_address.user_id, verified_at__isnull=True).first()
    if referral is None:
        return
    Referral.objects.filter(pk=referral.pk).update(verified_at=timezone.now())
    transaction.on_commit(lambda: tasks.award_for_referral.delay(referral.pk))


def connect() -> None:
    from allauth.account.signals import email_confirmed as allauth_email_confirmed
    from allauth.account.signals import user_signed_up
    from wagtail.signals import page_published, page_unpublished

    cms_signals.page_read.connect(page_read, dispatch_uid="rewards.page_read")
    wizard_signals.wizard_completed.connect(wizard_completed, dispatch_uid="rewards.wizard_completed")
    page_published.connect(post_published, sender=PostPage, dispatch_uid="rewards.post_published")
    page_unpublished.connect(post_unpublished, sender=PostPage, dispatch_uid="rewards.post_unpublished")
    user_signed_up.connect(signed_up, dispatch_uid="rewards.signed_up")
    allauth_email_confirmed.connect(email_confirmed, dispatch_uid="rewards.email_confirmed")
    cms_signals.event_registered.connect(event_registered, dispatch_uid="rewards.event_registered")
    listening_signals.advocacy_recorded.connect(advocacy_recorded, dispatch_uid="rewards.advocacy_recorded")
    cms_signals.registration_cancelled.connect(registration_cancelled, dispatch_uid="rewards.registration_cancelled")
    for signal, receiver in ((signals.comment_shown, comment_shown), (signals.comment_removed, comment_removed),
                             (signals.answer_accepted, answer_accepted),
                             (signals.answer_unaccepted, answer_unaccepted),
                             (signals.reaction_added, reaction_added), (signals.reaction_removed, reaction_removed)):
        signal.connect(receiver, dispatch_uid=f"rewards.{receiver.__name__}")
