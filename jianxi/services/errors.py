"""Domain errors raised by services; views turn them into messages or status codes."""


class ServiceError(Exception):
    """Base class; `message` is shown to the person as it is."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class Conflict(ServiceError):
    """The request clashes with existing data (taken username, double submit …)."""


class Throttled(ServiceError):
    """Too many attempts; `until` says when to try again."""

    def __init__(self, message: str, until):
        super().__init__(message)
        self.until = until
