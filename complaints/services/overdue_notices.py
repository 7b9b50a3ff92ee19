"""The supervision notice (督办通报) of a very overdue case: once a case is still open
`complaint_very_overdue_workdays` after its deadline, the clerk may draft a public notice on the
unit's delay; a leader issues it (it then appears with the other public notices) or refuses it.
One pending or issued notice per case."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from efficiency_center.notifications import notify

from ..models import OverdueNotice
from ..sealing import publishable
from ..workflow import ComplaintError
from .conclusion import publish_case_notice
from .handling import (
    leaders,
    lock_current,
    require_clerk,
    require_leader,
)


def is_very_overdue(complaint, today=None):
    today = today or timezone.localdate()
    return (
        complaint.is_open
        and complaint.very_overdue_on is not None
        and today >= complaint.very_overdue_on
    )


def may_draft(complaint, today=None):
    return (
        is_very_overdue(complaint, today)
        and complaint.department_id is not None
        and not complaint.overdue_notices.exclude(decision=OverdueNotice.Decision.REFUSED).exists()
    )


def draft_text(complaint):
    """The clerk's starting text: the unit, the case number and the deadline, nothing else."""
    unit = complaint.department.name if complaint.department_id else ""
    due = complaint.governing_due
    title = _("Supervision notice: %(unit)s has not handled complaint %(number)s in time") % {
        "unit": unit,
        "number": complaint.number,
    }
    body = _(
        "Complaint %(number)s was forwarded to %(unit)s with a deadline of %(due)s. The unit "
        "has not handled it although reminded and supervised. In accordance with the rules of "
        "the administrative efficiency campaign, this is hereby notified publicly and the unit "
        "is urged to handle it at once."
    ) % {"number": complaint.number, "unit": unit, "due": due.isoformat() if due else ""}
    return title, body


@transaction.atomic
def overdue_notice_draft(*, complaint, user, expected_version, title, body, today=None):
    require_clerk(user)
    lock_current(complaint, expected_version)
    if not may_draft(complaint, today):
        raise ComplaintError(
            _("A supervision notice can be drafted only for a very overdue case, once.")
        )
    title, body = publishable(
        complaint,
        title=title,
        body=body,
        title_missing=_("Give the notice a title."),
        body_missing=_("Write the notice."),
    )
    draft = OverdueNotice.objects.create(
        complaint=complaint, title=title, body=body, drafted_by=user
    )
    notify(
        leaders(),
        _("A supervision notice on complaint %(number)s awaits your decision.")
        % {"number": complaint.number},
        complaint,
        url=complaint.get_absolute_url(),
    )
    return draft


@transaction.atomic
def overdue_notice_decide(*, draft, user, issue, comment=""):
    """A leader issues the drafted notice (a PublicNotice caused by the case) or refuses it."""
    require_leader(user)
    draft = OverdueNotice.objects.select_for_update().select_related("complaint").get(pk=draft.pk)
    if draft.decision != OverdueNotice.Decision.PENDING:
        raise ComplaintError(_("This notice was already decided."))
    comment = (comment or "").strip()
    if not issue and not comment:
        raise ValidationError({"comment": _("Say why the notice is refused.")})
    complaint = draft.complaint
    fields = {"decided_by": user, "decided_at": timezone.now(), "decision_comment": comment}
    if issue:
        fields["notice"] = publish_case_notice(
            complaint,
            title=draft.title,
            body=draft.body,
            issued_by=draft.drafted_by,
            approved_by=user,
            actor=user,
        )
        fields["decision"] = OverdueNotice.Decision.ISSUED
    else:
        fields["decision"] = OverdueNotice.Decision.REFUSED
    for name, value in fields.items():
        setattr(draft, name, value)
    draft.save(update_fields=list(fields))
    notify(
        [draft.drafted_by],
        (
            _("Your supervision notice on %(number)s was issued.")
            if issue
            else _("Your supervision notice on %(number)s was refused.")
        )
        % {"number": complaint.number},
        complaint,
        url=complaint.get_absolute_url(),
    )
    return draft
