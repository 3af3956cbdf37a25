"""Domain errors raised by services; views turn them into messages or status codes."""


class ServiceError(Exception):
    """Base class; `message` is shown to the person as it is, by `field` when there is one."""

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


class IdNumberError(ServiceError):
    """An ID number that is not a valid GB 11643 number; the message says what is wrong."""


class UploadError(ServiceError):
    """A file that cannot be kept: wrong type, too big, empty or cut off."""


class NotFound(ServiceError):
    """Nothing this person may see by that id (answered as 404, never telling whether it exists)."""


class NotAllowed(ServiceError):
    """Something this person may see but not change (answered as 403)."""


class NotTrainee(ServiceError):
    """该人员不是就业见习人员: `application` is the person's current one (None when there is none)."""

    def __init__(self, message: str, application=None):
        super().__init__(message)
        self.application = application


class FavoritesFull(ServiceError):
    """最多收藏三个岗位: `favorites` are the three, so one can be removed."""

    def __init__(self, message: str, favorites):
        super().__init__(message)
        self.favorites = favorites


class UnreadableFile(ServiceError):
    """An uploaded spreadsheet that cannot be read as a whole (encoding, columns, size)."""


class NotEligible(ServiceError):
    """The person does not qualify; `advice` says what they can do instead."""

    def __init__(self, message: str, advice: str):
        super().__init__(message)
        self.advice = advice


class FieldProblems(ServiceError):
    """Every field of a form that needs fixing, by field name (`errors`); `message` is the first."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(next(iter(errors.values())), field=next(iter(errors)))
        self.errors = errors
