"""The one error type of the community rules, so that views and the API answer alike."""
from __future__ import annotations


class CommunityError(ValueError):
    """A rule was broken: a French message, the input to point at, and the HTTP status to answer."""

    def __init__(self, message: str, field: str | None = None, status: int = 422) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.status = status
