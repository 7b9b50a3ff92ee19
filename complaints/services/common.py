"""What the case's services share: the table's say on an action that leaves rows of its own,
and the check of a text the user wrote."""

from django.utils import timezone
from django.utils.translation import gettext as _

from efficiency_center.errors import DomainError, Invalid
from efficiency_center.workflow import dated, lock, workflow_for

from ..models import DESCRIPTION_MAX_CHARS


def case_permits(complaint, action, *, user, expected_version=None, at=None):
    """Refuse what the case's table refuses for `action`, an action that leaves rows of its own
    (a note, a measure, a follow-up, a request) rather than a step; with `expected_version`,
    under the case's row lock and its version check, as a step would be."""
    if expected_version is not None:
        lock(complaint, expected_version)
    workflow = workflow_for(complaint)
    try:
        with dated(at or timezone.now()):
            refusal = workflow.refusal(complaint, action, user)
            if refusal is not None:
                raise refusal
            check = workflow.action(action).check
            if check is not None:
                check(complaint, {})
    except DomainError as error:
        error.record = complaint  # the page to go back to (middleware.back_url)
        raise


def required_text(value, field, message):
    """`value` stripped; refused (next to `field`) when empty or longer than a case's text."""
    value = (value or "").strip()
    if not value:
        raise Invalid({field: message}, code="required")
    if len(value) > DESCRIPTION_MAX_CHARS:
        raise Invalid(
            {field: _("At most %(max)s characters, please.") % {"max": DESCRIPTION_MAX_CHARS}},
            code="too_long",
        )
    return value
