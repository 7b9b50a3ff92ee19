"""Quarterly progress reports and the completion summary with the clerk's rating."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from efficiency_center.errors import DomainError, Forbidden, Invalid
from efficiency_center.review import State
from efficiency_center.uploads import attachments_of
from practice_projects import deadlines, selectors, services
from practice_projects.models import CompletionReport, Milestone, ProgressReport, Rating
from tests.practice_projects.factories import (
    act,
    approve,
    approved_project,
    entries_for,
    file_progress,
    file_project,
    moment,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(campaign, users):
    return approved_project(campaign, users)


def progress_post(filing, *, percent=50, status="in_progress", value="30", version="", **extra):
    milestones = list(filing.milestones.all())
    targets = list(filing.targets.all())
    data = {
        "work_done": "完成了部署",
        "problems": "",
        "next_steps": "继续推进",
        "version": version,
        "ms-TOTAL_FORMS": len(milestones),
        "ms-INITIAL_FORMS": len(milestones),
        "tg-TOTAL_FORMS": len(targets),
        "tg-INITIAL_FORMS": len(targets),
    }
    for i, m in enumerate(milestones):
        data.update(
            {f"ms-{i}-milestone_id": m.pk, f"ms-{i}-status": status, f"ms-{i}-percent": percent}
        )
    for i, t in enumerate(targets):
        data.update({f"tg-{i}-target_id": t.pk, f"tg-{i}-value": value})
    data.update(extra)
    return data


def create_url(project, quarter=1):
    return reverse("practice_projects:progress_create", args=[project.pk, quarter])


class TestFilingProgress:
    def test_staff_files_a_quarter_with_evidence(self, client, project, users, png_bytes):
        client.force_login(users["staff_a"])
        data = progress_post(project.current, files=[SimpleUploadedFile("现场.png", png_bytes)])
        response = client.post(create_url(project), data)
        report = ProgressReport.objects.get()
        assert response.status_code == 302 and response.url == report.get_absolute_url()
        assert (report.quarter, report.state, report.filing) == (1, State.DRAFT, project.current)
        assert set(report.milestone_entries.values_list("percent", flat=True)) == {50}
        assert report.target_entries.get().value == Decimal(30)
        assert attachments_of(report).get().kind == "png"

    def test_a_project_that_is_not_approved_gets_no_report(self, client, campaign, users):
        draft = file_project(campaign, users["staff_a"])
        client.force_login(users["staff_a"])
        response = client.post(create_url(draft), {})
        assert response.status_code == 302 and response.url == draft.get_absolute_url()
        with pytest.raises(DomainError) as refused:
            services.progress_report_save(
                user=users["staff_a"],
                project=draft,
                quarter=1,
                work_done="x",
                next_steps="y",
                milestone_entries=[],
                target_entries=[],
            )
        assert refused.value.code == "not_approved"
        assert not ProgressReport.objects.exists()

    @pytest.mark.parametrize("percent", ["-1", "101", "150", "abc", "50.5"])
    def test_percent_outside_0_to_100_is_refused(self, client, project, users, percent):
        client.force_login(users["staff_a"])
        response = client.post(create_url(project), progress_post(project.current, percent=percent))
        assert response.status_code == 400
        assert any(f.has_error("percent") for f in response.context["ms_set"].forms)
        assert not ProgressReport.objects.exists()

    @pytest.mark.parametrize("status,percent", [("done", 80), ("in_progress", 100)])
    def test_done_means_100_percent(self, client, project, users, status, percent):
        client.force_login(users["staff_a"])
        response = client.post(
            create_url(project), progress_post(project.current, status=status, percent=percent)
        )
        assert response.context["ms_set"].forms[0].has_error("__all__", "done_percent")
        assert not ProgressReport.objects.exists()

    def test_a_target_value_must_be_a_number(self, client, project, users):
        client.force_login(users["staff_a"])
        response = client.post(create_url(project), progress_post(project.current, value="很多"))
        assert response.context["tg_set"].forms[0].has_error("value", "invalid")
        assert not ProgressReport.objects.exists()

    def test_evidence_of_a_wrong_type_is_refused(self, client, project, users):
        client.force_login(users["staff_a"])
        fake = SimpleUploadedFile("照片.jpg", b"MZ\x90\x00 a windows program")
        response = client.post(create_url(project), progress_post(project.current, files=[fake]))
        assert response.context["form"].has_error("files", "bad_type")
        assert not ProgressReport.objects.exists()

    def test_too_much_evidence_is_refused(self, client, project, users, png_bytes):
        client.force_login(users["staff_a"])
        files = [SimpleUploadedFile(f"{i}.png", png_bytes) for i in range(11)]
        response = client.post(create_url(project), progress_post(project.current, files=files))
        assert response.context["form"].has_error("files", "too_many_files")
        assert not ProgressReport.objects.exists()

    def test_evidence_too_big_is_refused(self, project, users, png_bytes):
        from practice_projects.forms import ProgressForm

        form = ProgressForm(
            {"work_done": "x", "next_steps": "y"},
            {"files": [SimpleUploadedFile("a.png", png_bytes)]},
        )
        form.fields["files"].max_bytes = 10
        assert not form.is_valid() and form.has_error("files", "too_big")

    def test_entries_must_cover_the_projects_milestones(self, project, users):
        milestones, targets = entries_for(project.current)
        with pytest.raises(DomainError) as refused:
            services.progress_report_save(
                user=users["staff_a"],
                project=project,
                quarter=1,
                work_done="x",
                next_steps="y",
                milestone_entries=milestones[:1],
                target_entries=targets,
            )
        assert refused.value.code == "stale_items"

    def test_one_report_per_quarter(self, client, project, users):
        report = file_progress(project, users["staff_a"])
        client.force_login(users["staff_a"])
        assert client.get(create_url(project)).url == report.get_absolute_url()
        with pytest.raises(DomainError):
            file_progress(project, users["staff_a"])

    def test_a_future_quarter_cannot_be_filed(self, project, users, campaign):
        with pytest.raises(DomainError) as refused:
            file_progress(
                project,
                users["staff_a"],
                quarter=3,
                today=campaign.q1_deadline + datetime.timedelta(days=1),
            )
        assert refused.value.code == "quarter"
        file_progress(
            project,
            users["staff_a"],
            quarter=2,
            today=campaign.q1_deadline + datetime.timedelta(days=1),
        )

    def test_another_units_staff_cannot_report(self, project, users):
        with pytest.raises(Forbidden):
            file_progress(project, users["staff_b"])

    def test_a_stale_edit_is_refused(self, client, project, users):
        report = file_progress(project, users["staff_a"])
        url = reverse("practice_projects:progress_edit", args=[report.pk])
        client.force_login(users["head_a"])
        assert (
            client.post(url, progress_post(project.current, percent=60, version=1)).status_code
            == 302
        )
        client.force_login(users["staff_a"])
        response = client.post(
            url, progress_post(project.current, percent=70, version=1, work_done="经办人的内容")
        )
        assert response.status_code == 409 and "经办人的内容" in response.content.decode()
        report.refresh_from_db()
        assert report.version == 2
        assert set(report.milestone_entries.values_list("percent", flat=True)) == {60}


class TestApprovalAndThePublicPage:
    def test_approved_progress_shows_on_the_project_page(self, client, project, users):
        report = file_progress(project, users["staff_a"], percent=40, value=Decimal("12.5"))
        client.get(project.get_public_url())
        approve(report, users)
        assert report.state == State.PUBLISHED
        page = client.get(project.get_public_url()).content.decode()
        assert page.count('data-percent="40"') == 2 and 'data-report-quarter="1"' in page
        assert "12.5" in page

    def test_unapproved_progress_is_not_public(self, client, project, users):
        file_progress(project, users["staff_a"], percent=40)
        page = client.get(project.get_public_url()).content.decode()
        assert 'data-percent="40"' not in page and "data-report-quarter" not in page

    def test_a_late_earlier_quarter_does_not_overwrite_a_later_one(self, project, users):
        q2 = file_progress(project, users["staff_a"], quarter=2, percent=80)
        q1 = file_progress(project, users["staff_a"], quarter=1, percent=20)
        approve(q2, users)
        approve(q1, users)
        assert set(
            Milestone.objects.filter(filing=project.current).values_list("percent", flat=True)
        ) == {80}

    def test_a_milestone_past_due_and_not_done_is_delayed(self, project, campaign):
        first = project.current.milestones.order_by("due_date").first()
        after_first = first.due_date + datetime.timedelta(days=1)
        context = selectors.public_project(project.pk, today=after_first)
        flags = [m.delayed for m in context["milestones"]]
        assert flags == [True, False]
        delayed = selectors.delayed_milestones(campaign, today=after_first)
        assert [m.pk for m in delayed] == [first.pk]
        Milestone.objects.filter(pk=first.pk).update(status="done", percent=100)
        assert not selectors.delayed_milestones(campaign, today=after_first)

    def test_the_clerks_list_shows_delayed_milestones(self, client, project, users):
        Milestone.objects.filter(filing=project.current).update(
            due_date=project.campaign.start_date, status="in_progress"
        )
        client.force_login(users["clerk"])
        page = client.get(reverse("practice_projects:review_queue")).content.decode()
        assert "data-delayed" in page


class TestCompletion:
    @pytest.fixture
    def ended(self, campaign, users):
        """A project whose own end date has passed (so a summary may be filed now)."""
        return approved_project(
            campaign, users, end_date=campaign.start_date + datetime.timedelta(days=70)
        )

    def summary(self, project, users, **kwargs):
        return services.completion_save(
            user=users["staff_a"], project=project, summary="全面完成", **kwargs
        )

    def test_too_early_is_refused(self, project, users, campaign):
        with pytest.raises(DomainError) as refused:
            self.summary(project, users, at=moment(campaign.q3_deadline))
        assert refused.value.code == "too_early"
        self.summary(project, users, at=moment(campaign.q4_deadline))

    def test_the_clerk_rates_on_approval(self, ended, users, campaign):
        report = self.summary(ended, users)
        act(report, "submit", users["head_a"])
        with pytest.raises(Invalid):
            act(report, "approve", users["clerk"])
        assert CompletionReport.objects.get().state == State.SUBMITTED
        act(report, "approve", users["clerk"], "成效显著", rating=Rating.EXCELLENT)
        ended.refresh_from_db()
        assert report.state == State.PUBLISHED
        assert (ended.rating, ended.rating_comment, ended.rated_by) == (
            Rating.EXCELLENT,
            "成效显著",
            users["clerk"],
        )
        assert list(selectors.best_measure_candidates(campaign)) == [ended]

    def test_only_excellent_projects_are_candidates(self, campaign, users):
        for rating in (Rating.GOOD, Rating.SATISFACTORY, Rating.UNSATISFACTORY):
            project = approved_project(
                campaign, users, end_date=campaign.start_date + datetime.timedelta(days=70)
            )
            report = self.summary(project, users)
            act(report, "submit", users["head_a"])
            act(report, "approve", users["clerk"], rating=rating)
        assert not selectors.best_measure_candidates(campaign).exists()

    def test_the_rating_form_on_the_page(self, client, ended, users):
        report = self.summary(ended, users)
        act(report, "submit", users["head_a"])
        client.force_login(users["clerk"])
        url = reverse("practice_projects:completion_act", args=[report.pk])
        assert 'name="rating"' in client.get(report.get_absolute_url()).content.decode()
        client.post(url, {"action": "approve", "version": report.version, "rating": ""})
        report.refresh_from_db()
        assert report.state == State.SUBMITTED
        client.post(
            url,
            {"action": "approve", "version": report.version, "rating": "good", "comment": "良好"},
        )
        ended.refresh_from_db()
        assert ended.rating == "good"

    def test_no_change_after_the_summary(self, ended, users):
        self.summary(ended, users)
        with pytest.raises(DomainError):
            services.project_revise(project=ended, user=users["staff_a"])

    def test_the_summary_view_before_time_redirects(self, client, project, users):
        client.force_login(users["staff_a"])
        url = reverse("practice_projects:completion_create", args=[project.pk])
        if deadlines.completion_open(project, datetime.date.today()):
            pytest.skip("the campaign has ended by the real clock")
        assert client.post(url, {"summary": "x"}).status_code == 302
        assert not CompletionReport.objects.exists()

    def test_the_summary_is_filed_through_the_view(self, client, ended, users):
        client.force_login(users["staff_a"])
        url = reverse("practice_projects:completion_create", args=[ended.pk])
        assert client.post(url, {"summary": "  "}).context["form"].has_error("summary")
        response = client.post(url, {"summary": "全面完成"})
        assert response.status_code == 302 and CompletionReport.objects.get().summary == "全面完成"
