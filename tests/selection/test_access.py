"""Every selection URL × who asks: reviewer, clerk, leader, a unit's staff and head, the
anonymous public. The wrong role gets 403, the anonymous the login page, a refusal 303 back with
its message; refused POSTs change nothing."""

import pytest
from django.urls import reverse

from selection.models import Panel, RankingRun, Score, ShortlistEntry

pytestmark = pytest.mark.django_db

WHO = ["reviewer", "clerk", "leader", "staff_a", "head_a", None]


def expect(reviewer, clerk, leader, unit, anon):
    return dict(zip(WHO, [reviewer, clerk, leader, unit, unit, anon], strict=True))


PUBLIC = expect(200, 200, 200, 200, 200)
# name, method, needs, expected status per user
MATRIX = [
    ("selection:public_index", "get", None, PUBLIC),
    ("selection:public_list", "get", "year_kind", PUBLIC),
    ("selection:my_scores", "get", None, expect(200, 403, 403, 403, 302)),
    ("selection:my_scores", "post", None, expect(302, 403, 403, 403, 302)),
    ("selection:desk", "get", None, expect(403, 200, 200, 403, 302)),
    ("selection:shortlist", "get", "kind", expect(403, 200, 403, 403, 302)),
    ("selection:shortlist_add", "post", "kind", expect(403, 400, 403, 403, 302)),
    ("selection:entry_edit", "post", "entry", expect(403, 302, 403, 403, 302)),
    ("selection:entry_remove", "post", "entry", expect(403, 303, 403, 403, 302)),
    ("selection:panel_members", "get", None, expect(403, 403, 200, 403, 302)),
    ("selection:panel_members", "post", None, expect(403, 403, 302, 403, 302)),
    ("selection:panel_state", "post", None, expect(403, 303, 403, 403, 302)),
    ("selection:run_start", "post", None, expect(403, 302, 403, 403, 302)),
    ("selection:run_detail", "get", "run", expect(403, 200, 200, 403, 302)),
    ("selection:run_progress", "get", "run", expect(403, 200, 200, 403, 302)),
    ("selection:run_decide", "post", "run", expect(403, 403, 303, 403, 302)),
    ("selection:ledger", "get", None, expect(403, 200, 200, 403, 302)),
]


@pytest.fixture
def records(campaign, users, lists):
    panel = Panel.objects.create(campaign=campaign, state=Panel.PanelState.OPEN)
    panel.members.create(reviewer=users["reviewer"], added_by=users["leader"])
    run = RankingRun.objects.create(
        campaign=campaign, requested_by=users["clerk"], status=RankingRun.Status.DONE
    )
    return {"campaign": campaign, "entry": lists["deed_a"], "run": run, "panel": panel}


def url_for(name, needs, records):
    args = {
        None: [],
        "kind": ["real_deed"],
        "year_kind": [records["campaign"].year, "best_measure"],
        "entry": [records["entry"].pk],
        "run": [records["run"].pk],
    }[needs]
    return reverse(name, args=args)


def snapshot():
    return (
        ShortlistEntry.objects.count(),
        list(ShortlistEntry.objects.values_list("reason", "version")),
        Score.objects.count(),
        list(Panel.objects.values_list("state", "version")),
        list(RankingRun.objects.values_list("status", "decision")),
    )


@pytest.mark.parametrize("who", WHO, ids=[w or "anonymous" for w in WHO])
@pytest.mark.parametrize(
    "name,method,needs,expected",
    MATRIX,
    ids=[f"{row[0]}-{row[1]}" for row in MATRIX],
)
def test_access(client, users, records, who, name, method, needs, expected):
    if who:
        client.force_login(users[who])
    before = snapshot()
    url = url_for(name, needs, records)
    if method == "get":
        response = client.get(url)
    else:
        response = client.post(url, {"reason": "越权修改", "version": 1})
    assert response.status_code == expected[who]
    if who is None and expected[who] == 302:
        assert response.url.startswith(reverse("login"))
    if method == "post" and (expected[who] in (403, 303) or who is None):
        assert snapshot() == before


@pytest.mark.parametrize("who", ["staff_a", "head_a", "leader", None])
def test_nobody_else_sees_the_scores(client, users, records, who):
    Score.objects.create(entry=records["entry"], reviewer=users["reviewer"], value=77)
    if who:
        client.force_login(users[who])
    response = client.get(reverse("selection:my_scores"))
    assert response.status_code in (302, 403)
