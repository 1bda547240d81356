"""What listening tells other apps (sent once the transaction that recorded it has committed)."""

from django.dispatch import Signal

advocacy_recorded = Signal()  # contribution: a member or outside author did something for us (advocacy)
