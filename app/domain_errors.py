"""The one shape every service refusal takes, so views treat them all alike."""


class DomainError(Exception):
    """A refusal with a user-facing message, the form field it is about (if any) and an HTTP status."""

    def __init__(self, message, field: str | None = None, status: int = 409):
        super().__init__(str(message))
        self.message, self.field, self.status = message, field, status
