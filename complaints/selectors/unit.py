"""Reads of the unit's side (its queue and case page) and of the leader's queue.

A unit works from `Complaint` alone and never from its `description` (deferred here, so that a
template cannot even show it by mistake) nor from `Complainant`: the unit reads `forwarded_text`,
what the clerk wrote for it. Lists run a fixed number of queries whatever their length.
"""

from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone

from efficiency_center.decisions import Decision
from efficiency_center.permissions import readable_units_q
from efficiency_center.review import State
from efficiency_center.uploads import attachments_visible_to
from efficiency_center.workflow import history

from .. import deadlines
from ..models import OPEN_STATUSES, CaseNote, Complaint, Extension, OverdueNotice, Reply, Status

# Never loaded for the unit's pages: what the complainant wrote (the place may be their home)
# reaches the unit only as the clerk retold it in forwarded_text.
HIDDEN_FIELDS = ("description", "place", "not_accepted_reason", "redirect_to", "answer_text")

QUEUE_VIEWS = ("todo", "open", "all")


def unit_scope(user):
    """The cases forwarded to the user's unit (and, for a key department's head, to its
    sub-units): exactly what Complaint.is_viewable_by lets a unit user read."""
    if not user.is_authenticated or not user.is_unit_user:
        return Complaint.objects.none()
    return Complaint.objects.filter(readable_units_q(user), forwarded_at__isnull=False)


def _replies_newest_first():
    return Reply.objects.only(
        "id", "complaint_id", "department_id", "state", "version", "created_at"
    ).order_by("-created_at", "-id")


def round_reply(complaint, replies):
    """The reply of the case's current forwarding round among `replies` (newest first): the
    unit's reply written since the case was (last) forwarded to it."""
    for reply in replies:
        if (
            reply.department_id == complaint.department_id
            and complaint.forwarded_at is not None
            and reply.created_at >= complaint.forwarded_at
        ):
            return reply
    return None


def current_reply(complaint):
    """The current round's reply of `complaint`, or None (one query)."""
    if complaint.forwarded_at is None or complaint.department_id is None:
        return None
    return (
        Reply.objects.filter(
            complaint_id=complaint.pk,
            department_id=complaint.department_id,
            created_at__gte=complaint.forwarded_at,
        )
        .order_by("-created_at", "-id")
        .first()
    )


def unit_queue(user, *, show="todo"):
    """The unit's cases, newest forwarding first, with what a row shows: the unit, and the
    replies (one prefetch) from which each row's current reply is picked."""
    queryset = unit_scope(user)
    if show == "todo":
        queryset = queryset.filter(status=Status.FORWARDED)
    elif show == "open":
        queryset = queryset.filter(status__in=OPEN_STATUSES)
    return (
        queryset.select_related("department")
        .defer(*HIDDEN_FIELDS, "forwarded_text")
        .prefetch_related(Prefetch("replies", queryset=_replies_newest_first(), to_attr="_replies"))
        .order_by("-forwarded_at", "-id")
    )


def queue_rows(complaints, today=None):
    """Annotate each listed case with its current reply and its timing (no queries)."""
    today = today or timezone.localdate()
    soon = deadlines.due_soon_until(today)
    rows = list(complaints)
    for complaint in rows:
        complaint.current_reply = round_reply(complaint, getattr(complaint, "_replies", []))
        complaint.timing = timing_badge(deadlines.timing(complaint, today, soon=soon))
    return rows


def timing_badge(code):
    """{code, label} for the timing badge, or None when no deadline runs."""
    return {"code": code, "label": deadlines.Timing.LABELS[code]} if code else None


def case_for_unit(user, pk):
    """One case as the unit pages read it; 404 unless Complaint.is_viewable_by allows it."""
    complaint = (
        Complaint.objects.select_related("department__supervisor", "campaign")
        .defer(*HIDDEN_FIELDS)
        .filter(pk=pk)
        .first()
    )
    if complaint is None or not complaint.is_viewable_by(user):
        raise Http404
    return complaint


def unit_case_page(complaint, user, today=None):
    """Everything the unit's case page shows besides the case itself."""
    today = today or timezone.localdate()
    reply = current_reply(complaint)
    extensions = list(
        complaint.extensions.select_related("requested_by", "decided_by").order_by(
            "requested_at", "id"
        )
    )
    approved = next((e for e in extensions if e.decision == Decision.APPROVED), None)
    steps = list(history(reply)) if reply else []
    returned = [s for s in steps if s.action in ("return", "send_back")]
    return {
        "reply": reply,
        "reply_history": steps,
        "return_comment": (
            returned[-1].comment if returned and reply.state == State.RETURNED else ""
        ),
        "reply_files": list(attachments_visible_to(reply, user)) if reply else [],
        "files": list(attachments_visible_to(complaint, user)),
        "notes": list(
            complaint.notes.filter(audience=CaseNote.Audience.UNIT)
            .select_related("author")
            .order_by("created_at", "id")
        ),
        "extensions": extensions,
        "approved_extension": approved,
        "pending_extension": next((e for e in extensions if e.decision == Decision.PENDING), None),
        "timing": timing_badge(deadlines.timing(complaint, today)),
        "today": today,
    }


def leader_queue():
    """What waits for a leader here: extension requests, conclusions to approve and
    supervision notices to issue."""
    return {
        "overdue_notices": list(
            OverdueNotice.objects.filter(decision=Decision.PENDING)
            .select_related("complaint__department", "drafted_by")
            .defer(*(f"complaint__{name}" for name in HIDDEN_FIELDS))
            .order_by("drafted_at", "id")
        ),
        "extensions": list(
            Extension.objects.filter(decision=Decision.PENDING)
            .select_related("complaint__department", "requested_by__department")
            .defer(*(f"complaint__{name}" for name in HIDDEN_FIELDS))
            .order_by("requested_at", "id")
        ),
        "proposed": list(
            Complaint.objects.filter(status=Status.PROPOSED)
            .select_related("department")
            .defer(*HIDDEN_FIELDS)
            .order_by("filed_at", "id")
        ),
    }


def extension_for_leader(pk):
    extension = (
        Extension.objects.select_related(
            "complaint__department", "complaint__campaign", "requested_by__department", "decided_by"
        )
        .filter(pk=pk)
        .first()
    )
    if extension is None:
        raise Http404
    return extension
