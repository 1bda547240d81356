"""Signals the wizard sends, after the commit.

``wizard_completed`` (``response=``, ``user=``): a signed-in person completed a wizard (rewards
counts it); anonymous completions are not announced."""

from django.dispatch import Signal

wizard_completed = Signal()
