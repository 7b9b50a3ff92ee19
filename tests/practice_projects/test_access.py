"""The access matrix: every URL × the sub-unit's own staff and head, another unit's, the
supervising department's, the center's clerk and leader, and the public.

The records belong to sub_of_a, so that "the supervising department" is department A."""

import datetime

import pytest
from django.urls import reverse

from efficiency_center.review import State
from practice_projects import services
from practice_projects.models import CampaignPlan, ProgressReport, ProjectFiling
from tests.practice_projects.factories import approved_project, file_progress, file_project

pytestmark = pytest.mark.django_db

WHO = [
    "staff_sub",
    "head_sub",
    "staff_b",
    "head_b",
    "staff_a",
    "head_a",
    "clerk",
    "leader",
    "anonymous",
]
LOGIN = "login"

# group -> status per user
EXPECT = {
    # an internal page of the sub-unit's record: its unit, the supervising head, the center
    "read": dict(
        staff_sub=200,
        head_sub=200,
        staff_b=404,
        head_b=404,
        staff_a=404,
        head_a=200,
        clerk=200,
        leader=200,
        anonymous=LOGIN,
    ),
    # editing: only the unit's own staff and head (the others who may read get 403)
    "edit": dict(
        staff_sub=200,
        head_sub=200,
        staff_b=404,
        head_b=404,
        staff_a=404,
        head_a=403,
        clerk=403,
        leader=403,
        anonymous=LOGIN,
    ),
    "unit": dict(
        staff_sub=200,
        head_sub=200,
        staff_b=200,
        head_b=200,
        staff_a=200,
        head_a=200,
        clerk=403,
        leader=403,
        anonymous=LOGIN,
    ),
    "center": dict(
        staff_sub=403,
        head_sub=403,
        staff_b=403,
        head_b=403,
        staff_a=403,
        head_a=403,
        clerk=200,
        leader=200,
        anonymous=LOGIN,
    ),
    "public": dict.fromkeys(WHO, 200),
    "hidden": dict.fromkeys(WHO, 404),
}


@pytest.fixture
def records(campaign, users, sub_of_a):
    early_end = {"end_date": campaign.start_date + datetime.timedelta(days=70)}
    plan = services.plan_create(
        campaign=campaign,
        department=sub_of_a,
        user=users["staff_sub"],
        title="所方案",
        doc_number="1号",
        text="正文",
    )
    draft = file_project(campaign, users["staff_sub"])
    project = approved_project(campaign, users, sub_unit=True, **early_end)
    report = file_progress(project, users["staff_sub"], quarter=1)
    completion = services.completion_save(user=users["staff_sub"], project=project, summary="完成")
    fresh = approved_project(campaign, users, sub_unit=True, **early_end)
    return {
        "plan": plan,
        "draft": draft,
        "project": project,
        "report": report,
        "completion": completion,
        "fresh": fresh,
    }


def url_table(r):
    return [
        ("public_list", [], "public"),
        ("public_detail", [r["project"].pk], "public"),
        ("public_detail", [r["draft"].pk], "hidden"),
        ("public_version", [r["project"].pk, 1], "public"),
        ("mine", [], "unit"),
        ("project_create", [], "unit"),
        ("plan_detail", [r["plan"].pk], "read"),
        ("plan_edit", [r["plan"].pk], "edit"),
        ("project_detail", [r["project"].pk], "read"),
        ("project_detail", [r["draft"].pk], "read"),
        ("filing_detail", [r["draft"].filings.get().pk], "read"),
        ("filing_detail", [r["project"].current_id], "read"),
        ("filing_edit", [r["draft"].filings.get().pk], "edit"),
        ("filing_pdf", [r["draft"].filings.get().pk], "read"),
        ("progress_create", [r["project"].pk, 2], "edit"),
        ("progress_detail", [r["report"].pk], "read"),
        ("progress_edit", [r["report"].pk], "edit"),
        ("progress_pdf", [r["report"].pk], "read"),
        ("completion_create", [r["fresh"].pk], "edit"),
        ("completion_detail", [r["completion"].pk], "read"),
        ("completion_edit", [r["completion"].pk], "edit"),
        ("review_queue", [], "center"),
        ("desk", [], "center"),
        ("desk_export", [], "center"),
    ]


def log_in(client, users, who):
    if who != "anonymous":
        client.force_login(users[who])


@pytest.mark.parametrize("who", WHO)
def test_every_page_for_every_role(client, users, records, who):
    log_in(client, users, who)
    failures = []
    for name, args, group in url_table(records):
        response = client.get(reverse(f"practice_projects:{name}", args=args))
        expected = EXPECT[group][who]
        if expected == LOGIN:
            ok = response.status_code == 302 and "/accounts/login/" in response.url
        else:
            ok = response.status_code == expected
        if not ok:
            failures.append((name, args, group, response.status_code, expected))
    assert not failures


def test_the_plan_page_redirects_a_unit_that_has_one(client, users, records):
    client.force_login(users["staff_sub"])
    response = client.get(reverse("practice_projects:plan_create"))
    assert response.status_code == 302 and response.url == records["plan"].get_absolute_url()


ACTS = [
    ("plan_act", "plan"),
    ("filing_act", "draft_filing"),
    ("progress_act", "report"),
    ("completion_act", "completion"),
]


@pytest.mark.parametrize("who", WHO)
def test_review_actions_change_nothing_for_who_may_not(client, users, records, who):
    """Posting "approve" (with a rating) on a draft: refused for everyone; 404 for who may not
    see it, 403 for who may see it but not approve, the page with the message for the clerk."""
    records["draft_filing"] = records["draft"].filings.get()
    log_in(client, users, who)
    for name, key in ACTS:
        doc = records[key]
        response = client.post(
            reverse(f"practice_projects:{name}", args=[doc.pk]),
            {"action": "approve", "version": doc.version, "rating": "good"},
        )
        expected = EXPECT["read"][who]
        if expected == LOGIN:
            assert "/accounts/login/" in response.url
        elif expected == 404:
            assert response.status_code == 404
        elif who == "clerk":
            assert response.status_code == 303 and response.url == doc.get_absolute_url()
        else:
            assert response.status_code == 403
        doc.refresh_from_db()
        assert doc.state == State.DRAFT and doc.version == 1


@pytest.mark.parametrize(
    "who,status",
    [("staff_b", 404), ("staff_a", 404), ("head_a", 403), ("clerk", 403), ("leader", 403)],
)
def test_only_the_unit_starts_a_new_version(client, users, records, who, status):
    client.force_login(users[who])
    response = client.post(reverse("practice_projects:project_revise", args=[records["fresh"].pk]))
    assert response.status_code == status
    assert not ProjectFiling.objects.filter(revision=2).exists()


def test_the_supervising_head_endorses_from_the_page(client, users, records):
    filing = records["draft"].filings.get()
    client.force_login(users["head_sub"])
    client.post(
        reverse("practice_projects:filing_act", args=[filing.pk]),
        {"action": "submit", "version": filing.version},
    )
    filing.refresh_from_db()
    assert filing.state == State.SIGNED
    client.force_login(users["head_a"])
    page = client.get(filing.get_absolute_url()).content.decode()
    assert 'data-action="endorse"' in page and 'data-action="send_back"' in page
    client.post(
        reverse("practice_projects:filing_act", args=[filing.pk]),
        {"action": "endorse", "version": filing.version},
    )
    filing.refresh_from_db()
    assert filing.state == State.SUBMITTED


def test_the_head_sees_sub_units_on_our_projects(client, users, records):
    client.force_login(users["head_a"])
    page = client.get(reverse("practice_projects:mine")).content.decode()
    assert 'data-unit="A01S"' in page and f'data-plan="{records["plan"].pk}"' in page
    client.force_login(users["staff_a"])
    assert 'data-unit="A01S"' not in client.get(reverse("practice_projects:mine")).content.decode()


def test_the_head_sign_off_page_lists_our_documents(client, users, records):
    client.force_login(users["head_sub"])
    page = client.get(reverse("signoffs")).content.decode()
    assert records["plan"].get_absolute_url() in page
    assert records["report"].get_absolute_url() in page


def test_the_review_queue_lists_what_is_submitted(client, users, records):
    report = records["report"]
    for who, action in (("head_sub", "submit"), ("head_a", "endorse")):
        services.document_step(
            document=report, user=users[who], action=action, expected_version=report.version
        )
        report.refresh_from_db()
    client.force_login(users["clerk"])
    page = client.get(reverse("practice_projects:review_queue")).content.decode()
    assert report.get_absolute_url() in page
    assert CampaignPlan.objects.get().get_absolute_url() not in page  # still a draft
    assert ProgressReport.objects.get().state == State.SUBMITTED
