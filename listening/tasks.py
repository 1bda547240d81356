"""Scheduled gathering: idempotent (a mention is stored once), so a missed or doubled run changes nothing."""

from __future__ import annotations

from celery import shared_task

from .actions import collect_community, pull_feeds


@shared_task
def collect() -> int:
    return collect_community()


@shared_task
def pull() -> int:
    return pull_feeds()
