"""What the complainant sees on the query page: their case, never anything internal.

Nothing here reads the Complainant row, internal or unit notes, or who handled the case. A merged
case shows the progress of the case it was merged into, but only that case's public side: never
its complainant's own additions or files.
"""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from efficiency_center.accounts import SYSTEM_USERNAME
from efficiency_center.uploads import attachments_of
from efficiency_center.workflow import workflow_for

from ..models import CaseNote, Complaint, FollowUp, Status
from ..rules import followed_case, is_dissatisfied, may_add_information, may_rate

S = Status

# The status in the complainant's words (the Status labels are the clerks').
PLAIN_STATUS = {
    S.REGISTERED: _("Received, awaiting the center's decision to accept it"),
    S.NOT_ACCEPTED: _("Not accepted"),
    S.MERGED: _("Merged with an earlier complaint about the same matter"),
    S.ACCEPTED: _("Accepted, being handled"),
    S.DECLINED: _("Accepted, being handled"),
    S.FORWARDED: _("Forwarded to the unit concerned, which is handling it"),
    S.DIRECT: _("Being investigated by the center"),
    S.REPLIED: _("The center is checking the result of the handling"),
    S.CONCLUDING: _("The center is checking the result of the handling"),
    S.PROPOSED: _("The center is checking the result of the handling"),
    S.CONCLUDED: _("Concluded, the answer to you is being prepared"),
    S.ANSWERED: _("Answered"),
    S.CLOSED: _("Closed"),
}


def may_request_reexamination(complaint, latest):
    """The case's table allows the complainant's re-examination (reexamine: from its statuses,
    once) and `latest`, the case's latest follow-up, is dissatisfied (its check)."""
    reexamine = workflow_for(Complaint).action("reexamine")
    return (
        complaint.status in reexamine.sources
        and reexamine.when(complaint)
        and is_dissatisfied(latest)
    )


def plain_status(complaint):
    return PLAIN_STATUS.get(complaint.status, complaint.get_status_display())


def held_to(complaint):
    """The deadline the case is held to now, as the complainant may know it (None if none)."""
    if complaint.status == S.REGISTERED:
        return complaint.acceptance_due
    if complaint.is_open:
        return complaint.governing_due or complaint.close_due
    return None


def tracked_case(pk):
    """The complainant's case with what its page shows, or None. The main case of a merged
    one comes in the same query (up to two levels of merging)."""
    return (
        Complaint.objects.select_related(
            "campaign",
            "department",
            "merged_into",
            "merged_into__department",
            "merged_into__merged_into",
            "merged_into__merged_into__department",
        )
        .filter(pk=pk)
        .first()
    )


def track_page(complaint):
    """The query page's context for `complaint` (from tracked_case). A bounded number of queries
    whatever the number of notes, files and ratings."""
    main = followed_case(complaint)
    notes = list(
        CaseNote.objects.filter(
            Q(complaint_id__in={complaint.pk, main.pk}, audience=CaseNote.Audience.PUBLIC)
            | Q(complaint_id=complaint.pk, audience=CaseNote.Audience.COMPLAINANT)
        ).only("complaint_id", "audience", "text", "created_at")
    )
    # The complainant's own files: those sent from the query page or the public form (a file a
    # clerk attached is not theirs to list); names only, files are served to the center alone.
    own_files = list(
        attachments_of(complaint)
        .filter(uploaded_by__username=SYSTEM_USERNAME)
        .only("original_name", "created_at", "sealed")
    )
    ratings = list(
        FollowUp.objects.filter(complaint=complaint)
        .only("satisfaction", "channel", "recorded_by_id", "created_at")
        .order_by("-created_at", "-id")
    )
    latest = ratings[0] if ratings else None
    own_ratings = [
        r
        for r in ratings
        if r.recorded_by_id is None
        and (complaint.reexam_requested_at is None or r.created_at >= complaint.reexam_requested_at)
    ]
    concluded = main.status in (S.CONCLUDED, S.ANSWERED, S.CLOSED) or main.answered_on
    return {
        "complaint": complaint,
        "main": main,
        "is_merged": main.pk != complaint.pk,
        "plain_status": plain_status(main),
        "held_to": held_to(main),
        "conclusion": main.get_finding_display() if main.finding and concluded else "",
        # The answer was written to the main case's complainant: a merged case sees its date only.
        "answered_on": main.answered_on,
        "answer": main if main.answered_on and main.pk == complaint.pk else None,
        "public_notes": [n for n in notes if n.audience == CaseNote.Audience.PUBLIC],
        "additions": [n for n in notes if n.audience == CaseNote.Audience.COMPLAINANT],
        "own_files": own_files,
        "my_rating": own_ratings[0] if own_ratings else None,
        "can_add": may_add_information(complaint),
        "can_rate": may_rate(complaint) and not own_ratings,
        "can_reexamine": may_request_reexamination(complaint, latest),
        "reexam_asked": complaint.reexam_requested_at is not None,
    }
