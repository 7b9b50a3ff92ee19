"""The demo county's complaints: every queue and chart has content, and the README's query codes
work."""

import pytest
from django.db.models import Count
from django.urls import reverse

from complaints import demo
from complaints.models import Complaint, Extension, Finding, Status, TypicalCase
from efficiency_center import demo as county_demo
from efficiency_center.notices import PublicNotice
from efficiency_center.scoring import ScoreEntry, ScoreKind


@pytest.fixture
def county(db):
    units = county_demo.load_units()
    return county_demo.County(
        campaign=county_demo.ensure_campaign(),
        units=units,
        users=county_demo.ensure_accounts(units),
    )


@pytest.mark.django_db
def test_about_120_cases_in_every_state_with_their_consequences(county):
    cases = demo.seed(county)
    assert demo.seed(county) == []  # re-runnable: nothing doubles
    assert len(cases) == demo.CASES == 120
    by_status = dict(Complaint.objects.values_list("status").annotate(n=Count("id")).order_by())
    # Every stage of the desk has cases, whatever day the demo is loaded.
    for status in Status.values:
        assert by_status.get(status), status
    assert Extension.objects.filter(decision=Extension.Decision.APPROVED).count() == 1
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


@pytest.mark.django_db
def test_the_readme_query_codes_open_their_cases(client, county):
    demo.seed(county)
    for code in demo.KNOWN_CODES:
        response = client.post(reverse("complaints:query"), {"code": code}, follow=True)
        assert response.status_code == 200
        assert response.redirect_chain, code
        assert response.redirect_chain[-1][0] == reverse("complaints:track")


@pytest.mark.django_db
def test_a_supervision_notice_waits_for_a_leader(county):
    from complaints.models import OverdueNotice

    demo.seed(county)
    assert OverdueNotice.objects.filter(decision=OverdueNotice.Decision.PENDING).count() == 1
