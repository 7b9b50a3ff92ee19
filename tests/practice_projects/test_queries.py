"""The inside pages run a bounded number of queries, however many records there are."""

import pytest
from django.urls import reverse

from tests.practice_projects.factories import act, approved_project, file_progress

pytestmark = pytest.mark.django_db


def many(campaign, users, n):
    for _ in range(n):
        project = approved_project(campaign, users)
        report = file_progress(project, users["staff_a"])
        act(report, "submit", users["head_a"])
        sub = approved_project(campaign, users, sub_unit=True)
        file_progress(sub, users["staff_sub"])


@pytest.mark.parametrize("n", [1, 6])
def test_our_projects_page(client, campaign, users, n, django_assert_num_queries):
    many(campaign, users, n)
    client.force_login(users["head_a"])
    with django_assert_num_queries(17):
        assert client.get(reverse("practice_projects:mine")).status_code == 200


@pytest.mark.parametrize("n", [1, 6])
def test_the_review_queue(client, campaign, users, n, django_assert_num_queries):
    many(campaign, users, n)
    client.force_login(users["clerk"])
    with django_assert_num_queries(9):
        assert client.get(reverse("practice_projects:review_queue")).status_code == 200


@pytest.mark.parametrize("n", [1, 6])
def test_a_projects_inside_page(client, campaign, users, n, django_assert_num_queries):
    many(campaign, users, n)
    project = approved_project(campaign, users)
    file_progress(project, users["staff_a"])
    client.force_login(users["staff_a"])
    with django_assert_num_queries(10):
        assert client.get(project.get_absolute_url()).status_code == 200
