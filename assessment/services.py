"""Every write of the assessment: one function per user action, atomic.

The ledger itself is written only by efficiency_center.scoring (record_score, reverse_score);
these services check who may act and what the campaign allows, and record the audit and the
notifications around it.
"""

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from efficiency_center.accounts import center_users, unit_users
from efficiency_center.audit import AuditEvent, audit
from efficiency_center.errors import DomainError, Invalid, StaleVersionError
from efficiency_center.models import Campaign, User
from efficiency_center.notifications import notify
from efficiency_center.permissions import require_role
from efficiency_center.scoring import ScoreEntry, ScoreKind, reverse_score
from efficiency_center.workflow import record_created, step

from .checks import Check, Rating
from .models import FINDING_MAX_CHARS, CheckFinding
from .workflows import refuse_if_closed

Role = User.Role
REASON_MAX_CHARS = ScoreEntry._meta.get_field("note").max_length
AUDIT_CLOSE = AuditEvent.Action.ASSESSMENT_CLOSE
AUDIT_REVERSE = AuditEvent.Action.ASSESSMENT_REVERSE


def _require_leader(user):
    require_role(user, Role.LEADER, message=_("Only a center leader may do this."))


def _unit_url(department, campaign):
    return reverse("assessment:unit", args=[department.code]) + f"?year={campaign.year}"


@transaction.atomic
def assessment_entry_reverse(*, entry, user, reason, at=None):
    """A leader cancels a ledger entry before the assessment closes, with a reason: a
    reversing entry (scoring.reverse_score); the unit is told."""
    at = at or timezone.now()
    _require_leader(user)
    reason = (reason or "").strip()
    if not reason:
        raise Invalid({"reason": _("Say why the entry is corrected.")}, code="empty_reason")
    if len(reason) > REASON_MAX_CHARS:
        raise Invalid(
            {"reason": _("Keep the reason to %(max)s characters.") % {"max": REASON_MAX_CHARS}},
            code="long_reason",
        )
    if entry.kind == ScoreKind.REVERSAL:
        raise DomainError(_("A correction cannot itself be reversed."))
    # Refused (AssessmentClosedError) under the campaign's row lock when closed.
    reversal = reverse_score(entry, recorded_by=user, note=reason, at=at)
    campaign = entry.campaign
    audit(
        user,
        AUDIT_REVERSE,
        target=f"score entry {entry.pk}",
        detail=f"{campaign.year} {entry.department.code} {entry.kind} {entry.points:+} → "
        f"{reversal.points:+}: {reason}",
        at=at,
    )
    notify(
        unit_users(entry.department_id),
        _("%(year)s assessment: the entry “%(entry)s” was corrected by a leader: %(reason)s")
        % {"year": campaign.year, "entry": entry, "reason": reason},
        url=_unit_url(entry.department, campaign),
        at=at,
    )
    return reversal


@transaction.atomic
def assessment_close(*, campaign, user, at=None):
    """A leader closes the campaign's assessment: from now on the ledger takes nothing for it
    (scoring refuses), so that every action that would record a score is refused with the
    ledger's message. Under the campaign's row lock, so that no entry slips in meanwhile."""
    at = at or timezone.now()
    _require_leader(user)
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.assessment_is_closed:
        raise DomainError(
            _("The %(year)s assessment was already closed on %(date)s by %(leader)s.")
            % {
                "year": campaign.year,
                "date": timezone.localtime(campaign.assessment_closed_at).strftime(
                    "%Y-%m-%d %H:%M"
                ),
                "leader": campaign.assessment_closed_by,
            }
        )
    campaign.assessment_closed_at = at
    campaign.assessment_closed_by = user
    campaign.save(update_fields=["assessment_closed_at", "assessment_closed_by"])
    audit(user, AUDIT_CLOSE, target=f"campaign {campaign.year}", detail=str(campaign), at=at)
    recipients = [u for u in center_users(Role.CLERK) + center_users(Role.LEADER) if u != user]
    notify(
        recipients,
        _("The %(year)s assessment was closed by %(leader)s: the ledger takes no more entries.")
        % {"year": campaign.year, "leader": user},
        url=reverse("assessment:table") + f"?year={campaign.year}",
        at=at,
    )
    return campaign


# --- the clerk's findings of the eight checks (八查八看) -----------------------------------------


def _finding_input(check, text, rating):
    if check not in Check.values:
        raise Invalid({"check": _("Choose one of the eight checks.")}, code="unknown_check")
    text = (text or "").strip()
    if not text:
        raise Invalid({"text": _("Write the finding.")}, code="empty_finding")
    if len(text) > FINDING_MAX_CHARS:
        raise Invalid(
            {"text": _("Keep the finding to %(max)s characters.") % {"max": FINDING_MAX_CHARS}},
            code="long_finding",
        )
    rating = rating or ""
    if rating and rating not in Rating.values:
        raise Invalid({"rating": _("Choose a rating from the list.")}, code="unknown_rating")
    return text, rating


@transaction.atomic
def check_finding_save(
    *, campaign, department, check, user, text, rating="", expected_version=None, at=None
):
    """A clerk writes or changes the finding and rating of one check (八查八看) of a unit's year.

    The first save creates the draft (`expected_version` None); later ones are the table's
    "save" step on the version the page was opened on: the history keeps the old and new
    values. A page opened before someone else wrote or changed it gets StaleVersionError; a
    final finding is reopened first; nothing changes once the assessment is closed."""
    at = at or timezone.now()
    require_role(user, Role.CLERK, message=_("Only the center's clerks write these findings."))
    text, rating = _finding_input(check, text, rating)
    campaign = _campaign_locked(campaign.pk)
    finding = (
        CheckFinding.objects.select_related("campaign", "department")
        .filter(campaign=campaign, department=department, item=check)
        .first()
    )
    if finding is not None:
        if expected_version is None:  # written by someone else since the page was opened
            raise StaleVersionError()
        finding.campaign = campaign
        step(
            finding,
            "save",
            actor=user,
            expected_version=expected_version,
            at=at,
            text=text,
            rating=rating,
            updated_by=user,
        )
        return finding
    if expected_version is not None:
        raise StaleVersionError()
    refuse_if_closed(campaign)
    try:
        with transaction.atomic():
            finding = CheckFinding.objects.create(
                campaign=campaign,
                department=department,
                item=check,
                text=text,
                rating=rating,
                written_by=user,
                written_at=at,
                updated_by=user,
                updated_at=at,
            )
    except IntegrityError:  # another clerk's first save won the race
        raise StaleVersionError() from None
    record_created(finding, actor=user, at=at)
    return finding


def check_finding_step(*, finding, user, action, expected_version, comment="", at=None):
    """A clerk marks a finding final (the unit reads it from then on) or reopens it, with a
    reason (the table: assessment/workflows.py)."""
    if action == "save":  # the form's own service, with the text and rating
        raise DomainError(_("This is not possible now."))
    with transaction.atomic():
        finding.campaign = _campaign_locked(finding.campaign_id)
        return step(
            finding, action, actor=user, expected_version=expected_version, comment=comment, at=at
        )


def _campaign_locked(pk):
    """The campaign as it is now, its row held against a leader closing the assessment
    meanwhile (assessment_close locks it too) until the caller's commit."""
    return Campaign.objects.select_for_update(no_key=True).get(pk=pk)
