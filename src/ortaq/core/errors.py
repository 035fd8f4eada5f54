"""Errors that services raise for a person to read."""


class DomainError(Exception):
    """Refuse a request with a translated message that is safe to show to the person who made it.

    Views turn it into a form error or a message; the API into ``{"detail": message}`` with
    ``status`` as the HTTP status code.
    """

    status = 400

    def __init__(self, message: str, *, code: str = "invalid") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


class NotAllowed(DomainError):
    """Refuse an action the acting person may not take."""

    status = 403

    def __init__(self, message: str, *, code: str = "forbidden") -> None:
        super().__init__(message, code=code)
