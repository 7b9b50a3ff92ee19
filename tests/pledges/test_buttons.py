"""A page never offers what the service would refuse: the step buttons of every pledge page
are the record's table's answer for the user who reads it."""

import pytest

from efficiency_center.workflow import allowed_actions
from pledges import services
from tests.pages import offered_steps
from tests.pledges.factories import act, confirm, png_upload, refreshed, submit_and_publish

pytestmark = pytest.mark.django_db
READERS = ["staff_a", "head_a", "staff_sub", "head_sub", "clerk", "leader", "admin"]


def check_page(client, users, record, url):
    for username in READERS:
        client.force_login(users[username])
        response = client.get(url)
        if response.status_code == 404:
            continue
        assert offered_steps(response) == allowed_actions(refreshed(record), users[username]), (
            username,
            record.state if hasattr(record, "state") else record.decision,
        )


def test_pledge_pages_in_every_state(client, campaign, users):
    sub = services.pledge_start(user=users["staff_sub"], campaign=campaign)
    for user, action in [(None, None), ("head_sub", "submit"), ("head_a", "endorse")]:
        if action:
            act(sub, users[user], action)
        check_page(client, users, sub, sub.get_absolute_url())
    pledge = services.pledge_start(user=users["staff_a"], campaign=campaign)
    check_page(client, users, pledge, pledge.get_absolute_url())
    pledge = submit_and_publish(pledge, users)
    check_page(client, users, pledge, pledge.get_absolute_url())


def test_report_and_breach_pages(client, campaign, users, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    pledge = submit_and_publish(
        services.pledge_start(user=users["staff_a"], campaign=campaign), users
    )
    report = services.fulfilment_start(pledge=pledge, quarter=1, user=users["staff_a"])
    report.entries.update(text="已办结")
    for user, action in [(None, None), ("head_a", "submit")]:
        if action:
            act(report, users[user], action)
        check_page(client, users, report, report.get_absolute_url())
    breach = services.broken_pledge_record(
        item=pledge.items.first(),
        quarter=1,
        description="未报备",
        evidence=[png_upload()],
        user=users["clerk"],
    )
    check_page(client, users, breach, breach.get_absolute_url())
    check_page(client, users, confirm(breach, users["leader"]), breach.get_absolute_url())
