"""The one error the community's rules raise, so the site and the API answer it alike."""

from __future__ import annotations

from cms.errors import InputError


class CommunityError(InputError):
    """Something a member asked that the community's rules do not allow; the message says why.

    ``status`` is what the API answers: 400 for input to fix, 403 for something this member may not
    do, 404 for something they may not see, 409 for a state that forbids it, 429 for too many at once.
    """

    def __init__(self, field: str | None, message: str, status: int = 400):
        super().__init__(field, message)
        self.status = status
