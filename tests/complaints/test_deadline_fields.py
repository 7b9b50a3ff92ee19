"""The stored deadline fields follow the case: what governs it and when it is very overdue."""

import datetime

import pytest

from complaints import deadlines
from complaints.models import Status
from complaints.services.reply_review import reply_return
from tests.complaints.factories import ReplyFactory, case_in, forwarded_case

D = datetime.date


@pytest.mark.django_db
def test_a_registered_case_is_held_to_its_acceptance_deadline(campaign):
    case = case_in(Status.REGISTERED)
    assert case.governing_due == case.acceptance_due


@pytest.mark.django_db
def test_a_returned_reply_puts_the_reply_deadline_back_in_charge(campaign, dept_a, users):
    case = forwarded_case(campaign=campaign, department=dept_a, on=D(2026, 11, 2))
    reply = ReplyFactory(complaint=case, department=dept_a, state="submitted")
    # As the unit's reply arrived, the closing deadline governed the very-overdue day.
    case.status = Status.REPLIED
    case.very_overdue_on = deadlines.very_overdue_on(campaign, case.close_due)
    case.save()
    reply_return(
        complaint=case,
        reply=reply,
        user=users["clerk"],
        expected_version=case.version,
        comment="补充证据",
    )
    case.refresh_from_db()
    assert case.status == Status.FORWARDED
    assert case.very_overdue_on == deadlines.very_overdue_on(campaign, case.reply_due)
