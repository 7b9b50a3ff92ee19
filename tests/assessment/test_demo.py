"""The demo's findings of the eight checks: written by the clerk through the services, with the
year's dates, in every state (draft, final, reopened and final again)."""

import pytest

from assessment import demo
from assessment.checks import Check
from assessment.models import CheckFinding
from efficiency_center.demo import County
from efficiency_center.workflow import history
from tests.factories import DepartmentFactory

pytestmark = pytest.mark.django_db


def test_demo_findings(campaign, users):
    units = {code: DepartmentFactory(code=code) for code in demo.FINDINGS}
    county = County(campaign=campaign, users=users, units=units)
    demo.seed(county)
    findings = CheckFinding.objects.all()
    assert findings.count() == sum(len(rows) for rows in demo.FINDINGS.values())
    assert set(findings.values_list("department__code", flat=True)) == {"D01", "D18", "D35"}
    assert {f.state for f in findings} == {"draft", "final"}
    assert all(f.written_by == users["clerk"] for f in findings)
    draft = findings.get(department__code="D01", item=Check.ATTITUDE)
    assert draft.state == "draft" and [s.action for s in history(draft)] == ["create"]
    reopened = findings.get(department__code="D35", item=Check.QUALITY)
    steps = [(s.action, s.created_at) for s in history(reopened)]
    assert [action for action, _at in steps] == ["create", "finalize", "reopen", "save", "finalize"]
    assert steps[-1][1] == county.at(12, 3, 11)
    assert reopened.state == "final" and reopened.rating == "average"
    assert history(reopened)[2].comment == demo.REOPENED[2]
    demo.seed(county)  # safe to re-run
    assert CheckFinding.objects.count() == findings.count()
