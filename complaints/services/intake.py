"""Intake: filing on the public site, the clerk's registration of the other channels, and the
query page's lookup of a case by its code (query_codes.py; the complainant's actions there are
in complainant.py).

The filing address is kept only as a keyed digest (throttle.digest). Nothing here ever puts the
complainant's identity into a notification, an audit entry or an error message.

Decisions where the issue was silent (relied on by tests/complaints/test_intake.py):
- The campaign of a new case is the one of this year, else the running one.
- The case number is TS<year>-<5 digits>, the next after the highest of the year, taken under a
  row lock on the campaign (two filings at once never get the same number).
- A clerk-registered real-name case needs a name and a phone or an address (a letter may
  give no phone); the public form needs a name and a phone.
"""

import re

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models.functions import Length
from django.utils import timezone
from django.utils.translation import gettext as _

from efficiency_center import throttle
from efficiency_center.accounts import clerks, system_user
from efficiency_center.audit import AuditEvent, audit
from efficiency_center.models import Campaign
from efficiency_center.notifications import notify
from efficiency_center.review import record_state_change
from efficiency_center.uploads import attach

from .. import deadlines
from ..models import (
    DESCRIPTION_MAX_CHARS,
    Channel,
    Complainant,
    Complaint,
    Status,
)
from ..query_codes import code_digest, new_query_code, normalize_code
from ..workflow import ComplaintError

FILE_SCOPE = "complaint_file"
FILE_LIMIT_PER_HOUR = 5
QUERY_SCOPE = "complaint_query"
QUERY_LIMIT_PER_HOUR = 10

NUMBER_PREFIX = "TS"
NUMBER_DIGITS = 5
AUDIT_ACTION = AuditEvent.Action.COMPLAINT_FILED
MAX_EVIDENCE_FILES = 5

# Chinese mobile, or landline with area code (optional hyphen) and an optional extension.
MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE_RE = re.compile(r"^0\d{2,3}-?\d{7,8}(?:(?:-|转|#)\d{1,6})?$")
# What a mobile may be written with: +86, spaces, hyphens.
_PHONE_NOISE = re.compile(r"[\s()（）]")


class TooManyAttempts(ComplaintError):
    """The address reached its limit for the hour; nothing was done."""


# --- validation shared with the forms ----------------------------------------------------------


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


def _check(data, *, today, by_clerk):
    """The domain rules of a filing, again: the service is the only writer and trusts no caller."""
    errors = {}
    for field, check in (
        ("description", validate_description),
        ("occurred_on", lambda v: validate_occurred_on(v, today)),
    ):
        try:
            data[field] = check(data.get(field))
        except ValidationError as exc:
            errors[field] = exc
    if data.get("is_anonymous"):
        data["name"] = data["phone"] = data["address"] = ""
    else:
        data["name"] = (data.get("name") or "").strip()
        if not data["name"]:
            errors["name"] = ValidationError(_("Please give your name, or file anonymously."))
        phone = (data.get("phone") or "").strip()
        if phone:
            try:
                data["phone"] = validate_phone(phone)
            except ValidationError as exc:
                errors["phone"] = exc
        elif not (by_clerk and (data.get("address") or "").strip()):
            errors["phone"] = ValidationError(
                _("Please give a phone number so that the center can call you back."),
                code="required",
            )
    if errors:
        raise ValidationError(errors)
    return data


# --- filing ------------------------------------------------------------------------------------


def campaign_for(today):
    campaign = Campaign.objects.filter(year=today.year).first() or Campaign.objects.running()
    if campaign is None:
        raise ComplaintError(_("Complaints cannot be filed now: no campaign is set up."))
    return campaign


def _next_number(campaign):
    """The next TS<year>-nnnnn of the campaign's year; call with the campaign row locked."""
    prefix = f"{NUMBER_PREFIX}{campaign.year}-"
    last = (
        Complaint.objects.filter(number__regex=rf"^{prefix}[0-9]+$")
        .annotate(length=Length("number"))
        .order_by("-length", "-number")
        .values_list("number", flat=True)
        .first()
    )
    sequence = int(last[len(prefix) :]) + 1 if last else 1
    return f"{prefix}{sequence:0{NUMBER_DIGITS}d}"


def _register(*, data, evidence, channel, registered_by, address_digest="", today):
    data = _check(dict(data), today=today, by_clerk=channel != Channel.WEB)
    # The row lock serialises the numbering of the campaign's year.
    campaign = Campaign.objects.select_for_update().get(pk=campaign_for(today).pk)
    complaint = Complaint.objects.create(
        campaign=campaign,
        number=_next_number(campaign),
        channel=channel,
        kind=data["kind"],
        department=data.get("department"),
        description=data["description"],
        occurred_on=data.get("occurred_on"),
        place=(data.get("place") or "").strip(),
        is_anonymous=bool(data.get("is_anonymous")),
        status=Status.REGISTERED,
        registered_by=registered_by,
        acceptance_due=deadlines.acceptance_due(campaign, today),
    )
    code = _new_complainant(complaint, data, address_digest)
    for uploaded, sealed in evidence or ():
        if uploaded:
            attach(complaint, uploaded, user=registered_by, sealed=bool(sealed))
    record_state_change(
        complaint, action="register", from_state="", to_state=Status.REGISTERED, actor=registered_by
    )
    audit(
        registered_by,
        AUDIT_ACTION,
        complaint.number,
        detail=f"channel={channel} kind={complaint.kind} anonymous={complaint.is_anonymous}",
    )
    unit = complaint.department.name if complaint.department_id else _("unit not known")
    notify(
        clerks(),
        _("New complaint %(number)s (%(kind)s, %(unit)s) awaits acceptance by %(due)s.")
        % {
            "number": complaint.number,
            "kind": complaint.get_kind_display(),
            "unit": unit,
            "due": complaint.acceptance_due.isoformat(),
        },
        complaint,
        url=complaint.get_absolute_url(),
    )
    return complaint, code


def _new_complainant(complaint, data, address_digest):
    """Store the sealed identity with a fresh code's digest; return the code (never stored)."""
    for _attempt in range(5):
        code = new_query_code()
        try:
            with transaction.atomic():
                Complainant.objects.create(
                    complaint=complaint,
                    name=data["name"],
                    phone=data["phone"],
                    address=(data.get("address") or "").strip(),
                    query_code_digest=code_digest(code),
                    address_digest=address_digest,
                )
        except IntegrityError:  # 31^12 codes: a clash is next to impossible, but not quite
            continue
        return code
    raise ComplaintError(_("The case could not be registered; please try again."))


@transaction.atomic
def complaint_file(*, data, evidence=(), address, today=None):
    """A visitor files a complaint on the public site. Returns (complaint, query code).

    Refused (TooManyAttempts, nothing stored) once the address filed FILE_LIMIT_PER_HOUR
    complaints in the last hour."""
    today = today or timezone.localdate()
    if throttle.exceeded(FILE_SCOPE, address, limit=FILE_LIMIT_PER_HOUR):
        raise TooManyAttempts(
            _(
                "%(max)s complaints were filed from your network in the last hour, the most we "
                "accept. Please try again later, or call the center's complaint hotline."
            )
            % {"max": FILE_LIMIT_PER_HOUR}
        )
    complaint, code = _register(
        data=data,
        evidence=evidence,
        channel=Channel.WEB,
        registered_by=system_user(),
        address_digest=throttle.digest(address),
        today=today,
    )
    throttle.hit(FILE_SCOPE, address)
    return complaint, code


@transaction.atomic
def complaint_register(*, user, data, evidence=(), today=None):
    """A clerk registers a complaint that came by another channel. Returns (complaint, code)."""
    if user.role != user.Role.CLERK:
        raise ComplaintError(_("Only the center's clerks register complaints."))
    channel = data.get("channel")
    if channel not in Channel.values or channel == Channel.WEB:
        raise ValidationError({"channel": _("Please choose how the complaint came in.")})
    return _register(
        data=data,
        evidence=evidence,
        channel=channel,
        registered_by=user,
        today=today or timezone.localdate(),
    )


# --- the query page ----------------------------------------------------------------------------


def wrong_code_message():
    return _("This query code is not correct or does not exist. Please check it and try again.")


def complaint_for_code(*, code, address):
    """The case whose query code is `code`, for the query page. Every try counts against the
    address (QUERY_LIMIT_PER_HOUR an hour); past it, even a right code is refused.

    Raises TooManyAttempts, or ComplaintError with the same message for a wrong code and for one
    that does not exist. Not atomic on purpose: the try is counted even when it fails."""
    if throttle.exceeded(QUERY_SCOPE, address, limit=QUERY_LIMIT_PER_HOUR):
        raise TooManyAttempts(
            _(
                "Too many query codes were tried from your network in the last hour. Please "
                "try again in an hour, or call the center."
            )
        )
    throttle.hit(QUERY_SCOPE, address)
    raw = normalize_code(code)
    complaint = (
        Complaint.objects.filter(complainant__query_code_digest=code_digest(raw)).first()
        if raw
        else None
    )
    if complaint is None:
        raise ComplaintError(wrong_code_message())
    return complaint
