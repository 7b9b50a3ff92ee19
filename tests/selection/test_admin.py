"""Admins edit each campaign's shortlist limits; the workflow records are read-only there."""

import pytest
from django.urls import reverse

from selection.models import SelectionSettings

pytestmark = pytest.mark.django_db

PAGES = [
    "selection_selectionsettings",
    "selection_panel",
    "selection_shortlistentry",
    "selection_rankingrun",
    "selection_award",
]


@pytest.mark.parametrize("page", PAGES)
def test_admin_lists_open(client, users, lists, page):
    client.force_login(users["admin"])
    assert client.get(reverse(f"admin:{page}_changelist")).status_code == 200


def test_admin_sets_a_campaigns_limits(client, users, campaign):
    client.force_login(users["admin"])
    url = reverse("admin:selection_selectionsettings_add")
    response = client.post(url, {"campaign": campaign.pk, "list_limit": 5, "unit_limit": 2})
    assert response.status_code == 200  # fewer than ten: refused beside the field
    assert "list_limit" in response.context["adminform"].form.errors
    response = client.post(url, {"campaign": campaign.pk, "list_limit": 40, "unit_limit": 2})
    assert response.status_code == 302
    limits = SelectionSettings.for_campaign(campaign)
    assert (limits.list_limit, limits.unit_limit) == (40, 2)


def test_workflow_records_are_read_only(client, users, lists):
    client.force_login(users["admin"])
    assert client.get(reverse("admin:selection_shortlistentry_add")).status_code == 403
