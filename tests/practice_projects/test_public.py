"""The public list and project pages: what is shown, the filters, and bounded queries."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from efficiency_center.review import State
from practice_projects.models import (
    Milestone,
    MilestoneProgress,
    ProgressReport,
    Project,
    ProjectFiling,
    Target,
    TargetProgress,
)
from tests.factories import DepartmentFactory, SubUnitFactory, UserFactory
from tests.practice_projects.factories import (
    UnitIndicatorFactory,
    approved_project,
    file_project,
)

pytestmark = pytest.mark.django_db
LIST = reverse("practice_projects:public_list")


def bulk_public_projects(campaign, n, *, today):
    """`n` published projects over 10 units, each with 2 targets, 3 milestones and 2 published
    progress reports: written in bulk, so that 500 take a second."""
    author = UserFactory(username="bulk_author")
    units = [DepartmentFactory(code=f"K{i:02d}", name=f"县重点局{i}") for i in range(8)]
    units += [SubUnitFactory(code=f"S{i:02d}", supervisor=units[i]) for i in range(2)]
    projects = Project.objects.bulk_create(
        Project(campaign=campaign, department=units[i % 10]) for i in range(n)
    )
    filings = ProjectFiling.objects.bulk_create(
        ProjectFiling(
            project=p,
            department_id=p.department_id,
            created_by=author,
            name=f"项目{i}",
            theme=campaign.themes[i % 3],
            leader="甲",
            contact_person="乙",
            contact_phone="1",
            problem="问题",
            measures="措施",
            expected_results="成效",
            start_date=campaign.start_date,
            end_date=campaign.end_date,
            state=State.PUBLISHED,
        )
        for i, p in enumerate(projects)
    )
    for p, f in zip(projects, filings, strict=True):
        p.current = f
    Project.objects.bulk_update(projects, ["current"])
    milestones = Milestone.objects.bulk_create(
        Milestone(
            filing=f,
            key=k,
            position=k,
            title=f"节点{k}",
            due_date=today + datetime.timedelta(days=30 * (k - 1) - 10 * (i % 2)),
            percent=100 if i % 5 == 0 else 30,
            status="done" if i % 5 == 0 else "in_progress",
        )
        for i, f in enumerate(filings)
        for k in (1, 2, 3)
    )
    targets = Target.objects.bulk_create(
        Target(
            filing=f,
            key=k,
            what=f"指标{k}",
            unit="%",
            baseline=Decimal(1),
            target_value=Decimal(9),
            current_value=Decimal(5),
        )
        for f in filings
        for k in (1, 2)
    )
    reports = ProgressReport.objects.bulk_create(
        ProgressReport(
            project=p,
            department_id=p.department_id,
            filing=p.current,
            quarter=q,
            work_done="做了",
            next_steps="继续",
            created_by=author,
            state=State.PUBLISHED,
        )
        for p in projects
        for q in (1, 2)
    )
    by_filing = {}
    for m in milestones:
        by_filing.setdefault(m.filing_id, []).append(m)
    MilestoneProgress.objects.bulk_create(
        MilestoneProgress(report=r, milestone=m, status="in_progress", percent=30)
        for r in reports
        for m in by_filing[r.filing_id]
    )
    targets_by = {}
    for t in targets:
        targets_by.setdefault(t.filing_id, []).append(t)
    TargetProgress.objects.bulk_create(
        TargetProgress(report=r, target=t, value=Decimal(4))
        for r in reports
        for t in targets_by[r.filing_id]
    )
    return projects


class TestQueryCounts:
    @pytest.mark.parametrize("n", [5, 500])
    def test_the_list_runs_the_same_queries_for_5_and_500(
        self, client, campaign, n, django_assert_num_queries
    ):
        bulk_public_projects(campaign, n, today=datetime.date.today())
        with django_assert_num_queries(5):
            response = client.get(LIST, {"progress": "on_track", "q": "项目"})
        assert response.status_code == 200
        with django_assert_num_queries(5):
            client.get(LIST, {"page": 2})

    @pytest.mark.parametrize("n", [5, 500])
    def test_the_project_page_runs_the_same_queries_for_5_and_500(
        self, client, campaign, n, django_assert_num_queries
    ):
        projects = bulk_public_projects(campaign, n, today=datetime.date.today())
        with django_assert_num_queries(8):
            response = client.get(projects[-1].get_public_url())
        assert response.status_code == 200
        assert response.content.decode().count("data-report-quarter") == 2


class TestPublicList:
    def test_only_approved_projects_are_listed(self, client, campaign, users):
        public = approved_project(campaign, users)
        draft = file_project(campaign, users["staff_b"])
        page = client.get(LIST).content.decode()
        assert f'data-project="{public.pk}"' in page
        assert f'data-project="{draft.pk}"' not in page

    def test_filters_and_search(self, client, campaign, users, dept_a, dept_b, fixed_today):
        fixed_today(campaign.start_date)
        indicator = UnitIndicatorFactory(campaign=campaign, department=users["staff_b"].department)
        themed = approved_project(campaign, users, name="企业开办提速")
        tied = file_project(
            campaign, users["staff_b"], name="投资增幅攻坚", theme="", indicator=indicator
        )
        for action, user in (("submit", "head_b"), ("approve", "clerk")):
            from tests.practice_projects.factories import act

            act(tied.filings.get(), action, users[user])
        tied.refresh_from_db()
        sub = approved_project(campaign, users, sub_unit=True, name="窗口延时服务")

        def listed(**params):
            page = client.get(LIST, params).content.decode()
            return {p.pk for p in (themed, tied, sub) if f'data-project="{p.pk}"' in page}

        assert listed() == {themed.pk, tied.pk, sub.pk}
        assert listed(theme="indicator") == {tied.pk}
        assert listed(theme=campaign.themes[0]) == {themed.pk, sub.pk}
        assert listed(unit=dept_b.pk) == {tied.pk}
        assert listed(kind="station") == {sub.pk}
        assert listed(q="提速") == {themed.pk}
        assert listed(q="乙局") == {tied.pk}
        assert listed(progress="on_track") == {themed.pk, tied.pk, sub.pk}
        Milestone.objects.filter(filing=sub.current).update(
            due_date=campaign.start_date, status="in_progress"
        )
        Milestone.objects.filter(filing=tied.current).update(status="done", percent=100)
        fixed_today(campaign.start_date + datetime.timedelta(days=1))
        assert listed(progress="delayed") == {sub.pk}
        assert listed(progress="done") == {tied.pk}
        assert listed(progress="on_track") == {themed.pk}

    def test_bad_filter_values_are_ignored(self, client, campaign, users):
        approved_project(campaign, users)
        response = client.get(LIST, {"unit": "abc", "progress": "<script>", "year": "1900"})
        assert response.status_code == 200

    def test_pages_of_twenty(self, client, campaign):
        bulk_public_projects(campaign, 45, today=datetime.date.today())
        response = client.get(LIST)
        assert response.context["page"].paginator.num_pages == 3
        assert len(response.context["page"].object_list) == 20


class TestProjectPage:
    def test_a_project_not_approved_is_404_even_for_its_unit(self, client, campaign, users):
        draft = file_project(campaign, users["staff_a"])
        client.force_login(users["staff_a"])
        assert client.get(draft.get_public_url()).status_code == 404

    def test_targets_milestones_and_versions(self, client, campaign, users):
        from tests.practice_projects.factories import approve

        project = approved_project(campaign, users)
        Target.objects.filter(filing=project.current).update(current_value=Decimal("7.5"))
        from practice_projects import services

        revision = services.project_revise(project=project, user=users["staff_a"])
        ProjectFiling.objects.filter(pk=revision.pk).update(
            name="第二版名称", change_note="调整节点"
        )
        approve(revision, users)
        page = client.get(project.get_public_url()).content.decode()
        assert "第二版名称" in page and "7.5" in page and "data-versions" in page
        old = reverse("practice_projects:public_version", args=[project.pk, 1])
        old_page = client.get(old)
        assert old_page.status_code == 200 and "data-old-version" in old_page.content.decode()
        missing = reverse("practice_projects:public_version", args=[project.pk, 9])
        assert client.get(missing).status_code == 404

    def test_contact_details_stay_off_the_public_page(self, client, campaign, users):
        project = approved_project(campaign, users)
        assert "0517-86801234" not in client.get(project.get_public_url()).content.decode()
