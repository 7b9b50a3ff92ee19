"""The access matrix: every URL of the assessment for every role, and the public."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

CENTER_ONLY = ["table", "entries", "overview", "export_xlsx", "export_pdf"]
ROLES = ["leader", "clerk", "staff_a", "head_a", "reviewer", "admin"]
CENTER_EXPECTED = {
    "leader": 200,
    "clerk": 200,
    "staff_a": 403,
    "head_a": 403,
    "reviewer": 403,
    "admin": 403,
}


def status(client, user, url, method="get", data=None):
    client.logout()
    if user is not None:
        client.force_login(user)
    return getattr(client, method)(url, data or {}).status_code


@pytest.mark.parametrize("name", CENTER_ONLY)
@pytest.mark.parametrize("role", ROLES)
def test_center_pages(client, users, ledger, name, role):
    assert status(client, users[role], reverse(f"assessment:{name}")) == CENTER_EXPECTED[role]


@pytest.mark.parametrize("name", CENTER_ONLY + ["unit_index", "close"])
def test_the_public_is_sent_to_log_in(client, campaign, name):
    response = client.get(reverse(f"assessment:{name}"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_public_cannot_open_a_units_page_or_correct(client, ledger):
    for url in (
        reverse("assessment:unit", args=["A01"]),
        reverse("assessment:reverse", args=[ledger["broken"].pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    "role, expected",
    [
        ("leader", 200),
        ("clerk", 403),
        ("staff_a", 403),
        ("head_a", 403),
        ("reviewer", 403),
        ("admin", 403),
    ],
)
def test_correct_and_close_are_for_leaders(client, users, ledger, role, expected):
    reverse_url = reverse("assessment:reverse", args=[ledger["broken"].pk])
    assert status(client, users[role], reverse_url) == expected
    assert status(client, users[role], reverse("assessment:close")) == expected


# Who opens which unit's page: the center any; a unit user its own; a key department's head
# also its sub-units'; anyone else gets 404 as for a unit that does not exist.
UNIT_MATRIX = [
    ("leader", {"A01": 200, "A01S": 200, "B01": 200}),
    ("clerk", {"A01": 200, "A01S": 200, "B01": 200}),
    ("staff_a", {"A01": 200, "A01S": 404, "B01": 404}),
    ("head_a", {"A01": 200, "A01S": 200, "B01": 404}),
    ("staff_sub", {"A01": 404, "A01S": 200, "B01": 404}),
    ("head_sub", {"A01": 404, "A01S": 200, "B01": 404}),
    ("head_b", {"A01": 404, "A01S": 404, "B01": 200}),
    ("reviewer", {"A01": 403, "A01S": 403, "B01": 403}),
    ("admin", {"A01": 403, "A01S": 403, "B01": 403}),
]


@pytest.mark.parametrize("role, expected", UNIT_MATRIX)
def test_unit_pages(client, users, ledger, role, expected):
    for code, code_status in expected.items():
        url = reverse("assessment:unit", args=[code])
        assert status(client, users[role], url) == code_status, code


def test_an_unknown_unit_is_404_for_the_center(client, users, campaign):
    assert status(client, users["leader"], reverse("assessment:unit", args=["NOPE"])) == 404


@pytest.mark.parametrize(
    "role, lands_on",
    [("staff_a", "A01"), ("head_a", "A01"), ("head_sub", "A01S"), ("staff_b", "B01")],
)
def test_the_unit_index_takes_a_unit_user_to_their_own_page(
    client, users, campaign, role, lands_on
):
    client.force_login(users[role])
    response = client.get(reverse("assessment:unit_index"))
    assert response.status_code == 302
    assert response["Location"] == reverse("assessment:unit", args=[lands_on]) + "?year=2026"


def test_the_unit_index_is_a_picker_for_the_center(client, users, ledger):
    client.force_login(users["clerk"])
    response = client.get(reverse("assessment:unit_index"))
    assert response.status_code == 200
    assert [u.code for u in response.context["units"]] == ["A01", "A01S", "B01"]
    picked = client.get(reverse("assessment:unit_index") + "?unit=B01&year=2026")
    assert picked["Location"] == reverse("assessment:unit", args=["B01"]) + "?year=2026"


def test_a_unit_user_picking_another_unit_still_gets_404(client, users, ledger):
    client.force_login(users["staff_a"])
    response = client.get(reverse("assessment:unit_index") + "?unit=B01", follow=True)
    assert response.status_code == 404


@pytest.mark.parametrize(
    "role, codes",
    [("head_a", ["A01", "A01S"]), ("staff_a", ["A01"]), ("head_sub", ["A01S"])],
)
def test_a_unit_users_picker_lists_what_they_may_open(client, users, ledger, role, codes):
    client.force_login(users[role])
    response = client.get(reverse("assessment:unit", args=[users[role].department.code]))
    assert [u.code for u in response.context["units"]] == codes


# --- the findings of the eight checks (八查八看) --------------------------------------------------


@pytest.fixture
def findings(campaign, dept_a, dept_b, users):
    """A final and a draft finding for 县甲局 and for 县乙局."""
    from assessment import services

    def write(unit, check, text, final):
        finding = services.check_finding_save(
            campaign=campaign, department=unit, check=check, user=users["clerk"], text=text,
            rating="good",
        )  # fmt: skip
        if final:
            services.check_finding_step(
                finding=finding, user=users["clerk"], action="finalize", expected_version=1
            )

    for unit in (dept_a, dept_b):
        write(unit, "pledges", f"{unit.code}定稿结论", True)
        write(unit, "fees", f"{unit.code}草稿结论", False)


# role: {unit: (status, reads the final finding, reads the draft)}
FINDINGS_MATRIX = [
    ("leader", {"A01": (200, True, True), "B01": (200, True, True)}),
    ("clerk", {"A01": (200, True, True), "B01": (200, True, True)}),
    ("staff_a", {"A01": (200, True, False), "B01": (404, False, False)}),
    ("head_a", {"A01": (200, True, False), "B01": (404, False, False)}),
    ("staff_sub", {"A01": (404, False, False), "B01": (404, False, False)}),
    ("head_b", {"A01": (404, False, False), "B01": (200, True, False)}),
]


@pytest.mark.parametrize("role, expected", FINDINGS_MATRIX)
def test_who_reads_which_units_findings(client, users, findings, role, expected):
    client.force_login(users[role])
    for code, (code_status, reads_final, reads_draft) in expected.items():
        response = client.get(reverse("assessment:unit", args=[code]))
        page = response.content.decode()
        assert response.status_code == code_status, code
        assert (f"{code}定稿结论" in page) == reads_final, code
        assert (f"{code}草稿结论" in page) == reads_draft, code


# The finding's own page (and its buttons) is the center's: leaders read, clerks write.
FINDING_PAGE_MATRIX = [
    ("clerk", 200, 302),
    ("leader", 200, 403),
    ("staff_a", 403, 403),
    ("head_a", 403, 403),
    ("staff_b", 403, 403),
    ("reviewer", 403, 403),
    ("admin", 403, 403),
]


@pytest.mark.parametrize("role, page_status, act_status", FINDING_PAGE_MATRIX)
def test_the_finding_page_is_the_centers(client, users, findings, role, page_status, act_status):
    from assessment.models import CheckFinding

    draft = CheckFinding.objects.get(department__code="A01", state="draft")
    page = reverse("assessment:check_finding", args=["A01", draft.item])
    act = reverse("assessment:check_finding_act", args=["A01", draft.item])
    assert status(client, users[role], page) == page_status
    data = {"action": "finalize", "version": draft.version}
    assert status(client, users[role], act, "post", data) == act_status
    draft.refresh_from_db()
    assert draft.is_final == (act_status == 302)


def test_the_public_cannot_open_a_finding(client, findings):
    for name in ("check_finding", "check_finding_act"):
        response = client.get(reverse(f"assessment:{name}", args=["A01", "pledges"]))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
