"""A record of each complaints model that has a workflow table, for the walk over every table
(tests/core/test_workflow_tables.py): between them, every action of each table can be taken."""

import datetime

from django.utils import timezone

from complaints.models import Complaint, Extension, Finding, OverdueNotice, Reply, Status
from tests.complaints.factories import FollowUpFactory, ReplyFactory, case_in
from tests.samples import sample


def _ahead(days=30):
    return timezone.localdate() + datetime.timedelta(days=days)


def _open_case(world, department, **fields):
    """A case of `department` with every deadline ahead (the unit may still return it, ask for
    more time) but very overdue already (a supervision notice may be drafted)."""
    return case_in(
        Status.FORWARDED,
        campaign=world.campaign,
        department=department,
        reply_due=_ahead(),
        close_due=_ahead(40),
        decline_due=_ahead(),
        very_overdue_on=timezone.localdate() - datetime.timedelta(days=1),
        **fields,
    )


@sample(Complaint)
def complaints(world):
    """One case whose every condition holds somewhere in the walk: with every deadline ahead
    but very overdue, found true (a leader approved it), answered, anonymous (it closes
    without a follow-up call), its latest rating dissatisfied (复核 may be asked)."""
    case = _open_case(
        world,
        world.dept_a,
        anonymous=True,
        finding=Finding.TRUE,
        conclusion_approved_by=world.users["leader"],
        answered_on=timezone.localdate(),
        answer_channel="web",
        answer_text="已答复。",
    )
    FollowUpFactory(complaint=case, satisfaction=1)
    return [case]


@sample(Reply)
def replies(world):
    with_unit = _open_case(world, world.sub_of_a)
    to_check = case_in(Status.REPLIED, campaign=world.campaign, department=world.dept_a)
    return [
        ReplyFactory(complaint=with_unit, state="draft", submitted_at=None),
        ReplyFactory(complaint=to_check),
    ]


@sample(Extension)
def extensions(world):
    case = _open_case(world, world.dept_a)
    return [
        Extension.objects.create(
            complaint=case,
            workdays=3,
            reason="需调取监控",
            requested_by=world.users["head_a"],
            old_due=case.reply_due,
            new_due=_ahead(33),
        )
    ]


@sample(OverdueNotice)
def overdue_notices(world):
    case = _open_case(world, world.dept_a)
    return [
        OverdueNotice.objects.create(
            complaint=case, title="督办通报", body="逾期未办理。", drafted_by=world.users["clerk"]
        )
    ]
