"""Celery tasks: points for what happened in the conversation and at events, off the request that caused it.

Each takes ids, re-reads the rows and checks they still say what the signal said (a comment hidden
before its award ran earns nothing), and is idempotent (the ledger's keys): a retry or a second
worker changes nothing."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from celery import shared_task
from django.contrib.auth import get_user_model

from cms.models import ArticlePage, EventRegistration, PostPage
from community.actions import member_for
from community.models import Comment, Member, Reaction
from listening.models import Contribution
from shop_wizard.models import Response, ResponseStatus

from .actions import award, reverse_awards
from .actions.expiry import expire_due
from .models import Event, Referral


@shared_task(acks_late=True)
def award_for_comment(event: str, comment_id: int, actor_id: int | None = None) -> int:
    comment = Comment.objects.select_related("author", "thread__author").filter(pk=comment_id).first()
    if comment is None or comment.status != Comment.Status.APPROVED or comment.author is None:
        return 0
    actor = None
    if event == Event.HELPFUL_RECEIVED:
        actor = Member.objects.filter(pk=actor_id).first()
        if actor is None or not Reaction.objects.filter(comment=comment, member=actor).exists():
            return 0
        return len(award(event, comment.author, source=comment, actor=actor, qualifier=str(actor.pk)))
    if event == Event.ANSWER_ACCEPTED:
        if comment.thread.accepted_id != comment.pk:
            return 0
        actor = comment.thread.author  # the asker: no points for accepting your own answer
    return len(award(event, comment.author, source=comment, actor=actor))


@shared_task(acks_late=True)
def reverse_for_comment(comment_id: int, event: str | None = None, actor_id: int | None = None) -> int:
    comment = Comment.objects.filter(pk=comment_id).first()
    if comment is None:
        return 0
    qualifier = str(actor_id) if actor_id is not None else None
    return len(reverse_awards(comment, event=event, qualifier=qualifier))


@shared_task(acks_late=True)
def award_for_registration(registration_id: int) -> int:
    """Points for registering, to the member whose verified address registered (none for a guest)."""
    registration = EventRegistration.objects.filter(pk=registration_id).first()
    if registration is None or registration.status == EventRegistration.Status.CANCELLED:
        return 0
    address = (EmailAddress.objects.filter(email__iexact=registration.email, verified=True)
               .select_related("user").first())
    if address is None or not address.user.is_active:
        return 0
    return len(award(Event.EVENT_REGISTERED, member_for(address.user), source=registration))


@shared_task(acks_late=True)
def reverse_for_registration(registration_id: int) -> int:
    registration = EventRegistration.objects.filter(pk=registration_id).first()
    return len(reverse_awards(registration)) if registration is not None else 0


@shared_task(acks_late=True)
def drain_pending() -> int:
    """Work out the points that requests left in the pending list (rewards.pending)."""
    from .pending import drain

    return drain()


@shared_task(acks_late=True)
def expire_points() -> int:
    """Daily: what is left of awards past their rule's days expires (idempotent: one expiry per award)."""
    return expire_due()


OUTPUT_KINDS = ("project_output", "event_report")


@shared_task(acks_late=True)
def award_for_output(post_id: int) -> int:
    """Points to the author of a published event report or project output, once per post."""
    post = PostPage.objects.live().filter(pk=post_id, kind__in=OUTPUT_KINDS).select_related("author").first()
    if post is None or post.author is None or not post.author.is_active:
        return 0
    return len(award(Event.OUTPUT_FILED, member_for(post.author), source=post))


@shared_task(acks_late=True)
def reverse_for_output(post_id: int) -> int:
    post = PostPage.objects.filter(pk=post_id).first()
    if post is None or (post.live and post.kind in OUTPUT_KINDS):
        return 0
    return len(reverse_awards(post, event=Event.OUTPUT_FILED))


@shared_task(acks_late=True)
def award_for_wizard(response_id: int, user_id: int) -> int:
    """Points for completing a wizard, once per wizard per member (its response may be any)."""
    response = Response.objects.filter(pk=response_id, status=ResponseStatus.COMPLETED).select_related(
        "wizard").first()
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if response is None or user is None:
        return 0
    return len(award(Event.WIZARD_COMPLETED, member_for(user), source=response.wizard))


@shared_task(acks_late=True)
def award_for_reading(page_id: int, user_id: int) -> int:
    """Points for reading a pillar page to the end, once per page per member."""
    page = ArticlePage.objects.live().filter(pk=page_id, is_pillar=True).first()
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if page is None or user is None:
        return 0
    return len(award(Event.PILLAR_READ, member_for(user), source=page))


@shared_task(acks_late=True)
def award_for_advocacy(contribution_id: int) -> int:
    """Points for defending or recommending us, once per contribution (listening finds them)."""
    contribution = Contribution.objects.select_related("member").filter(
        pk=contribution_id, kind__in=["defence", "recommendation"], member__isnull=False).first()
    if contribution is None or contribution.member.left_at is not None:
        return 0
    return len(award(Event.ADVOCACY, contribution.member, source=contribution, at=contribution.at))


@shared_task(acks_late=True)
def award_for_referral(referral_id: int) -> int:
    """Points to the referrer once the person they invited has a verified address."""
    referral = Referral.objects.select_related("referrer", "referred__user").filter(pk=referral_id).first()
    if referral is None or referral.referred.left_at is not None:
        return 0
    if not EmailAddress.objects.filter(user=referral.referred.user, verified=True).exists():
        return 0
    return len(award(Event.REFERRAL_VERIFIED, referral.referrer, source=referral, actor=referral.referred))
