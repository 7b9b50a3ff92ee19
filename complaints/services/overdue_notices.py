"""The supervision notice (督办通报) of a very overdue case: once a case is still open
`complaint_very_overdue_workdays` after its deadline, the clerk may draft a public notice on the
unit's delay (the case's table, "overdue_notice"); a leader issues it (it then appears with the
other public notices) or refuses it (a LeaderDecision). One pending or issued notice per case."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from efficiency_center.accounts import center_users
from efficiency_center.decisions import decide
from efficiency_center.models import User
from efficiency_center.notifications import notify
from efficiency_center.workflow import record_created

from ..models import OverdueNotice
from ..sealing import publishable
from .common import case_permits
from .conclusion import overdue_notice_publish


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
def overdue_notice_draft(*, complaint, user, expected_version, title, body, at=None):
    """The clerk drafts the notice of a very overdue case; the leaders are told."""
    at = at or timezone.now()
    case_permits(complaint, "overdue_notice", user=user, expected_version=expected_version, at=at)
    title, body = publishable(
        complaint,
        title=title,
        body=body,
        title_missing=_("Give the notice a title."),
        body_missing=_("Write the notice."),
    )
    draft = OverdueNotice.objects.create(
        complaint=complaint, title=title, body=body, drafted_by=user, drafted_at=at
    )
    record_created(draft, actor=user, at=at)
    notify(
        center_users(User.Role.LEADER),
        _("A supervision notice on complaint %(number)s awaits your decision.")
        % {"number": complaint.number},
        complaint,
        url=complaint.get_absolute_url(),
        at=at,
    )
    return draft


@transaction.atomic
def overdue_notice_decide(*, notice, user, action, expected_version, comment="", at=None):
    """A leader issues ("approve") the drafted notice, a PublicNotice caused by the case, or
    refuses it ("refuse", with the reason). The notice's table tells the clerk who drafted it."""
    at = at or timezone.now()
    decide(notice, action, actor=user, expected_version=expected_version, comment=comment, at=at)
    if notice.is_approved:
        notice.notice = overdue_notice_publish(notice, approved_by=user, at=at)
        notice.save(update_fields=["notice"])
    return notice
