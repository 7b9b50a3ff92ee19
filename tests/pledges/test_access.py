"""Every pledge URL × every kind of user. Another unit's record answers 404, like a missing one;
a page the role never opens answers 403; anonymous users are sent to log in."""

import pytest
from django.urls import reverse

from efficiency_center.review import State
from pledges import services
from pledges.models import BrokenPledge, FulfilmentReport
from tests.pledges.factories import act, confirm, png_upload, refreshed, submit_and_publish

pytestmark = pytest.mark.django_db

USERS = [
    "anonymous",
    "staff_a",
    "head_a",
    "staff_b",
    "head_b",
    "staff_sub",
    "head_sub",
    "clerk",
    "leader",
    "reviewer",
    "admin",
]


def expect(default, **overrides):
    table = dict.fromkeys(USERS, default)
    table["anonymous"] = 302
    table.update(overrides)
    return table


# Who reads the working pages of 县甲局's records: its own people and the center.
OWN_A = expect(404, staff_a=200, head_a=200, clerk=200, leader=200, admin=200)
# A sub-unit's records: its own people, its supervising department's head, the center.
OWN_SUB = expect(404, staff_sub=200, head_sub=200, head_a=200, clerk=200, leader=200, admin=200)
EDIT_A = expect(404, staff_a=200, head_a=200, clerk=403, leader=403, admin=403)
EDIT_SUB = expect(404, staff_sub=200, head_sub=200, head_a=403, clerk=403, leader=403, admin=403)
# A published record is not editable: its own people are sent back to its page.
EDIT_PUBLISHED_A = expect(404, staff_a=302, head_a=302, clerk=403, leader=403, admin=403)
PUBLIC = expect(200, anonymous=200)
NOBODY = expect(404, anonymous=404)
UNIT_ONLY = expect(403, staff_a=200, head_a=200, staff_b=200, head_b=200, staff_sub=200)
UNIT_ONLY.update(head_sub=200)
CENTER_ONLY = expect(403, clerk=200, leader=200, admin=200)
CLERK_ONLY = expect(403, clerk=200)
PENDING_BREACH = expect(404, clerk=200, leader=200, admin=200)
CONFIRMED_BREACH = OWN_A

CASES = {
    # name: (url name, object key or None, expected statuses)
    "detail_draft": ("pledges:detail", "correction_a", OWN_A),
    "detail_published": ("pledges:detail", "published_a", OWN_A),
    "detail_sub": ("pledges:detail", "draft_sub", OWN_SUB),
    "edit_draft": ("pledges:edit", "correction_a", EDIT_A),
    "edit_sub": ("pledges:edit", "draft_sub", EDIT_SUB),
    "edit_published": ("pledges:edit", "published_a", EDIT_PUBLISHED_A),
    "public_published": ("pledges:public_detail", "published_a", PUBLIC),
    "public_draft": ("pledges:public_detail", "correction_a", NOBODY),
    "public_pdf_draft": ("pledges:public_pdf", "draft_sub", NOBODY),
    "public_list": ("pledges:public_list", None, PUBLIC),
    "feed": ("pledges:feed", None, PUBLIC),
    "report_detail": ("pledges:fulfilment_detail", "report_a", OWN_A),
    "report_edit": ("pledges:fulfilment_edit", "report_a", EDIT_A),
    "breach_pending": ("pledges:breach_detail", "breach_pending", PENDING_BREACH),
    "breach_confirmed": ("pledges:breach_detail", "breach_confirmed", CONFIRMED_BREACH),
    "breach_new": ("pledges:breach_new", "published_a", CLERK_ONLY),
    "mine": ("pledges:mine", None, UNIT_ONLY),
    "review_queue": ("pledges:review_queue", None, CENTER_ONLY),
    "progress": ("pledges:progress", None, CENTER_ONLY),
    "fulfilment_overview": ("pledges:fulfilment_overview", None, CENTER_ONLY),
    "breach_queue": ("pledges:breach_queue", None, CENTER_ONLY),
    "export": ("pledges:export", None, CENTER_ONLY),
}


@pytest.fixture
def world(campaign, users, media):
    """Published pledge of 县甲局 with a correction in draft, a Q1 report in draft and two
    breaches (one pending, one confirmed); a signed-off-nothing draft of its sub-unit."""
    published_a = submit_and_publish(
        services.pledge_start(user=users["staff_a"], campaign=campaign), users
    )
    report_a = services.fulfilment_start(pledge=published_a, quarter=1, user=users["staff_a"])
    correction_a = services.pledge_start_correction(pledge=published_a, user=users["staff_a"])
    draft_sub = services.pledge_start(user=users["staff_sub"], campaign=campaign)
    first, second = published_a.items.all()[:2]
    record = services.broken_pledge_record
    breach_pending = record(
        item=first, quarter=1, description="未兑现", evidence=[png_upload()], user=users["clerk"]
    )
    breach_confirmed = record(
        item=second, quarter=1, description="未兑现", evidence=[png_upload()], user=users["clerk"]
    )
    confirm(breach_confirmed, users["leader"])
    return {
        "published_a": published_a,
        "correction_a": correction_a,
        "draft_sub": draft_sub,
        "report_a": report_a,
        "breach_pending": breach_pending,
        "breach_confirmed": breach_confirmed,
    }


def log_in(client, users, username):
    if username != "anonymous":
        client.force_login(users[username])


@pytest.mark.parametrize("username", USERS)
@pytest.mark.parametrize("case", CASES)
def test_access_matrix(client, users, world, case, username):
    url_name, key, expected = CASES[case]
    url = reverse(url_name, args=[world[key].pk]) if key else reverse(url_name)
    log_in(client, users, username)
    response = client.get(url)
    assert response.status_code == expected[username], (case, username)
    if response.status_code == 302 and username == "anonymous":
        assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("username", ["anonymous", "staff_a", "staff_b"])
def test_public_pdf_of_a_published_pledge_is_open_to_all(client, users, world, username):
    log_in(client, users, username)
    response = client.get(reverse("pledges:public_pdf", args=[world["published_a"].pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


# The writes: another unit's user gets 404 and nothing changes.
POSTS = [
    ("pledges:act", "correction_a", {"action": "submit", "version": 1}),
    ("pledges:correct", "published_a", {}),
    ("pledges:fulfilment_start", "published_a", {"quarter": 2}),
    ("pledges:fulfilment_act", "report_a", {"action": "submit", "version": 1}),
]


@pytest.mark.parametrize("username", ["staff_b", "head_b", "staff_sub", "head_sub", "reviewer"])
@pytest.mark.parametrize("url_name,key,data", POSTS)
def test_writes_to_another_units_records_answer_404(
    client, users, world, username, url_name, key, data
):
    log_in(client, users, username)
    before = {
        k: (type(v).objects.get(pk=v.pk).version)
        for k, v in world.items()
        if k != "breach_pending" and k != "breach_confirmed"
    }
    response = client.post(reverse(url_name, args=[world[key].pk]), data)
    assert response.status_code == 404
    after = {k: (type(v).objects.get(pk=v.pk).version) for k, v in world.items() if k in before}
    assert after == before
    assert FulfilmentReport.objects.count() == 1


def test_anonymous_writes_go_to_login(client, world):
    for url_name, key, data in POSTS:
        response = client.post(reverse(url_name, args=[world[key].pk]), data)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert refreshed(world["correction_a"]).state == State.DRAFT


@pytest.mark.parametrize("username", ["staff_a", "head_a", "clerk", "admin"])
def test_only_a_leader_decides_a_breach(client, users, world, username):
    log_in(client, users, username)
    breach = world["breach_pending"]
    response = client.post(
        reverse("pledges:breach_decide", args=[breach.pk]), {"action": "approve", "version": 1}
    )
    assert response.status_code == 403
    assert refreshed(breach).decision == BrokenPledge.Outcome.PENDING


def test_own_staff_cannot_sign_off(client, users, world):
    log_in(client, users, "staff_a")
    pledge = world["correction_a"]
    client.post(reverse("pledges:act", args=[pledge.pk]), {"action": "submit", "version": 1})
    assert refreshed(pledge).state == State.DRAFT
    act(pledge, users["head_a"], "submit")
    assert refreshed(pledge).state == State.SUBMITTED
