"""Domain errors: services raise them, views turn them into clear messages."""

from django.utils.translation import gettext


class DomainError(Exception):
    """A business rule refused the action. The message is safe to show to the user."""

    def __init__(self, message: str, *, code: str = "invalid"):
        super().__init__(message)
        self.message = message
        self.code = code


class PermissionDenied(DomainError):
    """The acting user may not do this to this object."""

    def __init__(self, message: str = "", *, code: str = "forbidden"):
        super().__init__(message or gettext("You are not allowed to do that."), code=code)


class InvalidTransition(DomainError):
    """The object is not in a state that allows this action."""
