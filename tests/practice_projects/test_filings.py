"""Project filings: the form's rules, the review path, the city indicator, stale saves."""

import datetime

import pytest
from django.urls import reverse

from efficiency_center.errors import DomainError, Forbidden, Invalid
from efficiency_center.review import State
from efficiency_center.workflow import StateChange
from practice_projects import services
from practice_projects.models import Milestone, Project, ProjectFiling, Target
from tests.practice_projects.factories import (
    UnitIndicatorFactory,
    act,
    approve,
    file_project,
    filing_data,
    milestone_rows,
    target_rows,
)

pytestmark = pytest.mark.django_db

CREATE = reverse("practice_projects:project_create")


def form_data(campaign, *, targets=None, milestones=None, **fields):
    """The POST of the filing form: main fields plus both formsets."""
    data = {
        key: value
        for key, value in filing_data(campaign).items()
        if key not in ("indicator", "change_note")
    }
    data.update(fields)
    targets = target_rows() if targets is None else targets
    milestones = milestone_rows(campaign) if milestones is None else milestones
    for prefix, rows in (("targets", targets), ("milestones", milestones)):
        data[f"{prefix}-TOTAL_FORMS"] = len(rows)
        data[f"{prefix}-INITIAL_FORMS"] = sum(1 for r in rows if r.get("id"))
        data[f"{prefix}-MIN_NUM_FORMS"] = 1
        data[f"{prefix}-MAX_NUM_FORMS"] = 20
        for i, row in enumerate(rows):
            for key, value in row.items():
                data[f"{prefix}-{i}-{key}"] = "" if value is None else value
    return data


class TestFilingForm:
    def test_staff_files_a_project_as_a_draft(self, client, campaign, users):
        client.force_login(users["staff_a"])
        response = client.post(CREATE, form_data(campaign, milestones=milestone_rows(campaign, 3)))
        filing = ProjectFiling.objects.get()
        assert response.status_code == 302 and response.url == filing.get_absolute_url()
        assert filing.state == State.DRAFT and filing.revision == 1
        assert filing.project.current is None and filing.department == users["staff_a"].department
        assert filing.targets.count() == 1 and filing.milestones.count() == 3
        assert sorted(filing.milestones.values_list("key", flat=True)) == [1, 2, 3]

    @pytest.mark.parametrize(
        "change,field,code",
        [
            (
                {"end_date": "2026-03-01", "start_date": "2026-05-01"},
                "end_date",
                "ends_before_start",
            ),
            ({"measures": "   "}, "measures", "required"),
            ({"theme": "不存在的主题"}, "theme", "invalid_choice"),
            ({"name": ""}, "name", "required"),
            ({"start_date": "2026-13-40"}, "start_date", "invalid"),
        ],
    )
    def test_bad_main_fields(self, client, campaign, users, change, field, code):
        client.force_login(users["staff_a"])
        response = client.post(CREATE, form_data(campaign, **change))
        assert response.status_code == 400
        assert response.context["form"].has_error(field, code)
        assert not Project.objects.exists()

    @pytest.mark.parametrize("value", ["十五", "15%", "1e", "abc"])
    def test_a_target_value_must_be_a_number(self, client, campaign, users, value):
        client.force_login(users["staff_a"])
        targets = [{"what": "时限", "unit": "天", "baseline": "20", "target_value": value}]
        response = client.post(CREATE, form_data(campaign, targets=targets))
        form = response.context["target_set"].forms[0]
        assert form.has_error("target_value", "invalid")
        assert not Project.objects.exists()

    @pytest.mark.parametrize(
        "due", [datetime.date(2026, 3, 19), datetime.date(2026, 12, 26), datetime.date(2027, 1, 5)]
    )
    def test_milestones_must_fall_within_the_campaign(self, client, campaign, users, due):
        client.force_login(users["staff_a"])
        response = client.post(
            CREATE, form_data(campaign, milestones=[{"title": "节点", "due_date": due}])
        )
        assert response.context["milestone_set"].forms[0].has_error("due_date", "outside_campaign")
        assert not Project.objects.exists()

    @pytest.mark.parametrize("prefix", ["targets", "milestones"])
    def test_more_than_twenty_items_are_refused(self, client, campaign, users, prefix):
        client.force_login(users["staff_a"])
        rows = target_rows(21) if prefix == "targets" else milestone_rows(campaign, 21)
        response = client.post(CREATE, form_data(campaign, **{prefix: rows}))
        formset = response.context["target_set" if prefix == "targets" else "milestone_set"]
        assert formset.non_form_errors().as_data()[0].code == "too_many_forms"
        assert not Project.objects.exists()

    def test_twenty_items_are_fine(self, client, campaign, users):
        client.force_login(users["staff_a"])
        data = form_data(
            campaign,
            targets=target_rows(20),
            milestones=milestone_rows(campaign, 8) * 2 + milestone_rows(campaign, 4),
        )
        assert client.post(CREATE, data).status_code == 302
        filing = ProjectFiling.objects.get()
        assert (filing.targets.count(), filing.milestones.count()) == (20, 20)

    @pytest.mark.parametrize("prefix", ["targets", "milestones"])
    def test_at_least_one_item(self, client, campaign, users, prefix):
        client.force_login(users["staff_a"])
        response = client.post(CREATE, form_data(campaign, **{prefix: []}))
        formset = response.context["target_set" if prefix == "targets" else "milestone_set"]
        assert formset.non_form_errors().as_data()[0].code == "too_few_forms"
        assert not Project.objects.exists()

    def test_the_services_enforce_the_same_rules(self, campaign, users):
        staff = users["staff_a"]
        cases = [
            ({"end_date": campaign.start_date - datetime.timedelta(days=1)}, {}),
            ({"measures": ""}, {}),
            ({"theme": "自拟主题"}, {}),
            ({}, {"targets": target_rows(21)}),
            ({}, {"milestones": []}),
            (
                {},
                {
                    "milestones": [
                        {"title": "x", "due_date": campaign.end_date + datetime.timedelta(days=1)}
                    ]
                },
            ),
        ]
        for data, items in cases:
            with pytest.raises(Invalid):
                services.project_file(
                    campaign=campaign,
                    department=staff.department,
                    user=staff,
                    data=filing_data(campaign, **data),
                    targets=items.get("targets", target_rows()),
                    milestones=items.get("milestones", milestone_rows(campaign)),
                )
        assert not Project.objects.exists()


class TestReviewPath:
    def test_file_sign_return_fix_resubmit_approve(self, client, campaign, users):
        project = file_project(campaign, users["staff_a"])
        filing = project.filings.get()
        act(filing, "submit", users["head_a"])
        act(filing, "return", users["clerk"], "目标不够量化")
        assert filing.state == State.RETURNED and filing.is_editable
        client.force_login(users["staff_a"])
        edit = reverse("practice_projects:filing_edit", args=[filing.pk])
        kept = filing.milestones.first()
        rows = [{"id": kept.pk, "title": "改后的节点", "due_date": kept.due_date}]
        targets = [
            {
                "id": filing.targets.get().pk,
                "what": "时限",
                "unit": "天",
                "baseline": "20",
                "target_value": "3",
            }
        ]
        response = client.post(
            edit,
            form_data(
                campaign,
                targets=targets,
                milestones=rows,
                version=filing.version,
                name="改后的名称",
            ),
        )
        assert response.status_code == 302
        filing.refresh_from_db()
        assert filing.name == "改后的名称"
        assert list(filing.milestones.values_list("pk", "title")) == [(kept.pk, "改后的节点")]
        act(filing, "submit", users["head_a"])
        act(filing, "approve", users["clerk"])
        project.refresh_from_db()
        assert filing.state == State.PUBLISHED and project.current == filing
        assert project.first_approved_at and project.is_public
        actions = list(
            StateChange.objects.filter(object_id=filing.pk).values_list("action", flat=True)
        )
        assert actions == ["create", "submit", "return", "submit", "approve", "publish"]
        assert StateChange.objects.get(action="return").comment == "目标不够量化"

    def test_a_sub_units_filing_goes_through_its_supervising_head(self, campaign, users):
        filing = file_project(campaign, users["staff_sub"]).filings.get()
        act(filing, "submit", users["head_sub"])
        assert filing.state == State.SIGNED and filing.filed_at
        with pytest.raises(DomainError):
            act(filing, "approve", users["clerk"])
        with pytest.raises(DomainError):
            act(filing, "endorse", users["head_b"])
        act(filing, "send_back", users["head_a"], "请补充措施")
        assert filing.state == State.RETURNED
        act(filing, "submit", users["head_sub"])
        act(filing, "endorse", users["head_a"])
        assert filing.state == State.SUBMITTED

    def test_publish_is_not_a_separate_step(self, campaign, users):
        filing = approve(file_project(campaign, users["staff_a"]).filings.get(), users)
        assert filing.state == State.PUBLISHED
        with pytest.raises(DomainError):
            act(filing, "publish", users["clerk"])

    def test_a_stale_save_is_refused_with_the_input_kept(self, client, campaign, users):
        filing = file_project(campaign, users["staff_a"]).filings.get()
        edit = reverse("practice_projects:filing_edit", args=[filing.pk])
        ids = {"targets": filing.targets.get().pk, "milestones": filing.milestones.first().pk}

        def post(name):
            targets = [
                {
                    "id": ids["targets"],
                    "what": "时限",
                    "unit": "天",
                    "baseline": "1",
                    "target_value": "2",
                }
            ]
            rows = [{"id": ids["milestones"], "title": name, "due_date": "2026-06-01"}]
            return client.post(
                edit, form_data(campaign, targets=targets, milestones=rows, name=name, version=1)
            )

        client.force_login(users["head_a"])
        assert post("负责人的版本").status_code == 302
        client.force_login(users["staff_a"])
        response = post("经办人的版本")
        assert response.status_code == 409
        assert response.context["form"].non_field_errors()
        assert 'value="经办人的版本"' in response.content.decode()
        filing.refresh_from_db()
        assert filing.name == "负责人的版本" and filing.version == 2
        assert Milestone.objects.get(pk=ids["milestones"]).title == "负责人的版本"

    def test_an_approved_filing_cannot_be_edited(self, client, campaign, users):
        filing = approve(file_project(campaign, users["staff_a"]).filings.get(), users)
        client.force_login(users["staff_a"])
        assert (
            client.get(reverse("practice_projects:filing_edit", args=[filing.pk])).status_code
            == 403
        )
        with pytest.raises(DomainError):
            services.filing_update(
                filing=filing,
                user=users["staff_a"],
                expected_version=filing.version,
                data=filing_data(campaign),
                targets=target_rows(),
                milestones=milestone_rows(campaign),
            )


class TestCityIndicator:
    @pytest.fixture
    def indicator(self, campaign, dept_a):
        return UnitIndicatorFactory(campaign=campaign, department=dept_a)

    def test_the_form_offers_the_indicator_only_to_its_unit(
        self, client, campaign, users, indicator
    ):
        client.force_login(users["staff_a"])
        assert 'value="indicator"' in client.get(CREATE).content.decode()
        client.force_login(users["staff_b"])
        assert 'value="indicator"' not in client.get(CREATE).content.decode()

    def test_a_unit_with_an_indicator_must_tie_a_project_to_it(
        self, client, campaign, users, indicator
    ):
        themed = file_project(campaign, users["staff_a"]).filings.get()
        with pytest.raises(DomainError):
            act(themed, "submit", users["head_a"])
        assert themed.state == State.DRAFT
        client.force_login(users["staff_a"])
        client.post(CREATE, form_data(campaign, theme="indicator", name="指标项目"))
        tied = ProjectFiling.objects.get(name="指标项目")
        assert tied.indicator == indicator and tied.theme == ""
        act(themed, "submit", users["head_a"])  # another project now carries the indicator
        act(tied, "submit", users["head_a"])
        assert themed.state == tied.state == State.SUBMITTED

    def test_another_units_indicator_cannot_be_used(self, campaign, users, indicator):
        with pytest.raises(Invalid):
            services.project_file(
                campaign=campaign,
                department=users["staff_b"].department,
                user=users["staff_b"],
                data=filing_data(campaign, indicator=indicator),
                targets=target_rows(),
                milestones=milestone_rows(campaign),
            )

    def test_units_without_an_indicator_sign_freely(self, campaign, users, indicator):
        filing = file_project(campaign, users["staff_b"]).filings.get()
        act(filing, "submit", users["head_b"])
        assert filing.state == State.SUBMITTED


class TestChangesAfterApproval:
    @pytest.fixture
    def project(self, campaign, users):
        project = file_project(campaign, users["staff_a"])
        approve(project.filings.get(), users)
        project.refresh_from_db()
        return project

    def test_a_change_is_a_new_version_reviewed_again(self, client, campaign, users, project):
        v1 = project.current
        Milestone.objects.filter(filing=v1).update(percent=40, status="in_progress")
        client.force_login(users["staff_a"])
        response = client.post(reverse("practice_projects:project_revise", args=[project.pk]))
        v2 = ProjectFiling.objects.get(revision=2)
        assert response.url == reverse("practice_projects:filing_edit", args=[v2.pk])
        assert v2.supersedes == v1 and v2.state == State.DRAFT
        assert sorted(v2.milestones.values_list("key", "percent")) == sorted(
            v1.milestones.values_list("key", "percent")
        )
        # A second click returns the change under way instead of copying again.
        client.post(reverse("practice_projects:project_revise", args=[project.pk]))
        assert ProjectFiling.objects.count() == 2
        # Editing a new version needs a note of what changes.
        rows = [
            {"id": m.pk, "title": m.title, "due_date": m.due_date + datetime.timedelta(days=5)}
            for m in v2.milestones.all()
        ]
        targets = [
            {
                "id": t.pk,
                "what": t.what,
                "unit": t.unit,
                "baseline": t.baseline,
                "target_value": t.target_value,
            }
            for t in v2.targets.all()
        ]
        edit = reverse("practice_projects:filing_edit", args=[v2.pk])
        response = client.post(
            edit, form_data(campaign, targets=targets, milestones=rows, version=v2.version)
        )
        assert response.context["form"].has_error("change_note", "required")
        response = client.post(
            edit,
            form_data(
                campaign,
                targets=targets,
                milestones=rows,
                version=v2.version,
                change_note="节点顺延5天",
            ),
        )
        assert response.status_code == 302
        project.refresh_from_db()
        assert project.current == v1  # the public page still shows version 1
        # Progress approved meanwhile on v1 is carried over to v2 at approval.
        Milestone.objects.filter(filing=v1).update(percent=70)
        approve(v2, users)
        project.refresh_from_db()
        assert project.current == v2 and v1.state == State.PUBLISHED
        assert set(v2.milestones.values_list("percent", flat=True)) == {70}

    def test_only_an_approved_project_can_be_changed(self, campaign, users):
        draft = file_project(campaign, users["staff_a"])
        with pytest.raises(DomainError):
            services.project_revise(project=draft, user=users["staff_a"])

    def test_only_the_unit_changes_its_project(self, campaign, users, project):
        with pytest.raises(Forbidden):
            services.project_revise(project=project, user=users["staff_b"])
        assert ProjectFiling.objects.count() == 1

    def test_removing_a_row_deletes_it(self, client, campaign, users):
        filing = file_project(campaign, users["staff_a"]).filings.get()
        first, second = filing.milestones.all()
        rows = [
            {"id": first.pk, "title": first.title, "due_date": first.due_date},
            {"id": second.pk, "title": second.title, "due_date": second.due_date, "DELETE": "on"},
        ]
        targets = [{"id": filing.targets.get().pk, **target_rows()[0]}]
        client.force_login(users["staff_a"])
        client.post(
            reverse("practice_projects:filing_edit", args=[filing.pk]),
            form_data(campaign, targets=targets, milestones=rows, version=1),
        )
        assert list(filing.milestones.values_list("pk", flat=True)) == [first.pk]
        assert Target.objects.count() == 1
