"""The one family of refusals every service raises.

A `DomainError` carries what the user reads (Chinese, through gettext), the form field it is
about where it has one, and the HTTP status the page answers with. Views never catch it one by
one: `shortcuts.attempt` puts it on the form being submitted, and `middleware.DomainErrorMiddleware`
turns any other into a message (or the 403/404 page), so that no refusal ever reaches a user as
a server error.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """A request the rules refuse; nothing was changed.

    `message` is a text, or a {field: text} mapping for refusals about several fields."""

    status = 400

    def __init__(self, message, *, field=None, code=None):
        if isinstance(message, dict):
            self.errors = {name: [str(text)] for name, text in message.items()}
            message = " ".join(str(text) for text in message.values())
        else:
            self.errors = {field: [str(message)]}
        self.message = str(message)
        self.field = field
        self.code = code
        super().__init__(self.message)

    def __str__(self):
        return self.message

    @property
    def messages(self):
        return [text for texts in self.errors.values() for text in texts]

    @classmethod
    def from_validation(cls, exc):
        """A Django ValidationError raised inside a service (an upload check, a model's
        constraint) as a refusal with its fields."""
        if hasattr(exc, "error_dict"):
            error = cls(" ".join(exc.messages))
            error.errors = {
                (None if name == "__all__" else name): list(ValidationError(errors).messages)
                for name, errors in exc.error_dict.items()
            }
            return error
        return cls(" ".join(exc.messages))


class Invalid(DomainError):
    """Input the rules refuse: shown next to its field."""


class Forbidden(DomainError):
    """The user may not take this action on this record."""

    status = 403


class NotFound(DomainError):
    status = 404


class StaleVersionError(DomainError):
    """Someone else changed the record after the page was opened: nothing was saved."""

    status = 409

    def __init__(self, message=None, **kwargs):
        super().__init__(
            message
            or _(
                "Someone else saved this document after you opened it. Your changes were not "
                "saved; reload the page to see the current version, then apply them again."
            ),
            **kwargs,
        )


def as_domain_error(exc):
    """`exc` as a DomainError, or None when it is not a refusal."""
    if isinstance(exc, DomainError):
        return exc
    if isinstance(exc, ValidationError):
        return DomainError.from_validation(exc)
    return None
