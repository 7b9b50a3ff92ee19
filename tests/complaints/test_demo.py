"""The demo county's complaints: every queue and chart has content, the README's query codes
work, and everything was made through the services with the year's dates."""

import datetime

import pytest
from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from complaints import demo
from complaints.models import Complaint, Extension, Finding, OverdueNotice, Status, TypicalCase
from complaints.query_codes import code_digest
from efficiency_center import demo as county_demo
from efficiency_center.decisions import Decision
from efficiency_center.lateness import LateFiling
from efficiency_center.notices import PublicNotice
from efficiency_center.notifications import without_email
from efficiency_center.scoring import ScoreEntry, ScoreKind
from efficiency_center.workdays import add_workdays
from efficiency_center.workflow import StateChange, history

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """The demo seeded once for the module (seeding takes a while: every case goes through the
    services), twice to show the second run adds nothing; rolled back after the module."""
    with django_db_blocker.unblock(), transaction.atomic():
        units = county_demo.load_units()
        county = county_demo.County(
            campaign=county_demo.ensure_campaign(),
            units=units,
            users=county_demo.ensure_accounts(units),
        )
        with without_email():
            cases = demo.seed(county)
            again = demo.seed(county)
        yield county, cases, again
        transaction.set_rollback(True)


def test_about_120_cases_in_every_state_with_their_consequences(seeded):
    _county, cases, again = seeded
    assert again == []  # re-runnable: nothing doubles
    assert len(cases) == demo.CASES == 120 == Complaint.objects.count()
    by_status = dict(Complaint.objects.values_list("status").annotate(n=Count("id")).order_by())
    # Every stage of the desk has cases, whatever day the demo is loaded.
    for status in Status.values:
        assert by_status.get(status), status
    assert Extension.objects.filter(decision=Decision.APPROVED).count() == 1
    found = Complaint.objects.filter(finding__in=[Finding.TRUE, Finding.PARTLY_TRUE])
    assert found.exists()
    deductions = ScoreEntry.objects.filter(
        kind__in=[ScoreKind.COMPLAINT_TRUE, ScoreKind.COMPLAINT_PARTLY_TRUE]
    )
    assert (
        deductions.count()
        == found.filter(
            status__in=[Status.CONCLUDED, Status.ANSWERED, Status.CLOSED, Status.ACCEPTED]
        ).count()
    )
    assert PublicNotice.objects.filter(cause_id__in=found.values("pk")).exists()
    assert TypicalCase.objects.exists()
    assert Complaint.objects.filter(reexam_requested_at__isnull=False).count() == 1
    # The daily job ran over the year: a unit that replied late, or not at all, lost its
    # points once per case, each a late filing of the case.
    late = ScoreEntry.objects.filter(kind=ScoreKind.REPLY_OVERDUE)
    assert late.exists()
    assert late.count() == LateFiling.objects.filter(source="complaints").count()
    assert {entry.cause.subject for entry in late} <= set(Complaint.objects.all())


def test_the_readme_query_codes_open_their_cases(client, seeded):
    for code, status in zip(demo.KNOWN_CODES, (Status.CLOSED, Status.FORWARDED), strict=True):
        case = Complaint.objects.get(complainant__query_code_digest=code_digest(code))
        assert case.status == status, code
        response = client.post(reverse("complaints:query"), {"code": code}, follow=True)
        assert response.status_code == 200
        assert response.redirect_chain, code
        assert response.redirect_chain[-1][0] == reverse("complaints:track")


def test_a_supervision_notice_waits_for_a_leader(seeded):
    assert OverdueNotice.objects.filter(decision=Decision.PENDING).count() == 1


def test_the_history_is_the_services_with_the_years_dates(seeded):
    county, _cases, _again = seeded
    closed = Complaint.objects.get(complainant__query_code_digest=code_digest(demo.KNOWN_CODES[0]))
    filed = timezone.localdate(closed.filed_at)
    accepted = add_workdays(filed, 1)
    steps = [(s.action, s.created_at) for s in history(closed)]
    assert steps[:3] == [
        ("register", county.at(filed.month, filed.day, 9)),
        ("accept", county.at(accepted.month, accepted.day, 9)),
        ("forward", county.at(accepted.month, accepted.day, 10)),
    ]
    assert [action for action, _at in steps if action not in ("remind", "escalate")][-4:] == [
        "accept_reply",
        "conclude",
        "answer",
        "close",
    ]
    assert closed.accepted_at == county.at(accepted.month, accepted.day, 9)
    # Every step of every case is dated on the demo's clock: a working hour of a day of the
    # campaign's year, never later than now.
    moments = StateChange.objects.filter(content_type__app_label="complaints").values_list(
        "created_at", flat=True
    )
    for moment in moments:
        local = timezone.localtime(moment)
        assert local.year == county.campaign.year and moment < county.now
        assert county.at(local.month, local.day, local.hour, local.minute) == moment
        assert local.second == 0 and local.minute in (0, 30)
        assert datetime.time(8) <= local.time() <= datetime.time(20)
