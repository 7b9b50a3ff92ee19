"""Public pages: the quarterly competition (constant queries), a unit's year, what is public."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from achievements import selectors
from achievements.models import Achievement, Category
from efficiency_center.review import State
from tests.achievements.factories import AchievementFactory, verified
from tests.factories import DepartmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def many(campaign, count, units=25):
    """`count` verified achievements of Q1 spread over `units` units, in one insert."""
    departments = [DepartmentFactory(code=f"P{n:03d}") for n in range(units)]
    author = UserFactory(role="staff", department=departments[0])
    categories = list(Category.objects.filter(campaign=campaign))
    Achievement.objects.bulk_create(
        Achievement(
            campaign=campaign, department=departments[n % units], quarter=1,
            title=f"实绩{n}", focus_area="service", category=categories[n % len(categories)],
            is_101=n % 3 == 0, description="…", cases_handled=n % 17 + 1, people_served=n % 5,
            period_start=datetime.date(2026, 1, 1), period_end=datetime.date(2026, 3, 1),
            state=State.APPROVED if n % 4 else State.PUBLISHED, is_typical=n % 4 == 0,
            created_by=author,
        )
        for n in range(count)
    )  # fmt: skip


COMPETITION_QUERIES = 3  # the campaign, the ranking, the categories


@pytest.mark.parametrize("count", [5, 1000])
def test_competition_runs_the_same_queries_for_5_and_1000(
    client, campaign, count, django_assert_num_queries
):
    many(campaign, count)
    url = reverse("achievements:competition", args=[campaign.year, 1])
    with django_assert_num_queries(COMPETITION_QUERIES):
        response = client.get(url)
    assert response.status_code == 200
    assert response.context["totals"]["verified"] == count
    assert b"echarts.min.js" in response.content and b"competition-data" in response.content


def test_competition_ranks_by_verified_then_typical_then_101(client, campaign, dept_a, dept_b):
    verified(campaign=campaign, department=dept_a, cases_handled=10)
    verified(campaign=campaign, department=dept_b, is_typical=True, cases_handled=5)
    verified(campaign=campaign, department=dept_b, cases_handled=7)
    AchievementFactory(campaign=campaign, department=dept_a, state=State.SUBMITTED)
    AchievementFactory(
        campaign=campaign, department=dept_a, state=State.SUBMITTED,
        not_accepted_at=datetime.datetime(2026, 3, 25, tzinfo=datetime.UTC),
    )  # fmt: skip
    ranking = selectors.competition(campaign, 1)["ranking"]
    assert [r["department__code"] for r in ranking] == ["B01", "A01"]
    assert ranking[0]["verified"] == 2 and ranking[0]["typical"] == 1
    assert ranking[0]["sum_cases_handled"] == 12
    assert ranking[1]["verified"] == 1


def test_competition_index_redirects_to_the_current_quarter(client, campaign):
    response = client.get(reverse("achievements:competition_index"))
    assert response.status_code == 302 and f"/{campaign.year}/q" in response.url


def test_unknown_quarter_or_year_is_404(client, campaign):
    assert client.get(f"/achievements/competition/{campaign.year}/q5/").status_code == 404
    assert client.get("/achievements/competition/1999/q1/").status_code == 404


def test_unit_page_shows_only_verified_achievements_of_the_year(client, campaign, dept_a):
    shown = verified(campaign=campaign, department=dept_a, title="已核实的实绩")
    AchievementFactory(campaign=campaign, department=dept_a, title="草稿实绩")
    AchievementFactory(
        campaign=campaign, department=dept_a, title="提交待核实", state=State.SUBMITTED
    )
    url = reverse("achievements:unit_public", args=[campaign.year, dept_a.code])
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url).content.decode()
    assert shown.title in page and "草稿实绩" not in page and "提交待核实" not in page
    assert len(queries) <= 4


@pytest.mark.parametrize("state", [State.DRAFT, State.SIGNED, State.SUBMITTED, State.RETURNED])
def test_unverified_achievements_are_not_public(client, campaign, dept_a, state):
    achievement = AchievementFactory(campaign=campaign, department=dept_a, state=state)
    assert client.get(achievement.get_public_url()).status_code == 404


def test_verified_achievement_has_a_public_page(client, campaign, dept_a):
    achievement = verified(campaign=campaign, department=dept_a)
    response = client.get(achievement.get_public_url())
    assert response.status_code == 200
    assert response.context["form"] is None  # not on display: no objection form


def test_public_list_queries_are_bounded(client, campaign, users):
    from achievements import services

    for _batch in range(2):
        for _ in range(3):
            achievement = verified(campaign=campaign, department=DepartmentFactory())
            achievement.is_typical = True
            achievement.save()
        typical = Achievement.objects.filter(is_typical=True, batch=None)
        services.publicity_open(
            user=users["clerk"], campaign=campaign, quarter=1,
            achievement_ids=list(typical.values_list("pk", flat=True)),
        )  # fmt: skip
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("achievements:public_list"))
    assert len(response.context["batches"]) == 2
    assert len(queries) <= 5


def test_real_deed_candidates_are_the_verified_achievements(campaign, dept_a):
    typical = verified(campaign=campaign, department=dept_a, is_typical=True)
    plain = verified(campaign=campaign, department=dept_a)
    on_display = verified(campaign=campaign, department=dept_a, state=State.PUBLISHED)
    AchievementFactory(campaign=campaign, department=dept_a, state=State.SUBMITTED)
    candidates = list(selectors.real_deed_candidates(campaign))
    assert candidates[0] == typical
    assert set(candidates) == {typical, plain, on_display}
