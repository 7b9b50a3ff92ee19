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
- The demo county's two cases whose query codes the README prints are registered with those
  codes (`complaint_register_with_code`); no page calls it: a code is always drawn at random.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models.functions import Length
from django.utils import timezone
from django.utils.translation import gettext as _

from efficiency_center import throttle
from efficiency_center.accounts import clerks, system_user
from efficiency_center.audit import AuditEvent, audit
from efficiency_center.errors import DomainError, Invalid
from efficiency_center.models import Campaign, User
from efficiency_center.notifications import notify
from efficiency_center.permissions import require_role
from efficiency_center.uploads import attach
from efficiency_center.workflow import record_history

from .. import deadlines
from ..models import Channel, Complainant, Complaint, Status
from ..query_codes import code_digest, new_query_code, normalize_code
from ..validators import validate_description, validate_occurred_on, validate_phone

FILE_SCOPE = "complaint_file"
FILE_LIMIT_PER_HOUR = 5
QUERY_SCOPE = "complaint_query"
QUERY_LIMIT_PER_HOUR = 10

NUMBER_PREFIX = "TS"
NUMBER_DIGITS = 5
AUDIT_ACTION = AuditEvent.Action.COMPLAINT_FILED
MAX_EVIDENCE_FILES = 5


class TooManyAttempts(DomainError):
    """The address reached its limit for the hour; nothing was done."""

    status = 429


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
            errors[field] = " ".join(exc.messages)
    if data.get("is_anonymous"):
        data["name"] = data["phone"] = data["address"] = ""
    else:
        data["name"] = (data.get("name") or "").strip()
        if not data["name"]:
            errors["name"] = _("Please give your name, or file anonymously.")
        phone = (data.get("phone") or "").strip()
        if phone:
            try:
                data["phone"] = validate_phone(phone)
            except ValidationError as exc:
                errors["phone"] = " ".join(exc.messages)
        elif not (by_clerk and (data.get("address") or "").strip()):
            errors["phone"] = _("Please give a phone number so that the center can call you back.")
    if errors:
        raise Invalid(errors)
    return data


# --- filing ------------------------------------------------------------------------------------


def campaign_for(today):
    campaign = Campaign.objects.filter(year=today.year).first() or Campaign.objects.running()
    if campaign is None:
        raise DomainError(_("Complaints cannot be filed now: no campaign is set up."))
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


def _register(*, data, evidence, channel, registered_by, at, address_digest="", code=None):
    today = timezone.localdate(at)
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
        filed_at=at,
        acceptance_due=deadlines.acceptance_due(campaign, today),
    )
    code = _new_complainant(complaint, data, address_digest, code)
    for uploaded, sealed in evidence or ():
        if uploaded:
            attach(complaint, uploaded, user=registered_by, sealed=bool(sealed), at=at)
    record_history(complaint, action="register", actor=registered_by, at=at)
    audit(
        registered_by,
        AUDIT_ACTION,
        complaint.number,
        detail=f"channel={channel} kind={complaint.kind} anonymous={complaint.is_anonymous}",
        at=at,
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
        at=at,
    )
    return complaint, code


def _new_complainant(complaint, data, address_digest, code=None):
    """Store the sealed identity with a fresh code's digest (or `code`'s); return the code
    (never stored)."""
    for _attempt in range(1 if code else 5):
        code = code or new_query_code()
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
            code = None
            continue
        return code
    raise DomainError(_("The case could not be registered; please try again."))


@transaction.atomic
def complaint_file(*, data, evidence=(), address, at=None):
    """A visitor files a complaint on the public site. Returns (complaint, query code).

    Refused (TooManyAttempts, nothing stored) once the address filed FILE_LIMIT_PER_HOUR
    complaints in the last hour."""
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
        at=at or timezone.now(),
    )
    throttle.hit(FILE_SCOPE, address)
    return complaint, code


@transaction.atomic
def complaint_register(*, user, data, evidence=(), at=None):
    """A clerk registers a complaint that came by another channel. Returns (complaint, code)."""
    return _register_by_clerk(user=user, data=data, evidence=evidence, at=at)


def _register_by_clerk(*, user, data, evidence, at, code=None):
    require_role(user, User.Role.CLERK, message=_("Only the center's clerks register complaints."))
    channel = data.get("channel")
    if channel not in Channel.values or channel == Channel.WEB:
        raise Invalid({"channel": _("Please choose how the complaint came in.")})
    return _register(
        data=data,
        evidence=evidence,
        channel=channel,
        registered_by=user,
        at=at or timezone.now(),
        code=code,
    )


@transaction.atomic
def complaint_register_with_code(*, user, data, code, at=None):
    """complaint_register with a query code given rather than drawn: for the demo county's
    cases whose codes the README prints. No page calls it."""
    if normalize_code(code) == "":
        raise Invalid({"code": wrong_code_message()})
    return _register_by_clerk(user=user, data=data, evidence=(), at=at, code=code)


# --- the query page ----------------------------------------------------------------------------


def wrong_code_message():
    return _("This query code is not correct or does not exist. Please check it and try again.")


def complaint_for_code(*, code, address):
    """The case whose query code is `code`, for the query page. Every try counts against the
    address (QUERY_LIMIT_PER_HOUR an hour); past it, even a right code is refused.

    Raises TooManyAttempts, or Invalid (on "code") with the same message for a wrong code and
    for one that does not exist. Not atomic on purpose: the try is counted even when it fails."""
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
        raise Invalid({"code": wrong_code_message()})
    return complaint
