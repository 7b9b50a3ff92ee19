"""The public statistics, hand-checked on a small year; the typical cases and their feed; no
complainant identity on any public page; bounded queries at 50 and 5,000 cases; access."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from complaints.models import Finding, FollowUp, Status
from complaints.selectors import stats as selectors
from efficiency_center.models import Campaign
from efficiency_center.notices import issue_notice
from tests.complaints.factories import (
    REAL_NAME,
    REAL_PHONE,
    ComplaintFactory,
    FollowUpFactory,
    TypicalCaseFactory,
    bulk_complaints,
)
from tests.factories import CampaignFactory, DepartmentFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
S = Status
DESCRIPTION = "窗口工作人员态度生硬，材料一次没说清，让我跑了三趟。"  # the factory's


def local(year, month, day, hour=10, minute=0):
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute))


@pytest.fixture
def dept_c(db):
    return DepartmentFactory(code="C01", name="县丙局", short_name="丙局")


@pytest.fixture
def year(campaign, dept_a, dept_b, dept_c, users):
    """A hand-countable year (the campaign is 2026).

    甲局 (A01), 9 cases: a1 true on time [FU 2 then 5], a2 false late [1], a3 partly on time [3],
    a4 false on time [4], a5 false on time [2], a6 forwarded and overdue (late), a7 replied on
    time, a8 forwarded not yet due (not counted), a9 not accepted; plus one merged (ignored).
      → rated 7, on time 5 (71.4%); followed up 5: levels 5,1,3,4,2 → mean 3.0, satisfied 60%.
    乙局 (B01), 4 cases, all false on time, FU 5,5,4,4: too few to be ranked (rated 4 < 5).
    丙局 (C01), 5 cases, all false on time, FU 5,5,5,4,4 → 100%, mean 4.6, satisfied 100%.
    One registered case with no unit; one case of 2025 (another campaign).
    """
    today = timezone.localdate()

    def case(number, dept, status, month=4, **fields):
        fields.setdefault("filed_at", local(2026, month, 10))
        return ComplaintFactory(
            campaign=campaign, number=number, department=dept, status=status, **fields
        )

    def follow(complaint, *levels):
        for n, level in enumerate(levels):
            FollowUpFactory(
                complaint=complaint,
                satisfaction=level,
                created_at=timezone.now() - (len(levels) - n) * DAY,
            )

    concluded = {"concluded_at": timezone.now()}
    a1 = case("A1", dept_a, S.CLOSED, 3, finding="true", kind="inaction", **concluded)
    follow(a1, 2, 5)
    a2 = case("A2", dept_a, S.CLOSED, 3, finding="false", was_late=True, **concluded)
    follow(a2, 1)
    a3 = case("A3", dept_a, S.ANSWERED, 4, finding="partly_true", **concluded)
    follow(a3, 3)
    a4 = case("A4", dept_a, S.CLOSED, 4, finding="false", **concluded)
    follow(a4, 4)
    a5 = case("A5", dept_a, S.CLOSED, 4, finding="false", **concluded)
    follow(a5, 2)
    case("A6", dept_a, S.FORWARDED, 5, reply_due=today - DAY, kind="inaction")
    case("A7", dept_a, S.REPLIED, 5, reply_due=today - DAY, close_due=today + 9 * DAY)
    case("A8", dept_a, S.FORWARDED, 5, reply_due=today + 5 * DAY)
    case("A9", dept_a, S.NOT_ACCEPTED, 6, kind="orders")
    case("A10", dept_a, S.MERGED, 6, kind="orders")
    for n, level in enumerate([5, 5, 4, 4]):
        follow(case(f"B{n}", dept_b, S.CLOSED, 7, finding="false", **concluded), level)
    for n, level in enumerate([5, 5, 5, 4, 4]):
        # Filed 00:30 on 1 May in Shanghai (30 April in UTC): counted in May.
        filed = local(2026, 5, 1, 0, 30)
        follow(case(f"C{n}", dept_c, S.CLOSED, finding="false", filed_at=filed, **concluded), level)
    case("U1", None, S.REGISTERED, 11)
    other = CampaignFactory(year=2025)
    ComplaintFactory(campaign=other, number="OLD", department=dept_a, status=S.CLOSED)
    return campaign


def test_counts_by_kind_and_month(year):
    kinds, months = selectors.by_kind_and_month(year)
    assert sum(kinds.values()) == 19  # 9 + 4 + 5 + 1, not the merged one, not 2025's
    assert kinds["inaction"] == 2 and kinds["orders"] == 1
    assert kinds["attitude"] == 16 and kinds["integrity"] == 0
    assert list(kinds) == ["inaction", "misconduct", "attitude", "inefficiency", "integrity",
                           "responsibility", "orders"]  # fmt: skip
    assert months == [0, 0, 2, 3, 8, 1, 4, 0, 0, 0, 1, 0]


def test_units_outcomes_timeliness_and_satisfaction(year):
    units = {row["code"]: row for row in selectors.by_unit(year)}
    a = units["A01"]
    assert (a["total"], a["n_true"], a["n_partly_true"], a["n_false"]) == (9, 1, 1, 3)
    assert (a["n_not_accepted"], a["n_open"]) == (1, 3)
    assert (a["rated"], a["on_time"], a["on_time_rate"]) == (7, 5, 71.4)
    assert (a["followed_up"], a["satisfied"], a["satisfied_share"]) == (5, 3, 60.0)
    assert a["mean_satisfaction"] == 3.0  # the latest follow-up of a1 (5), not its first (2)
    b, c = units["B01"], units["C01"]
    assert (b["total"], b["rated"], b["on_time_rate"], b["mean_satisfaction"]) == (4, 4, 100, 4.5)
    assert (c["rated"], c["on_time"], c["mean_satisfaction"], c["satisfied_share"]) == (
        5, 5, 4.6, 100.0,
    )  # fmt: skip
    unknown = units[None]
    assert unknown["department_id"] is None and unknown["n_open"] == 1
    assert unknown["rated"] == 0 and unknown["on_time_rate"] is None


def test_only_units_with_five_counted_cases_are_ranked(year):
    data = selectors.statistics(year)
    assert [row["code"] for row in data["on_time_ranking"]] == ["C01", "A01"]
    assert [row["code"] for row in data["satisfaction_ranking"]] == ["C01", "A01"]


def test_a_fifth_case_brings_a_unit_into_the_ranking(year, dept_b):
    case = ComplaintFactory(
        campaign=year, number="B9", department=dept_b, status=S.CLOSED, finding="false"
    )
    on_time, satisfaction = selectors.rankings(selectors.by_unit(year))
    assert [row["code"] for row in on_time] == ["B01", "C01", "A01"]  # tie: by code
    assert "B01" not in [row["code"] for row in satisfaction]  # 4 follow-ups still
    FollowUpFactory(complaint=case, satisfaction=1)
    _on_time, satisfaction = selectors.rankings(selectors.by_unit(year))
    assert [row["code"] for row in satisfaction] == ["C01", "B01", "A01"]  # 4.6, 3.8, 3.0


def test_totals(year):
    totals = selectors.statistics(year)["totals"]
    assert totals["total"] == 19
    assert totals["outcomes"] == {
        "true": 1, "partly_true": 1, "false": 12, "not_accepted": 1, "open": 4,
    }  # fmt: skip
    assert (totals["rated"], totals["on_time"]) == (16, 14)
    assert totals["on_time_rate"] == 87.5
    assert totals["followed_up"] == 14
    assert totals["mean_satisfaction"] == round((15 + 18 + 23) / 14, 2)
    assert totals["satisfied"] == 12


def test_page_shows_the_figures(client, year):
    response = client.get(reverse("complaints:statistics"), {"year": 2026})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-total="cases">19<' in html
    assert 'data-total="on_time_rate">87.5%<' in html
    assert 'id="statistics-data"' in html and "vendor/echarts/echarts.min.js" in html
    for table in ("month", "kind", "outcome", "units", "on_time_ranking", "satisfaction_ranking"):
        assert f'data-table="{table}"' in html  # each chart's table fallback
    chart = response.context["chart"]
    assert chart["month_counts"] == [0, 0, 2, 3, 8, 1, 4, 0, 0, 0, 1, 0]
    assert chart["on_time_rates"] == [100.0, 71.4]
    assert chart["satisfaction_means"] == [4.6, 3.0]
    assert chart["units"][0] == "甲局"


def test_default_year_is_the_running_campaign(client, year):
    response = client.get(reverse("complaints:statistics"))
    assert response.context["campaign"] == Campaign.objects.running() == year


@pytest.mark.parametrize("value", ["1999", "abc", "-1"])
def test_unknown_year_is_404(client, year, value):
    assert client.get(reverse("complaints:statistics"), {"year": value}).status_code == 404


def test_without_any_campaign(client, db):
    response = client.get(reverse("complaints:statistics"))
    assert response.status_code == 200
    assert 'data-empty="campaign"' in response.content.decode()


# --- notices and typical cases -----------------------------------------------------------------


@pytest.fixture
def published(year, dept_a, users):
    true_case = ComplaintFactory(
        campaign=year, number="T-1", department=dept_a, status=S.CLOSED, finding="true"
    )
    notice = issue_notice(
        campaign=year, department=dept_a, title="关于县甲局窗口推诿扯皮的通报",
        body="经查属实，予以通报批评。", cause=true_case,
        issued_by=users["clerk"], approved_by=users["leader"],
    )  # fmt: skip
    other_notice = issue_notice(
        campaign=year, department=dept_a, title="有诺不践的通报", body="…", cause=None,
        issued_by=users["clerk"], approved_by=users["leader"],
    )  # fmt: skip
    typical = TypicalCaseFactory(complaint=true_case, title="推诿扯皮典型案例")
    return {"case": true_case, "notice": notice, "other": other_notice, "typical": typical}


def test_notices_and_typical_cases_of_the_year_are_linked(client, published):
    html = client.get(reverse("complaints:statistics"), {"year": 2026}).content.decode()
    assert f'href="{published["notice"].get_absolute_url()}"' in html
    assert "有诺不践的通报" not in html  # not caused by a complaint
    assert f'href="{reverse("complaints:typical_case", args=[published["typical"].pk])}"' in html
    assert reverse("complaints:typical_feed") in html


def test_typical_case_list_and_detail(client, published, dept_a):
    typical = published["typical"]
    listing = client.get(reverse("complaints:typical_cases"))
    assert listing.status_code == 200 and typical.title in listing.content.decode()
    response = client.get(reverse("complaints:typical_case", args=[typical.pk]))
    html = response.content.decode()
    assert typical.title in html and typical.body in html
    assert dept_a.name in html and 'data-field="year">2026<' in html
    with translation.override("zh-hans"):
        assert f'data-field="finding">{Finding.TRUE.label}<' in html
    # Nothing else of the case: not its number, description, place.
    assert "T-1" not in html and DESCRIPTION not in html and "县行政服务中心二楼" not in html


def test_typical_case_not_yet_published_or_missing_is_404(client, published):
    later = TypicalCaseFactory(published_at=timezone.now() + DAY)
    assert client.get(reverse("complaints:typical_case", args=[later.pk])).status_code == 404
    assert client.get(reverse("complaints:typical_case", args=[99999])).status_code == 404
    assert later.title not in client.get(reverse("complaints:typical_cases")).content.decode()


def test_typical_feed(client, published):
    response = client.get(reverse("complaints:typical_feed"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert published["typical"].title in body and published["typical"].body in body
    assert published["typical"].get_absolute_url() in body


def test_typical_cases_paginated(client, campaign):
    for _n in range(23):
        TypicalCaseFactory(complaint__campaign=campaign)
    first = client.get(reverse("complaints:typical_cases"))
    assert len(first.context["page"]) == 20 and first.context["page"].has_next()
    assert len(client.get(reverse("complaints:typical_cases"), {"page": 2}).context["page"]) == 3


def test_no_public_page_identifies_a_complainant(client, year, published):
    urls = [
        reverse("complaints:statistics"),
        reverse("complaints:statistics") + "?year=2026",
        reverse("complaints:typical_cases"),
        reverse("complaints:typical_case", args=[published["typical"].pk]),
        reverse("complaints:typical_feed"),
    ]
    for url in urls:
        body = client.get(url).content.decode()
        assert REAL_NAME not in body and REAL_PHONE not in body, url
        assert DESCRIPTION not in body, url


# --- bounded queries and access ----------------------------------------------------------------


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context)


def test_same_queries_at_50_and_5000_cases(client, campaign, users):
    units = [DepartmentFactory(code=f"S{n:02d}") for n in range(12)]
    cases = bulk_complaints(50, campaign=campaign, departments=units)
    FollowUpFactory(complaint=cases[0])
    TypicalCaseFactory(complaint=cases[1])
    url = reverse("complaints:statistics") + "?year=2026"
    _count_queries(client, url)  # warm-up
    at_50 = _count_queries(client, url)
    assert at_50 <= 10
    more = bulk_complaints(4950, campaign=campaign, departments=units, start=50)
    FollowUp.objects.bulk_create(
        FollowUp(complaint=case, satisfaction=1 + n % 5, channel="phone")
        for n, case in enumerate(more[::3])
    )
    assert _count_queries(client, url) == at_50
    listing = reverse("complaints:typical_cases")
    assert _count_queries(client, listing) == _count_queries(client, listing)


WHO = ["staff_a", "head_a", "reviewer", "clerk", "leader", "admin", None]


@pytest.mark.parametrize("who", WHO, ids=[w or "anonymous" for w in WHO])
@pytest.mark.parametrize(
    "name", ["complaints:statistics", "complaints:typical_cases", "complaints:typical_case",
             "complaints:typical_feed"],
)  # fmt: skip
def test_public_pages_are_open_to_anyone(client, users, published, who, name):
    if who:
        client.force_login(users[who])
    args = [published["typical"].pk] if name == "complaints:typical_case" else []
    assert client.get(reverse(name, args=args)).status_code == 200
