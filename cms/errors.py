"""Errors every app raises for input a person must fix, so the site and the API answer them alike."""


class InputError(ValueError):
    """Input the person must fix; the message is in their language and names the field."""

    def __init__(self, field: str | None, message: str):
        super().__init__(message)
        self.field = field
        self.message = message
