from __future__ import annotations


class RewardsError(Exception):
    """A refusal the person can act on: ``field`` names the input at fault (None: the request as a
    whole), ``message`` is in the user's language, ``status`` is the HTTP answer."""

    def __init__(self, field: str | None, message, status: int = 400):
        super().__init__(str(message))
        self.field, self.message, self.status = field, str(message), status
