"""The public notices hub: every app's notices, newest first, filterable by year, unit and cause
(from the cause's app), paginated; the Atom feed takes the same filters; bounded queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from efficiency_center.notices import PublicNotice, issue_notice
from tests.assessment.factories import ComplaintOfUnit, breach
from tests.assessment.html import parse
from tests.factories import CampaignFactory

pytestmark = pytest.mark.django_db


def when(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))


@pytest.fixture
def notices(campaign, dept_a, dept_b, users):
    """Four notices: 2026 A pledge, 2026 B complaint, 2026 A other (no cause), 2025 B pledge."""
    older = CampaignFactory(year=2025)

    def make(campaign, unit, cause, title, day):
        notice = issue_notice(
            campaign=campaign, department=unit, title=title, body="……", cause=cause,
            issued_by=users["clerk"], approved_by=users["leader"],
        )  # fmt: skip
        PublicNotice.objects.filter(pk=notice.pk).update(published_at=when(day))
        return notice

    clerk = users["clerk"]
    return {
        "a_pledge": make(campaign, dept_a, breach(campaign, dept_a, recorded_by=clerk),
                         "甲局有诺不践", datetime.date(2026, 5, 1)),
        "b_complaint": make(campaign, dept_b, ComplaintOfUnit(campaign=campaign, department=dept_b),
                            "乙局投诉查实", datetime.date(2026, 6, 1)),
        "a_other": make(campaign, dept_a, None, "甲局领导决定通报", datetime.date(2026, 7, 1)),
        "b_old": make(older, dept_b, breach(older, dept_b, recorded_by=clerk),
                      "乙局2025有诺不践", datetime.date(2025, 9, 1)),
    }  # fmt: skip


def listed(client, query=""):
    response = client.get(reverse("notice_list") + query)
    assert response.status_code == 200
    soup = parse(response.content)
    return [int(li["data-notice"]) for li in soup.select("[data-notice]")], soup


def ids(notices, *names):
    return [notices[name].pk for name in names]


def test_everything_newest_first(client, notices):
    found, soup = listed(client)
    assert found == ids(notices, "a_other", "b_complaint", "a_pledge", "b_old")
    causes = [li["data-cause"] for li in soup.select("[data-notice]")]
    assert causes == ["other", "complaint", "pledge", "pledge"]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("?year=2026", ["a_other", "b_complaint", "a_pledge"]),
        ("?year=2025", ["b_old"]),
        ("?unit=B01", ["b_complaint", "b_old"]),
        ("?cause=pledge", ["a_pledge", "b_old"]),
        ("?cause=complaint", ["b_complaint"]),
        ("?cause=other", ["a_other"]),
        ("?year=2026&unit=A01&cause=pledge", ["a_pledge"]),
        ("?year=1999", []),
        ("?year=abc&cause=bogus", ["a_other", "b_complaint", "a_pledge", "b_old"]),
    ],
)
def test_filters(client, notices, query, expected):
    assert listed(client, query)[0] == ids(notices, *expected)


def test_the_filter_form_and_the_feed_link_keep_the_choice(client, notices):
    _found, soup = listed(client, "?year=2026&cause=complaint")
    assert soup.select_one("#f-year option[selected]")["value"] == "2026"
    assert soup.select_one("#f-cause option[selected]")["value"] == "complaint"
    assert [o["value"] for o in soup.select("#f-year option")] == ["", "2026", "2025"]
    assert [o["value"] for o in soup.select("#f-unit option")] == ["", "A01", "B01"]
    feed = soup.select_one('[data-link="feed"]')["href"]
    assert feed == reverse("notice_feed") + "?year=2026&cause=complaint"


def test_pagination_keeps_the_filters(client, campaign, dept_a, users):
    PublicNotice.objects.bulk_create(
        PublicNotice(campaign=campaign, department=dept_a, title=f"通报{i}", body="…",
                     issued_by=users["clerk"], approved_by=users["leader"])
        for i in range(25)
    )  # fmt: skip
    found, soup = listed(client, "?unit=A01&cause=other")
    assert len(found) == 20
    next_link = soup.select_one("[data-next-page]")["href"]
    assert "unit=A01" in next_link and "cause=other" in next_link and "page=2" in next_link
    assert len(listed(client, "?unit=A01&cause=other&page=2")[0]) == 5


def test_the_feed_takes_the_same_filters(client, notices):
    everything = client.get(reverse("notice_feed")).content.decode()
    for notice in notices.values():
        assert notice.title in everything
    filtered = client.get(reverse("notice_feed") + "?unit=B01&cause=pledge").content.decode()
    assert "乙局2025有诺不践" in filtered
    assert "乙局投诉查实" not in filtered and "甲局有诺不践" not in filtered
    assert "?unit=B01&amp;cause=pledge" in filtered  # the feed's link to the filtered list


def test_a_notice_still_opens(client, notices):
    response = client.get(notices["a_pledge"].get_absolute_url())
    assert response.status_code == 200 and "甲局有诺不践" in response.content.decode()


def count(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", ["/notices/?cause=pledge", "/notices/feed/?year=2026"])
def test_bounded_queries(client, notices, campaign, dept_a, dept_b, users, url):
    few = count(client, url)
    for unit in (dept_a, dept_b):
        for _n in range(15):
            issue_notice(
                campaign=campaign, department=unit, title="通报", body="…",
                cause=breach(campaign, unit, recorded_by=users["clerk"]),
                issued_by=users["clerk"], approved_by=users["leader"],
            )  # fmt: skip
    assert count(client, url) == few
