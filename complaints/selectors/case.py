"""The case page's reads: the case with its joins, its full timeline and its deadlines
explained. A fixed number of queries whatever the size of the timeline (asserted in
tests/complaints/test_case_page.py). The actions the page offers are its table's
(workflows.py, efficiency_center.workflow.allowed_actions).

`deadlines_context` takes a case and returns only dates, counts and labels (nothing that could
identify the complainant), so that the unit's page can include `_deadlines.html` as well.
"""

from dataclasses import dataclass, field
from datetime import datetime
from itertools import groupby

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from efficiency_center.notices import PublicNotice
from efficiency_center.review import State
from efficiency_center.uploads import Attachment, attachments_of
from efficiency_center.workflow import StateChange

from .. import deadlines
from ..models import (
    Accountability,
    CaseNote,
    Complaint,
    Extension,
    FollowUp,
    Reply,
    Status,
    TypicalCase,
)


def case_for_center(pk):
    complaint = (
        Complaint.objects.select_related(
            "campaign",
            "department",
            "department__supervisor",
            "registered_by",
            "merged_into",
            "conclusion_approved_by",
        )
        .filter(pk=pk)
        .first()
    )
    if complaint is None:
        raise Http404
    return complaint


# --- the timeline ------------------------------------------------------------------------------


@dataclass
class TimelineItem:
    at: datetime
    kind: str  # state | reply | merged | note | extension | follow_up
    label: str
    actor: object = None
    text: str = ""
    badge: str = ""
    link: str = ""
    obj: object = field(default=None, repr=False)


def state_changes(complaint):
    """The StateChanges of the case, of its replies, and the merges of cases into it: one
    query."""
    case_type = ContentType.objects.get_for_model(Complaint)
    reply_type = ContentType.objects.get_for_model(Reply)
    return list(
        StateChange.objects.filter(
            Q(content_type=case_type, object_id=complaint.pk)
            | Q(
                content_type=case_type,
                action="merge",
                object_id__in=Complaint.objects.filter(merged_into=complaint).values("pk"),
            )
            | Q(
                content_type=reply_type,
                object_id__in=Reply.objects.filter(complaint=complaint).values("pk"),
            )
        )
        .select_related("actor", "actor__department")
        .order_by("created_at", "id")
    )


def timeline(complaint, *, audiences=None, records=None):
    """Everything that happened on the case, oldest first: its state changes and its replies',
    the notes (of `audiences`, all by default: the center reads every note), the extensions,
    the follow-ups and the cases merged into it. A fixed number of queries."""
    records = records or case_records(complaint)
    case_type = ContentType.objects.get_for_model(Complaint)
    merged = {case.pk: case for case in records["merged_cases"]}
    items = []
    for change in records["changes"]:
        if change.content_type_id != case_type.pk:
            items.append(
                TimelineItem(
                    at=change.created_at,
                    kind="reply",
                    label=_("Unit's reply: %(action)s") % {"action": change.label},
                    actor=change.actor,
                    text=change.comment,
                    obj=change,
                )
            )
        elif change.object_id != complaint.pk:
            case = merged.get(change.object_id)
            items.append(
                TimelineItem(
                    at=change.created_at,
                    kind="merged",
                    label=_("Case %(number)s merged into this case")
                    % {"number": case.number if case else change.object_id},
                    actor=change.actor,
                    text=change.comment,
                    link=case.get_absolute_url() if case else "",
                    obj=change,
                )
            )
        else:
            items.append(
                TimelineItem(
                    at=change.created_at,
                    kind="state",
                    label=change.label,
                    actor=change.actor,
                    text=change.comment,
                    obj=change,
                )
            )
    for note in records["notes"]:
        if audiences is not None and note.audience not in audiences:
            continue
        items.append(
            TimelineItem(
                at=note.created_at,
                kind="note",
                label=_("Note"),
                actor=note.author,
                text=note.text,
                badge=note.get_audience_display(),
                obj=note,
            )
        )
    for extension in records["extensions"]:
        items.append(
            TimelineItem(
                at=extension.requested_at,
                kind="extension",
                label=_("Extension asked: %(days)s more working days (%(old)s → %(new)s)")
                % {
                    "days": extension.workdays,
                    "old": extension.old_due.isoformat(),
                    "new": extension.new_due.isoformat(),
                },
                actor=extension.requested_by,
                text=extension.reason,
                badge=extension.get_decision_display(),
                obj=extension,
            )
        )
    for follow_up in records["follow_ups"]:
        items.append(
            TimelineItem(
                at=follow_up.created_at,
                kind="follow_up",
                label=_("Follow-up: %(satisfaction)s")
                % {"satisfaction": follow_up.get_satisfaction_display()},
                actor=follow_up.recorded_by,
                text=follow_up.note,
                badge=follow_up.get_channel_display(),
                obj=follow_up,
            )
        )
    # Stable: items at the same moment keep the order above (state changes first).
    items.sort(key=lambda item: item.at)
    return items


def case_records(complaint):
    """The rows the timeline and the page are made of, one query each."""
    return {
        "changes": state_changes(complaint),
        "notes": list(
            CaseNote.objects.filter(complaint=complaint)
            .select_related("author", "author__department")
            .order_by("created_at", "id")
        ),
        "extensions": list(
            Extension.objects.filter(complaint=complaint)
            .select_related("requested_by__department", "decided_by")
            .order_by("requested_at", "id")
        ),
        "follow_ups": list(
            FollowUp.objects.filter(complaint=complaint)
            .select_related("recorded_by__department")
            .order_by("created_at", "id")
        ),
        "merged_cases": list(
            Complaint.objects.filter(merged_into=complaint).only("pk", "number", "filed_at")
        ),
    }


# --- deadlines ---------------------------------------------------------------------------------


def _governing_key(complaint):
    if complaint.status == Status.REGISTERED:
        return "acceptance"
    if complaint.status == Status.FORWARDED:
        return "reply"
    return "close" if complaint.is_open else None


def deadlines_context(complaint, today=None):
    """Each deadline of the case with how it was reached (working days counted, weekdays off
    with their holiday, weekend days worked) and how the case stands against the one it is
    held to now. Dates, counts and labels only: safe for the unit's page."""
    today = today or timezone.localdate()
    filed_on = timezone.localdate(complaint.filed_at)
    forwarded_on = timezone.localdate(complaint.forwarded_at) if complaint.forwarded_at else None
    accepted_on = timezone.localdate(complaint.accepted_at) if complaint.accepted_at else None
    governing = _governing_key(complaint)
    rows = []
    for key, label, start, due in (
        ("acceptance", _("Acceptance due"), filed_on, complaint.acceptance_due),
        ("reply", _("Unit's reply due"), forwarded_on, complaint.reply_due),
        ("decline", _("Return-if-not-ours due"), forwarded_on, complaint.decline_due),
        ("close", _("Closing due"), accepted_on, complaint.close_due),
    ):
        if due is None:
            continue
        rows.append(
            {
                "key": key,
                "label": label,
                "due": due,
                "explain": deadlines.explain(start, due) if start else None,
                "governing": key == governing,
            }
        )
    code = deadlines.timing(complaint, today)
    return {
        "deadline_rows": rows,
        "deadline_timing": {"code": code, "label": deadlines.Timing.LABELS[code]} if code else None,
        "very_overdue_on": complaint.very_overdue_on if complaint.is_open else None,
    }


# --- the page ----------------------------------------------------------------------------------


def _reply_files(complaint):
    reply_type = ContentType.objects.get_for_model(Reply)
    files = Attachment.objects.filter(
        owner_type=reply_type,
        owner_id__in=Reply.objects.filter(complaint=complaint).values("pk"),
    ).order_by("owner_id", "created_at", "id")
    return {owner: list(rows) for owner, rows in groupby(files, key=lambda f: f.owner_id)}


def case_page(complaint):
    """Everything the case page shows, for a center user."""
    records = case_records(complaint)
    reply_type = ContentType.objects.get_for_model(Reply)
    changes_by_reply = {}
    for change in records["changes"]:
        if change.content_type_id == reply_type.pk:
            changes_by_reply.setdefault(change.object_id, []).append(change)
    files_by_reply = _reply_files(complaint)
    replies = list(
        Reply.objects.filter(complaint=complaint).select_related("department", "created_by")
    )
    for reply in replies:
        reply.history_list = changes_by_reply.get(reply.pk, [])
        reply.files = files_by_reply.get(reply.pk, [])
    case_type = ContentType.objects.get_for_model(Complaint)
    return {
        "attachments": list(attachments_of(complaint)),
        "replies": replies,
        "submitted_reply": next((r for r in replies if r.state == State.SUBMITTED), None),
        "accountabilities": list(
            Accountability.objects.filter(complaint=complaint)
            .select_related("recorded_by")
            .order_by("created_at", "id")
        ),
        "extensions": records["extensions"],
        "follow_ups": records["follow_ups"],
        "merged_cases": records["merged_cases"],
        "timeline": timeline(complaint, records=records),
        "typical_case": TypicalCase.objects.filter(complaint=complaint).first(),
        "notice": PublicNotice.objects.filter(cause_type=case_type, cause_id=complaint.pk).first(),
        **deadlines_context(complaint),
    }
