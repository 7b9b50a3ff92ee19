"""The achievement's page offers exactly the steps its table allows the reader, in every state
the center and the units meet it in; and its history is the shared one, in the table's words."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from achievements import services
from efficiency_center.review import State
from efficiency_center.workflow import allowed_actions
from tests.achievements.factories import AchievementFactory
from tests.assessment.html import parse

pytestmark = pytest.mark.django_db

READERS = ["staff_a", "head_a", "staff_sub", "head_sub", "head_b", "clerk", "leader", "admin"]
STATES = {
    "draft of the sub-unit": {"department": "sub", "state": State.DRAFT},
    "signed by the sub-unit": {"department": "sub", "state": State.SIGNED},
    "submitted": {"state": State.SUBMITTED},
    "returned": {"state": State.RETURNED},
    "not accepted": {"state": State.SUBMITTED, "not_accepted_at": "now"},
    "verified": {"state": State.APPROVED},
    "typical, not forwarded": {"state": State.APPROVED, "is_typical": True},
    "typical and forwarded": {"state": State.APPROVED, "is_typical": True, "forwarded_at": "now"},
    "on public display": {"state": State.PUBLISHED, "is_typical": True, "forwarded_at": "now"},
}


def offered(page):
    return re.findall(r'data-action="([^"]+)"', page)


@pytest.mark.parametrize("case", STATES)
def test_buttons_are_the_tables_answer_for_every_reader(client, campaign, users, case, sub_of_a):
    fields = dict(STATES[case])
    if fields.pop("department", None) == "sub":
        fields.update(department=sub_of_a, created_by=users["staff_sub"])
    else:
        fields.update(department=users["staff_a"].department, created_by=users["staff_a"])
    fields.update({k: timezone.now() for k, v in fields.items() if v == "now"})
    achievement = AchievementFactory(campaign=campaign, **fields)
    url = reverse("achievements:detail", args=[achievement.pk])
    seen = set()
    for reader in READERS:
        client.force_login(users[reader])
        response = client.get(url)
        if response.status_code == 404:  # another unit's: not even read
            assert not allowed_actions(achievement, users[reader])
            continue
        assert response.status_code == 200
        buttons = offered(response.content.decode())
        assert buttons == allowed_actions(achievement, users[reader]), reader
        seen.update(buttons)
    expected = {
        "draft of the sub-unit": {"submit"},
        "signed by the sub-unit": {"endorse", "send_back"},
        "submitted": {"return", "approve", "not_accept"},
        "returned": {"submit"},
        "not accepted": set(),
        "verified": {"mark_typical"},
        "typical, not forwarded": {"forward"},
        "typical and forwarded": set(),
        "on public display": set(),
    }[case]
    assert seen == expected


def test_history_is_the_shared_table_in_the_apps_words(client, achievement, users):
    def step(user, action, **kwargs):
        achievement.refresh_from_db()
        services.achievement_step(
            achievement=achievement,
            user=users[user],
            action=action,
            expected_version=achievement.version,
            **kwargs,
        )

    step("head_a", "submit")
    step("clerk", "return", comment="请补充佐证材料")
    step("head_a", "submit")
    step("clerk", "approve")
    achievement.refresh_from_db()
    services.achievement_mark_typical(
        achievement=achievement, user=users["clerk"], expected_version=achievement.version
    )
    client.force_login(users["staff_a"])
    page = client.get(reverse("achievements:detail", args=[achievement.pk])).content.decode()
    steps = re.findall(r'data-step="([^"]+)"', page)
    assert steps == ["submit", "return", "submit", "approve", "mark_typical", "forward"]
    assert "请补充佐证材料" in page
    # The table's labels, translated: approve reads "Verified" (已核实) for achievements.
    rows = parse(page).select("[data-history] tr[data-step]")
    labels = [row.select("td")[2].get_text(strip=True) for row in rows]
    assert labels == ["签发报送", "中心退回", "签发报送", "已核实", "评为典型", "已报送市级"]


@pytest.mark.parametrize("outcome", ["", "upheld", "dismissed"])
def test_the_answer_page_offers_the_objections_table_answer(client, campaign, users, outcome):
    from achievements.models import Objection
    from achievements.workflows import ANSWER_ACTIONS

    shown = AchievementFactory(
        campaign=campaign, department=users["staff_a"].department, state=State.PUBLISHED,
        is_typical=True,
    )  # fmt: skip
    objection = Objection.objects.create(achievement=shown, text="异议", outcome=outcome)
    for reader in ("clerk", "leader"):
        client.force_login(users[reader])
        page = client.get(reverse("achievements:objection_answer", args=[objection.pk]))
        offered = re.findall(r'name="outcome" value="([^"]+)"', page.content.decode())
        allowed = allowed_actions(objection, users[reader])
        assert [ANSWER_ACTIONS[value] for value in offered] == allowed, reader
        assert ('data-action="answer"' in page.content.decode()) == bool(allowed)
    assert bool(allowed_actions(objection, users["clerk"])) == (outcome == "")
