"""Run the nurture scheduler once (Celery beat runs it every minute), optionally moving the dev clock."""

import re
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError

from nurture import actions, clock

UNITS = {"m": "minutes", "h": "hours", "d": "days"}


def parse_span(text: str) -> timedelta:
    match = re.fullmatch(r"\s*(\d+)\s*([mhd])\s*", text or "")
    if not match:
        raise CommandError("Give a span like 30m, 6h or 2d.")
    return timedelta(**{UNITS[match.group(2)]: int(match.group(1))})


class Command(BaseCommand):
    help = "Record due nurture emails and queue them. --advance 2d first moves the development clock two days on."

    def add_arguments(self, parser):
        parser.add_argument("--advance", help="move the nurture clock on first (development only), e.g. 2d")
        parser.add_argument("--reset-clock", action="store_true", help="put the nurture clock back to real time")

    def handle(self, *args, advance=None, reset_clock=False, **options):
        if reset_clock:
            clock.reset()
        if advance:
            try:
                total = clock.advance(parse_span(advance))
            except RuntimeError as error:
                raise CommandError(str(error)) from error
            self.stdout.write(f"nurture clock: now + {total}")
        result = actions.tick()
        self.stdout.write(f"due and recorded: {result.created}, skipped: {result.skipped}, queued: {result.queued}, "
                          f"interrupted sends marked failed: {result.recovered}, "
                          f"sequences completed: {result.completed}")
