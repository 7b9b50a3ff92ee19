"""What a complaint's text, date and phone must be: checked by the forms (next to the field)
and again by the intake service, the only writer."""

import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from efficiency_center.workdays import is_workday

from .models import DESCRIPTION_MAX_CHARS

# Chinese mobile, or landline with area code (optional hyphen) and an optional extension.
MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE_RE = re.compile(r"^0\d{2,3}-?\d{7,8}(?:(?:-|转|#)\d{1,6})?$")
# What a mobile may be written with: +86, spaces, hyphens.
_PHONE_NOISE = re.compile(r"[\s()（）]")


def normalize_phone(value):
    value = _PHONE_NOISE.sub("", str(value or ""))
    if value.startswith("+86"):
        value = value[3:].lstrip("-")
    return value


def validate_phone(value):
    """Return the phone as stored, or raise ValidationError (a Chinese mobile or landline)."""
    phone = normalize_phone(value)
    if MOBILE_RE.match(phone) or LANDLINE_RE.match(phone):
        return phone
    raise ValidationError(
        _(
            "Please give a mobile number (11 digits, e.g. 13912345678) or a landline with its "
            "area code (e.g. 0517-86881234)."
        ),
        code="bad_phone",
    )


def validate_description(value):
    value = (value or "").strip()
    if not value:
        raise ValidationError(_("Please describe what happened."), code="required")
    if len(value) > DESCRIPTION_MAX_CHARS:
        raise ValidationError(
            _("At most %(max)s characters, please (you wrote %(count)s).")
            % {"max": DESCRIPTION_MAX_CHARS, "count": len(value)},
            code="too_long",
        )
    return value


def validate_occurred_on(value, today=None):
    if value and value > (today or timezone.localdate()):
        raise ValidationError(_("This date is in the future."), code="future")
    return value


def check_reply_due(day, *, today=None):
    """A reply deadline the clerk chooses must be a working day, today or later."""
    today = today or timezone.localdate()
    if day < today:
        raise ValidationError(_("The reply deadline cannot be in the past."), code="past")
    if not is_workday(day):
        raise ValidationError(_("The reply deadline must be a working day."), code="not_workday")
    return day
