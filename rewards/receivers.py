"""What the conversation and the events report, turned into points (and taken back when it goes away).

The community sends its signals once its transaction has committed; the points are worked out by
tasks (rewards.tasks), batched a few seconds after (rewards.pending), so a comment's request does not
wait for them and a failure never undoes it."""

from __future__ import annotations

from cms import signals as cms_signals
from community import signals

from . import pending
from .models import Event


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


def event_registered(sender, registration, **kwargs) -> None:
    pending.add("award_for_registration", registration.pk)


def registration_cancelled(sender, registration, **kwargs) -> None:
    pending.add("reverse_for_registration", registration.pk)


def connect() -> None:
    cms_signals.event_registered.connect(event_registered, dispatch_uid="rewards.event_registered")
    cms_signals.registration_cancelled.connect(registration_cancelled, dispatch_uid="rewards.registration_cancelled")
    for signal, receiver in ((signals.comment_shown, comment_shown), (signals.comment_removed, comment_removed),
                             (signals.answer_accepted, answer_accepted),
                             (signals.answer_unaccepted, answer_unaccepted),
                             (signals.reaction_added, reaction_added), (signals.reaction_removed, reaction_removed)):
        signal.connect(receiver, dispatch_uid=f"rewards.{receiver.__name__}")
