"""Scheduled gathering: idempotent (a mention is stored once), so a missed or doubled run changes nothing."""

from __future__ import annotations

from celery import shared_task

from .actions import (
    alert_overdue,
    collect_advocacy,
    collect_community,
    collect_site_forms,
    judge_mentions,
    nps,
    pull_feeds,
    train,
)


@shared_task
def collect() -> int:
    """The community's new comments and the site forms' new messages (the wizard's, landing pages'), then
    the advocacy among them."""
    return collect_community() + collect_site_forms() + collect_advocacy()


@shared_task
def pull() -> int:
    return pull_feeds()


@shared_task
def retrain() -> int | None:
    """Nightly: a new version from every label (used only if it beats the lexicon on held-out labels)."""
    made = train()
    return made.version if made else None


@shared_task
def overdue() -> int:
    """Every few minutes: each case past a due time alerts its team lead once."""
    return alert_overdue()


@shared_task
def judge_pending() -> int:
    """Mentions a large import stored are judged here, a thousand at a time; also a minutely sweep."""
    return judge_mentions()


@shared_task
def invite_nps() -> int:
    """Hourly: the NPS surveys that are due, each sent once."""
    return nps.invite_due()


@shared_task
def sweep_advocacy() -> int:
    """Nightly: advocacy among the last thirty days' mentions (the minutely pull reads the last hours)."""
    return collect_advocacy(sweep=True)
