"""The clerk's shortlists: candidates only, a reason for each, the per-campaign limits, no lost
edits between two clerks, frozen while the panel scores."""

import pytest
from django.urls import reverse
from django.utils import translation

from efficiency_center.errors import DomainError, Forbidden, Invalid, StaleVersionError
from efficiency_center.review import State
from efficiency_center.workflow import StateChange
from practice_projects.models import Rating
from selection import services
from selection.models import ListKind, Panel, SelectionSettings, ShortlistEntry
from tests.factories import CenterUserFactory, DepartmentFactory
from tests.selection.factories import (
    excellent_project,
    panel_of,
    shortlist,
    verified_achievement,
)

pytestmark = pytest.mark.django_db
BEST, DEED = ListKind.BEST_MEASURE, ListKind.REAL_DEED


def zh(message):
    """A message as the (Chinese) pages show it."""
    with translation.override("zh-hans"):
        return str(message)


def add(campaign, kind, candidate, user, reason="措施实在，成效明显"):
    return services.shortlist_add(
        campaign=campaign, kind=kind, user=user, candidate_id=candidate.pk, reason=reason
    )


class TestAdd:
    def test_a_candidate_is_added_with_its_reason_and_recorded(self, campaign, dept_a, users):
        project = excellent_project(campaign, dept_a)
        entry = add(campaign, BEST, project, users["clerk"])
        assert entry.project == project and entry.department == dept_a
        assert entry.reason == "措施实在，成效明显" and entry.added_by == users["clerk"]
        step = StateChange.objects.get(action="shortlist_add")
        assert project.current.name in step.comment and step.actor == users["clerk"]

    def test_a_reason_is_required(self, campaign, dept_a, users):
        project = excellent_project(campaign, dept_a)
        with pytest.raises(Invalid) as refused:
            add(campaign, BEST, project, users["clerk"], reason="  ")
        assert "reason" in refused.value.errors
        assert not ShortlistEntry.objects.exists()

    @pytest.mark.parametrize(
        "make",
        [
            pytest.param(lambda c, d: excellent_project(c, d, rating=Rating.GOOD), id="good"),
            pytest.param(lambda c, d: verified_achievement(c, d, state=State.SUBMITTED), id="sub"),
        ],
    )
    def test_what_is_not_a_candidate_is_refused(self, campaign, dept_a, users, make):
        candidate = make(campaign, dept_a)
        kind = DEED if hasattr(candidate, "title") else BEST
        with pytest.raises(Invalid) as refused:
            add(campaign, kind, candidate, users["clerk"])
        assert refused.value.code == "not_candidate"
        assert not ShortlistEntry.objects.exists()

    def test_a_project_is_not_a_real_deed_candidate(self, campaign, dept_a, users):
        project = excellent_project(campaign, dept_a)
        achievement = verified_achievement(campaign, dept_a)
        # The project's id on the other list means some achievement (or none): never the project.
        with pytest.raises(Invalid):
            services.shortlist_add(
                campaign=campaign,
                kind=DEED,
                user=users["clerk"],
                candidate_id=achievement.pk + project.pk + 1000,
                reason="x",
            )

    def test_another_campaigns_candidate_is_refused(self, campaign, dept_a, users):
        from tests.factories import CampaignFactory

        other = excellent_project(CampaignFactory(year=2025), dept_a)
        with pytest.raises(Invalid):
            add(campaign, BEST, other, users["clerk"])

    def test_twice_is_refused(self, campaign, dept_a, users):
        project = excellent_project(campaign, dept_a)
        add(campaign, BEST, project, users["clerk"])
        with pytest.raises(Invalid) as refused:
            add(campaign, BEST, project, users["clerk"])
        assert refused.value.code == "duplicate"

    def test_the_unit_limit_is_three_by_default(self, campaign, dept_a, dept_b, users):
        for _ in range(3):
            add(campaign, DEED, verified_achievement(campaign, dept_a), users["clerk"])
        with pytest.raises(Invalid) as refused:
            add(campaign, DEED, verified_achievement(campaign, dept_a), users["clerk"])
        assert refused.value.code == "unit_full" and "县甲局" in refused.value.messages[0]
        # Another unit, and the same unit on the other list, are fine.
        add(campaign, DEED, verified_achievement(campaign, dept_b), users["clerk"])
        add(campaign, BEST, excellent_project(campaign, dept_a), users["clerk"])
        assert ShortlistEntry.objects.filter(kind=DEED, department=dept_a).count() == 3

    def test_the_limits_are_the_campaigns_settings(self, campaign, users):
        SelectionSettings.objects.create(campaign=campaign, list_limit=10, unit_limit=1)
        units = [DepartmentFactory() for _ in range(11)]
        add(campaign, BEST, excellent_project(campaign, units[0]), users["clerk"])
        with pytest.raises(Invalid) as refused:
            add(campaign, BEST, excellent_project(campaign, units[0]), users["clerk"])
        assert refused.value.code == "unit_full"
        for unit in units[1:10]:
            add(campaign, BEST, excellent_project(campaign, unit), users["clerk"])
        with pytest.raises(Invalid) as refused:
            add(campaign, BEST, excellent_project(campaign, units[10]), users["clerk"])
        assert refused.value.code == "list_full"
        assert ShortlistEntry.objects.count() == 10

    def test_the_default_list_limit_is_thirty(self, campaign, users):
        assert SelectionSettings.for_campaign(campaign).list_limit == 30
        for _ in range(30):
            add(campaign, DEED, verified_achievement(campaign, DepartmentFactory()), users["clerk"])
        with pytest.raises(Invalid) as refused:
            add(campaign, DEED, verified_achievement(campaign, DepartmentFactory()), users["clerk"])
        assert refused.value.code == "list_full"

    def test_only_clerks_shortlist(self, campaign, dept_a, users):
        project = excellent_project(campaign, dept_a)
        for who in ("leader", "reviewer", "head_a"):
            with pytest.raises(Forbidden):
                add(campaign, BEST, project, users[who])
        assert not ShortlistEntry.objects.exists()

    def test_frozen_while_the_panel_scores(self, campaign, dept_a, users):
        panel_of(campaign, [users["reviewer"]], by=users["leader"])
        with pytest.raises(DomainError):
            add(campaign, BEST, excellent_project(campaign, dept_a), users["clerk"])
        assert not ShortlistEntry.objects.exists()


class TestEditAndRemove:
    def test_two_clerks_editing_one_reason_lose_nothing_silently(self, campaign, dept_a, users):
        entry = shortlist(excellent_project(campaign, dept_a), by=users["clerk"])
        second_clerk = CenterUserFactory(username="clerk2", role="clerk")
        seen_by_both = entry.version
        services.shortlist_entry_update(
            entry=entry, user=users["clerk"], reason="第一位的理由", expected_version=seen_by_both
        )
        with pytest.raises(StaleVersionError):
            services.shortlist_entry_update(
                entry=entry, user=second_clerk, reason="第二位的理由", expected_version=seen_by_both
            )
        entry.refresh_from_db()
        assert entry.reason == "第一位的理由" and entry.version == seen_by_both + 1

    def test_removing_an_entry_edited_meanwhile_is_refused(self, campaign, dept_a, users):
        entry = shortlist(excellent_project(campaign, dept_a), by=users["clerk"])
        services.shortlist_entry_update(
            entry=entry, user=users["clerk"], reason="改过的理由", expected_version=1
        )
        with pytest.raises(StaleVersionError):
            services.shortlist_remove(entry=entry, user=users["clerk"], expected_version=1)
        assert ShortlistEntry.objects.filter(pk=entry.pk).exists()
        services.shortlist_remove(entry=entry, user=users["clerk"], expected_version=2)
        assert not ShortlistEntry.objects.filter(pk=entry.pk).exists()
        assert StateChange.objects.filter(action="shortlist_remove").count() == 1

    def test_no_removal_while_the_panel_scores(self, campaign, dept_a, users):
        entry = shortlist(excellent_project(campaign, dept_a), by=users["clerk"])
        panel_of(campaign, [users["reviewer"]], by=users["leader"])
        with pytest.raises(DomainError):
            services.shortlist_remove(entry=entry, user=users["clerk"], expected_version=1)
        assert ShortlistEntry.objects.filter(pk=entry.pk).exists()

    def test_a_change_moves_the_inputs_revision_on(self, campaign, dept_a, users):
        add(campaign, BEST, excellent_project(campaign, dept_a), users["clerk"])
        first = Panel.objects.get(campaign=campaign).inputs_revision
        add(campaign, BEST, excellent_project(campaign, dept_a), users["clerk"])
        assert Panel.objects.get(campaign=campaign).inputs_revision == first + 1


class TestPages:
    def url(self, kind=BEST):
        return reverse("selection:shortlist", args=[kind])

    def test_search_and_filter_candidates(self, client, campaign, dept_a, dept_b, users):
        excellent_project(campaign, dept_a, name="并联审批提速")
        excellent_project(campaign, dept_b, name="容缺受理")
        verified_achievement(campaign, dept_a, title="上门服务", quarter=2)
        verified_achievement(campaign, dept_b, title="减免收费", quarter=1)
        client.force_login(users["clerk"])
        page = client.get(self.url(), {"q": "并联"})
        assert [p.current.name for p in page.context["page"]] == ["并联审批提速"]
        page = client.get(self.url(), {"unit": dept_b.pk})
        assert [p.department for p in page.context["page"]] == [dept_b]
        page = client.get(self.url(DEED), {"quarter": 2})
        assert [a.title for a in page.context["page"]] == ["上门服务"]
        page = client.get(self.url(DEED), {"unit": dept_b.pk, "quarter": 1})
        assert [a.title for a in page.context["page"]] == ["减免收费"]

    def test_adding_from_the_page(self, client, campaign, dept_a, users):
        project = excellent_project(campaign, dept_a)
        client.force_login(users["clerk"])
        response = client.post(
            reverse("selection:shortlist_add", args=[BEST]),
            {"candidate": project.pk, "reason": "全省推广"},
        )
        assert response.status_code == 302
        entry = ShortlistEntry.objects.get()
        assert entry.reason == "全省推广"
        page = client.get(self.url())
        assert page.context["page"][0].on_list
        assert f'data-entry="{entry.pk}"' in page.content.decode()

    def test_no_reason_is_shown_beside_the_field(self, client, campaign, dept_a, users):
        project = excellent_project(campaign, dept_a)
        client.force_login(users["clerk"])
        response = client.post(
            reverse("selection:shortlist_add", args=[BEST]), {"candidate": project.pk, "reason": ""}
        )
        assert response.status_code == 400
        html = response.content.decode()
        assert 'data-error="reason"' in html and "is-invalid" in html
        assert not ShortlistEntry.objects.exists()

    def test_a_non_candidate_is_refused_at_the_top(self, client, campaign, dept_a, users):
        rated_good = excellent_project(campaign, dept_a, rating=Rating.GOOD)
        client.force_login(users["clerk"])
        response = client.post(
            reverse("selection:shortlist_add", args=[BEST]),
            {"candidate": rated_good.pk, "reason": "想加上"},
        )
        assert response.status_code == 400
        assert "data-add-errors" in response.content.decode()
        with translation.override("zh-hans"), pytest.raises(Invalid) as expected:
            services.shortlist_add(
                campaign=campaign, kind=BEST, user=users["clerk"], candidate_id=0, reason="x"
            )
        assert response.context["add_errors"] == expected.value.messages
        assert not ShortlistEntry.objects.exists()

    def test_the_unit_limit_is_refused_at_the_top(self, client, campaign, dept_a, users):
        SelectionSettings.objects.create(campaign=campaign, unit_limit=1)
        shortlist(excellent_project(campaign, dept_a), by=users["clerk"])
        second = excellent_project(campaign, dept_a)
        client.force_login(users["clerk"])
        response = client.post(
            reverse("selection:shortlist_add", args=[BEST]),
            {"candidate": second.pk, "reason": "也很好"},
        )
        assert response.status_code == 400
        assert "县甲局" in " ".join(response.context["add_errors"])
        assert ShortlistEntry.objects.count() == 1

    def test_a_stale_reason_edit_says_so(self, client, campaign, dept_a, users):
        entry = shortlist(excellent_project(campaign, dept_a), by=users["clerk"])
        ShortlistEntry.objects.filter(pk=entry.pk).update(reason="别人改的", version=2)
        client.force_login(users["clerk"])
        response = client.post(
            reverse("selection:entry_edit", args=[entry.pk]),
            {"reason": "我的理由", "version": 1},
            follow=True,
        )
        assert zh(StaleVersionError()) in response.content.decode()
        entry.refresh_from_db()
        assert entry.reason == "别人改的"

    @pytest.mark.parametrize("n", [3, 30])
    def test_bounded_queries(self, client, campaign, users, n, django_assert_num_queries):
        for _ in range(n):
            unit = DepartmentFactory()
            shortlist(excellent_project(campaign, unit), by=users["clerk"])
            excellent_project(campaign, unit)
        client.force_login(users["clerk"])
        client.get(self.url())  # warm the content-type and session caches
        with django_assert_num_queries(SHORTLIST_QUERIES):
            response = client.get(self.url())
        assert len(response.context["entries"]) == n


# session, user, campaign, count and page of candidates, entries, settings, panel, approved run,
# the unread notifications (menu), the unit filter's choices
SHORTLIST_QUERIES = 11
