"""Every page of the assessment runs a bounded number of queries: the same for a small and a
large volume (measured side by side in one database), and at most a known number."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from efficiency_center.models import Department
from efficiency_center.scoring import ScoreKind
from tests.assessment.factories import entry, missed_deadline, unit_volume
from tests.factories import DepartmentFactory

pytestmark = pytest.mark.django_db

# Session, user, unread notifications, the unit, the campaign and the year picker, the picker's
# units; pledge revisions and their items, fulfilment reports, breaches; the plan, projects,
# filings, the unit's city-to-county indicator, milestone sums, progress reports; achievements;
# complaints, their follow-ups and accountability measures by kind; the findings of the eight
# checks (八查八看); ledger entries and one query per kind of cause (two here); notices;
# replies; the timeline.
UNIT_VIEW_QUERIES = 28
CENTER_PAGE_QUERIES = {"table": 7, "entries": 8, "overview": 14}


def queries(client, url):
    client.get(url)  # warm-up: the same caches for both sizes
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_unit_view_whatever_the_units_volume(client, users, campaign):
    small = DepartmentFactory(code="SM1")
    large = DepartmentFactory(code="LG1")
    unit_volume(campaign, small, 2, clerk=users["clerk"])
    unit_volume(campaign, large, 120, clerk=users["clerk"])
    client.force_login(users["leader"])
    few = queries(client, reverse("assessment:unit", args=["SM1"]))
    many = queries(client, reverse("assessment:unit", args=["LG1"]))
    assert few == many == UNIT_VIEW_QUERIES


def test_unit_view_for_a_unit_user(client, users, campaign, dept_a, dept_b):
    unit_volume(campaign, dept_a, 2, clerk=users["clerk"])
    unit_volume(campaign, dept_b, 60, clerk=users["clerk"])
    client.force_login(users["head_a"])
    few = queries(client, reverse("assessment:unit", args=["A01"]))
    client.force_login(users["head_b"])
    many = queries(client, reverse("assessment:unit", args=["B01"]))
    assert few == many


def ledger_of(campaign, units, per_unit, clerk):
    for unit in units:
        for quarter in range(1, per_unit + 1):
            entry(campaign, unit, ScoreKind.REPORT_LATE, missed_deadline(campaign, unit, quarter),
                  clerk)  # fmt: skip


@pytest.mark.parametrize("name", ["table", "entries", "overview"])
def test_center_pages_at_two_sizes(client, users, campaign, name):
    url = reverse(f"assessment:{name}")
    client.force_login(users["clerk"])
    ledger_of(campaign, [DepartmentFactory(code=f"S{i}") for i in range(3)], 1, users["clerk"])
    few = queries(client, url)
    units = Department.objects.bulk_create(
        Department(code=f"K{i:03d}", name=f"县重点局{i}", short_name=f"重点{i}") for i in range(53)
    )
    Department.objects.bulk_create(
        Department(code=f"K{i:03d}S", name=f"县重点局{i}所", short_name=f"所{i}", kind="station",
                   supervisor=units[i])
        for i in range(53)
    )  # fmt: skip
    ledger_of(campaign, units[:20], 4, users["clerk"])
    many = queries(client, url)
    assert few == many == CENTER_PAGE_QUERIES[name]


def test_the_pdf_and_xlsx_at_two_sizes(client, users, campaign):
    client.force_login(users["leader"])
    ledger_of(campaign, [DepartmentFactory(code="S1")], 1, users["clerk"])
    few = [queries(client, reverse(n)) for n in ("assessment:export_xlsx", "assessment:export_pdf")]
    ledger_of(campaign, [DepartmentFactory(code=f"M{i}") for i in range(20)], 3, users["clerk"])
    many = [
        queries(client, reverse(n)) for n in ("assessment:export_xlsx", "assessment:export_pdf")
    ]
    assert few == many
