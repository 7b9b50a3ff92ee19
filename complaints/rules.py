"""What the case's table (workflows.py) and its pages ask of a case beyond its status: reads
only, shared by the table, the services and the selectors."""

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from efficiency_center.decisions import Decision
from efficiency_center.scoring import ScoreKind, entries_for_cause

from .models import (
    DISSATISFIED_LEVELS,
    FINDINGS_NEEDING_LEADER,
    OPEN_STATUSES,
    Complaint,
    Finding,
    FollowUp,
    Status,
    TypicalCase,
)

# Statuses of a case whose conclusion took effect (and was not reopened since).
CONCLUDED_STATUSES = (Status.CONCLUDED, Status.ANSWERED, Status.CLOSED)
# Open statuses in which the center holds the case and its closing deadline governs.
CENTER_HELD_STATUSES = tuple(
    s for s in OPEN_STATUSES if s not in (Status.REGISTERED, Status.FORWARDED)
)
# The statuses in which the deadline that governs a case may be extended.
EXTENDABLE_STATUSES = (Status.FORWARDED, *CENTER_HELD_STATUSES)
# The statuses the complainant may ask a re-examination (复核) from.
ANSWERED_STATUSES = (Status.ANSWERED, Status.CLOSED)

KIND_FOR_FINDING = {
    Finding.TRUE: ScoreKind.COMPLAINT_TRUE,
    Finding.PARTLY_TRUE: ScoreKind.COMPLAINT_PARTLY_TRUE,
}


def is_found_true(complaint):
    """Found (partly) true, approved by a leader, and not reopened since."""
    return (
        complaint.finding in FINDINGS_NEEDING_LEADER
        and complaint.conclusion_approved_by_id is not None
        and complaint.status in CONCLUDED_STATUSES
        and complaint.department_id is not None
    )


def active_deduction(complaint):
    """The case's deduction in force: recorded for a finding and not reversed since."""
    return (
        entries_for_cause(complaint)
        .filter(kind__in=KIND_FOR_FINDING.values(), reversed_by__isnull=True)
        .order_by("-created_at", "-id")
        .first()
    )


def has_notice(complaint):
    from efficiency_center.notices import PublicNotice

    return PublicNotice.objects.filter(
        cause_type=ContentType.objects.get_for_model(Complaint), cause_id=complaint.pk
    ).exists()


def has_typical_case(complaint):
    return TypicalCase.objects.filter(complaint=complaint).exists()


def is_very_overdue(complaint, today=None):
    today = today or timezone.localdate()
    return (
        complaint.is_open
        and complaint.very_overdue_on is not None
        and today >= complaint.very_overdue_on
    )


def overdue_notice_taken(complaint):
    """A supervision notice of the case waits for a leader or was issued (one per case)."""
    return complaint.overdue_notices.exclude(decision=Decision.REFUSED).exists()


def extension_taken(complaint):
    """The case was extended, or a request waits for a leader (a case is extended once)."""
    return complaint.extensions.filter(decision__in=(Decision.PENDING, Decision.APPROVED)).exists()


def decline_open(complaint, today):
    """The unit may still return the case as not its own (until decline_due, inclusive)."""
    return complaint.decline_due is not None and today <= complaint.decline_due


# --- the complainant's side --------------------------------------------------------------------


def followed_up_since_answer(complaint):
    """A follow-up counts for closing when recorded on or after the day of the (last) answer."""
    if complaint.answered_on is None:
        return False
    return complaint.follow_ups.filter(created_at__date__gte=complaint.answered_on).exists()


def latest_follow_up(complaint):
    return FollowUp.objects.filter(complaint=complaint).order_by("-created_at", "-id").first()


def is_dissatisfied(follow_up):
    return follow_up is not None and follow_up.satisfaction in DISSATISFIED_LEVELS


def followed_case(complaint):
    """The case whose progress the complainant follows: a merged case follows its main case."""
    main, hops = complaint, 0
    while main.status == Status.MERGED and main.merged_into_id and hops < 5:
        main, hops = main.merged_into, hops + 1
    return main


def may_add_information(complaint):
    return complaint.is_open or (
        complaint.status == Status.MERGED and followed_case(complaint).is_open
    )


def may_rate(complaint):
    return complaint.status in ANSWERED_STATUSES


def rated_since_answer(complaint):
    """The complainant's own rating of the current answer (None if not given yet)."""
    ratings = FollowUp.objects.filter(complaint=complaint, recorded_by__isnull=True)
    if complaint.reexam_requested_at:
        ratings = ratings.filter(created_at__gte=complaint.reexam_requested_at)
    return ratings.order_by("-created_at", "-id").first()
