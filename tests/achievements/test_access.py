"""Every URL × who asks: the sub-unit's own staff and head, another unit's, the supervising
department's, the center's clerk and leader, and the anonymous public."""

import pytest
from django.urls import reverse

from achievements.models import Objection
from efficiency_center.review import State
from tests.achievements.factories import AchievementFactory

pytestmark = pytest.mark.django_db

WHO = ["staff_sub", "head_sub", "staff_b", "head_b", "staff_a", "head_a", "clerk", "leader", None]


def expect(own, other, sup_staff, sup_head, clerk, leader, anon):
    return dict(
        zip(WHO, [own, own, other, other, sup_staff, sup_head, clerk, leader, anon], strict=True)
    )


# name, needs (draft achievement | objection | None), expected status per user
MATRIX = [
    ("achievements:public_list", None, expect(200, 200, 200, 200, 200, 200, 200)),
    ("achievements:competition_index", None, expect(302, 302, 302, 302, 302, 302, 302)),
    ("achievements:competition", "year_q", expect(200, 200, 200, 200, 200, 200, 200)),
    ("achievements:unit_public", "year_code", expect(200, 200, 200, 200, 200, 200, 200)),
    ("achievements:public_detail", "draft", expect(404, 404, 404, 404, 404, 404, 404)),
    ("achievements:mine", None, expect(200, 200, 200, 200, 403, 403, 302)),
    ("achievements:create", None, expect(200, 200, 200, 200, 403, 403, 302)),
    ("achievements:detail", "draft", expect(200, 404, 404, 200, 200, 200, 302)),
    ("achievements:edit", "draft", expect(200, 404, 404, 302, 302, 302, 302)),
    ("achievements:review_queue", None, expect(403, 403, 403, 403, 200, 200, 302)),
    ("achievements:desk", None, expect(403, 403, 403, 403, 200, 200, 302)),
    ("achievements:export", "quarter", expect(403, 403, 403, 403, 200, 200, 302)),
    ("achievements:import", None, expect(403, 403, 403, 403, 200, 403, 302)),
    ("achievements:import_template", None, expect(403, 403, 403, 403, 200, 200, 302)),
    ("achievements:objection_answer", "objection", expect(403, 403, 403, 403, 200, 200, 302)),
]


@pytest.fixture
def records(campaign, sub_of_a, users):
    draft = AchievementFactory(
        campaign=campaign, department=sub_of_a, created_by=users["staff_sub"]
    )
    shown = AchievementFactory(
        campaign=campaign, department=sub_of_a, state=State.PUBLISHED, is_typical=True
    )
    objection = Objection.objects.create(achievement=shown, text="异议")
    return {"draft": draft, "objection": objection, "campaign": campaign, "unit": sub_of_a}


def url_for(name, needs, records):
    args = {
        None: [],
        "draft": [records["draft"].pk],
        "objection": [records["objection"].pk],
        "quarter": [1],
        "year_q": [records["campaign"].year, 1],
        "year_code": [records["campaign"].year, records["unit"].code],
    }[needs]
    return reverse(name, args=args)


@pytest.mark.parametrize("who", WHO, ids=[w or "anonymous" for w in WHO])
@pytest.mark.parametrize("name,needs,expected", MATRIX, ids=[row[0] for row in MATRIX])
def test_get(client, users, records, who, name, needs, expected):
    if who:
        client.force_login(users[who])
    response = client.get(url_for(name, needs, records))
    assert response.status_code == expected[who]
    if who is None and expected[who] == 302 and name != "achievements:competition_index":
        assert response.url.startswith(reverse("login"))


# POSTs on another unit's achievement answer 404 and change nothing.
POSTS = ["act", "delete", "edit"]


@pytest.mark.parametrize("who", ["staff_b", "head_b", "staff_a"])
@pytest.mark.parametrize("name", POSTS)
def test_posts_on_another_units_achievement_are_404(client, users, records, who, name):
    draft = records["draft"]
    client.force_login(users[who])
    response = client.post(
        reverse(f"achievements:{name}", args=[draft.pk]),
        {"action": "submit", "version": draft.version},
    )
    assert response.status_code == 404
    draft.refresh_from_db()
    assert draft.state == State.DRAFT and draft.version == 1


@pytest.mark.parametrize("name", ["not_accept", "mark_typical", "forward"])
@pytest.mark.parametrize("who", ["staff_sub", "head_a", "leader"])
def test_center_actions_are_for_clerks(client, users, records, name, who):
    draft = records["draft"]
    client.force_login(users[who])
    response = client.post(
        reverse("achievements:act", args=[draft.pk]),
        {"action": name, "version": 1, "comment": "x", "forward": "on"},
    )
    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.version == 1 and not draft.is_typical and draft.not_accepted_at is None


def test_supervising_head_endorses_but_cannot_edit(client, users, records):
    draft = records["draft"]
    client.force_login(users["head_sub"])
    client.post(reverse("achievements:act", args=[draft.pk]), {"action": "submit", "version": 1})
    draft.refresh_from_db()
    assert draft.state == State.SIGNED
    client.force_login(users["head_a"])
    page = client.get(reverse("achievements:detail", args=[draft.pk]))
    actions = [button.name for button in page.context["buttons"]]
    assert actions == ["endorse", "send_back"] and not page.context["can_edit"]
    client.post(
        reverse("achievements:act", args=[draft.pk]),
        {"action": "endorse", "version": draft.version},
    )
    draft.refresh_from_db()
    assert draft.state == State.SUBMITTED


def test_the_objectors_identity_is_shown_to_the_center_only(client, users, records):
    objection = records["objection"]
    Objection.objects.filter(pk=objection.pk).update(name="赵六", contact="13700000000")
    client.force_login(users["head_sub"])  # the unit sees the objection, not who made it
    page = client.get(reverse("achievements:detail", args=[objection.achievement_id]))
    assert "异议" in page.content.decode() and "赵六" not in page.content.decode()
    client.force_login(users["clerk"])
    page = client.get(reverse("achievements:objection_answer", args=[objection.pk]))
    assert "赵六" in page.content.decode()
