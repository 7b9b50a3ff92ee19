"""The demo pledges: believable, with their history, and safe to seed twice."""

import pytest
from django.urls import reverse

from efficiency_center import demo
from efficiency_center.models import PublicNotice, ScoreEntry
from efficiency_center.review import State
from efficiency_center.workflow import history
from pledges import demo as pledges_demo
from pledges.models import BrokenPledge, FulfilmentReport, Pledge

pytestmark = pytest.mark.django_db


@pytest.fixture
def county(media):
    units = demo.load_units()
    return demo.County(
        campaign=demo.ensure_campaign(), units=units, users=demo.ensure_accounts(units)
    )


def test_demo_pledges(county, client):
    pledges_demo.seed(county)
    pledges_demo.seed(county)  # a second run adds nothing
    state = {
        (p.department.code, p.revision): p.state
        for p in Pledge.objects.select_related("department")
    }
    assert state == {
        ("D01", 1): State.PUBLISHED,
        ("D01", 2): State.PUBLISHED,
        ("D18", 1): State.PUBLISHED,
        ("S03", 1): State.SIGNED,
        ("D03", 1): State.SUBMITTED,
        ("D06", 1): State.RETURNED,
    }
    assert FulfilmentReport.objects.filter(state=State.PUBLISHED).count() == 4
    assert FulfilmentReport.objects.filter(state=State.SUBMITTED).count() == 1
    confirmed = BrokenPledge.objects.get(decision="approved")
    assert confirmed.department.code == "D18" and confirmed.notice and confirmed.score_entry
    assert PublicNotice.objects.count() == 1 and ScoreEntry.objects.count() == 1
    assert BrokenPledge.objects.filter(decision="pending").count() == 1
    # The non-approval department pledges better service in item 4.
    czj = Pledge.objects.get(department__code="D03")
    assert czj.items.get(position=4).focus_area == "service"
    # Built through the services with the year's dates: the history is the services' own.
    fgw = Pledge.objects.get(department__code="D01", revision=1)
    assert fgw.published_at == county.at(3, 21, 15)
    assert [(s.action, s.created_at) for s in history(fgw)] == [
        ("create", county.at(3, 10)),
        ("submit", county.at(3, 16)),
        ("approve", county.at(3, 21, 15)),
        ("publish", county.at(3, 21, 15)),
    ]

    listed = client.get(reverse("pledges:public_list")).context["page"]
    assert {p.department.code for p in listed} == {"D01", "D18"}
    client.force_login(county.users["ypj_head"])
    page = client.get(reverse("pledges:mine")).content.decode()
    assert 'data-sub-unit="S03"' in page and 'data-state="signed"' in page
