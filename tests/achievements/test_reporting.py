"""Reporting: each content rule and bad input, the sign-off paths, late filing."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from achievements import services
from achievements.forms import AchievementForm
from achievements.models import MAX_PER_QUARTER, Achievement
from efficiency_center.errors import DomainError, Forbidden, Invalid
from efficiency_center.lateness import LateFiling
from efficiency_center.models import Notification
from efficiency_center.review import State
from efficiency_center.scoring import ScoreEntry, ScoreKind
from efficiency_center.uploads import attachments_of
from efficiency_center.workflow import StateChange
from tests.achievements.factories import AchievementFactory, form_data

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

pytestmark = pytest.mark.django_db


def make_form(campaign, **overrides):
    return AchievementForm(data=form_data(campaign, **overrides), campaign=campaign)


class TestForm:
    def test_valid_report_cleans_blank_figures_to_zero(self, campaign):
        form = make_form(campaign)
        assert form.is_valid(), form.errors
        assert form.cleaned_data["people_served"] == 0
        assert form.cleaned_data["quarter"] == 1

    def test_no_figure_is_refused(self, campaign):
        form = make_form(campaign, cases_handled="", enterprises_served="0")
        assert not form.is_valid()
        assert form.has_error("__all__", "no_figure")

    def test_negative_figure_is_refused(self, campaign):
        form = make_form(campaign, workdays_saved="-3")
        assert not form.is_valid()
        assert form.has_error("workdays_saved")

    def test_negative_money_is_refused(self, campaign):
        form = make_form(campaign, money_saved="-1.5")
        assert not form.is_valid() and form.has_error("money_saved")

    @pytest.mark.parametrize(
        "start,end", [("2026-04-01", "2026-04-10"), ("2026-03-01", "2026-04-02")]
    )
    def test_period_outside_the_quarter_is_refused(self, campaign, start, end):
        form = make_form(campaign, period_start=start, period_end=end)
        assert not form.is_valid()
        assert form.has_error("period_start", "period_outside")

    def test_period_ending_before_it_starts_is_refused(self, campaign):
        form = make_form(campaign, period_start="2026-03-10", period_end="2026-03-01")
        assert not form.is_valid()

    @pytest.mark.parametrize("title", ["", "   "])
    def test_empty_title_is_refused(self, campaign, title):
        form = make_form(campaign, title=title)
        assert not form.is_valid() and form.has_error("title")

    def test_category_of_another_campaign_is_refused(self, campaign):
        from tests.factories import CampaignFactory

        other = CampaignFactory(year=2025)
        foreign = other.achievement_categories.first()
        form = make_form(campaign, category=foreign.pk)
        assert not form.is_valid() and form.has_error("category")

    def test_evidence_of_a_forbidden_type_is_refused(self, campaign):
        exe = SimpleUploadedFile("report.pdf", b"MZ\x90\x00" + b"\x00" * 100)
        form = AchievementForm(data=form_data(campaign), files={"evidence": exe}, campaign=campaign)
        assert not form.is_valid()
        assert form.has_error("evidence", "bad_type")

    def test_new_campaign_gets_default_categories(self, campaign):
        names = list(campaign.achievement_categories.values_list("name", flat=True))
        assert names == ["101%服务", "百户企业大走访", "百名科长联百企", "百个站所进万家", "其他"]


class TestReportService:
    def test_staff_reports_a_draft_with_evidence(self, campaign, users):
        form = make_form(campaign)
        assert form.is_valid()
        pdf = SimpleUploadedFile("证明.pdf", PDF)
        achievement = services.achievement_report(
            user=users["staff_a"], campaign=campaign, quarter=1, data=form.cleaned_data,
            evidence=pdf,
        )  # fmt: skip
        assert achievement.state == State.DRAFT
        assert achievement.department == users["staff_a"].department
        assert attachments_of(achievement).get().kind == "pdf"
        assert StateChange.objects.filter(object_id=achievement.pk, action="create").exists()

    def test_more_than_twenty_in_a_quarter_is_refused(self, campaign, dept_a, users):
        AchievementFactory.create_batch(
            MAX_PER_QUARTER, campaign=campaign, department=dept_a, created_by=users["staff_a"]
        )
        form = make_form(campaign)
        assert form.is_valid()
        with pytest.raises(Invalid) as exc:
            services.achievement_report(
                user=users["staff_a"], campaign=campaign, quarter=1, data=form.cleaned_data
            )
        assert exc.value.code == "too_many"
        assert Achievement.objects.count() == MAX_PER_QUARTER

    def test_the_view_shows_the_limit_and_changes_nothing(self, client, campaign, dept_a, users):
        AchievementFactory.create_batch(
            MAX_PER_QUARTER, campaign=campaign, department=dept_a, created_by=users["staff_a"]
        )
        client.force_login(users["staff_a"])
        response = client.post(reverse("achievements:create"), form_data(campaign))
        assert response.status_code == 400
        assert "20" in " ".join(response.context["form"].non_field_errors())
        assert Achievement.objects.count() == MAX_PER_QUARTER

    def test_bad_input_through_the_view_changes_nothing(self, client, campaign, users):
        client.force_login(users["staff_a"])
        response = client.post(
            reverse("achievements:create"),
            form_data(campaign, cases_handled="", enterprises_served=""),
        )
        assert response.status_code == 400
        assert not Achievement.objects.exists()

    def test_create_view_saves_and_redirects(self, client, campaign, users):
        client.force_login(users["staff_a"])
        response = client.post(reverse("achievements:create"), form_data(campaign))
        achievement = Achievement.objects.get()
        assert response.status_code == 302 and response.url == achievement.get_absolute_url()


def on(day, hour=10):
    """A moment of a local day (the services' `at`)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def act(achievement, user, action, comment="", today=None):
    achievement.refresh_from_db()
    return services.achievement_step(
        achievement=achievement, user=user, action=action, comment=comment,
        expected_version=achievement.version, at=on(today) if today else None,
    )  # fmt: skip


class TestSignOffAndVerify:
    def test_key_department_path_with_return(self, achievement, users):
        act(achievement, users["head_a"], "submit", today=datetime.date(2026, 3, 10))
        assert achievement.state == State.SUBMITTED and achievement.filed_at
        assert not achievement.is_late
        assert Notification.objects.filter(recipient=users["clerk"]).exists()
        act(achievement, users["clerk"], "return", "请补充佐证材料")
        assert achievement.state == State.RETURNED
        assert Notification.objects.filter(recipient=users["staff_a"]).exists()
        act(achievement, users["head_a"], "submit")
        act(achievement, users["clerk"], "approve")
        achievement.refresh_from_db()
        assert achievement.is_verified and achievement.status == "verified"

    def test_sub_unit_goes_through_the_supervising_head(self, sub_achievement, users):
        act(sub_achievement, users["head_sub"], "submit", today=datetime.date(2026, 3, 1))
        assert sub_achievement.state == State.SIGNED
        assert Notification.objects.filter(recipient=users["head_a"]).exists()
        with pytest.raises(Forbidden):
            act(sub_achievement, users["head_b"], "endorse")
        act(sub_achievement, users["head_a"], "endorse")
        assert sub_achievement.state == State.SUBMITTED

    def test_staff_cannot_sign_off(self, achievement, users):
        with pytest.raises(Forbidden):
            act(achievement, users["staff_a"], "submit")

    def test_not_accepted_needs_a_reason_and_is_final(self, achievement, users):
        act(achievement, users["head_a"], "submit")
        with pytest.raises(Invalid):
            services.achievement_not_accept(
                achievement=achievement, user=users["clerk"], reason=" ",
                expected_version=achievement.version,
            )  # fmt: skip
        services.achievement_not_accept(
            achievement=achievement, user=users["clerk"], reason="不属于服务实绩",
            expected_version=achievement.version,
        )  # fmt: skip
        achievement.refresh_from_db()
        assert achievement.status == "not_accepted" and not achievement.is_editable
        change = StateChange.objects.get(object_id=achievement.pk, action="not_accept")
        assert change.comment == "不属于服务实绩"
        assert achievement.not_accepted_reason == "不属于服务实绩"
        with pytest.raises(DomainError, match="not accepted|未予采纳|不予"):
            act(achievement, users["clerk"], "approve")

    def test_two_clerks_verifying_at_once_the_second_is_refused(self, client, achievement, users):
        act(achievement, users["head_a"], "submit")
        achievement.refresh_from_db()
        data = {"action": "approve", "version": achievement.version}
        client.force_login(users["clerk"])
        first = client.post(reverse("achievements:act", args=[achievement.pk]), data)
        assert first.status_code == 302
        second = client.post(
            reverse("achievements:act", args=[achievement.pk]),
            {"action": "not_accept", "version": data["version"], "comment": "重复"},
            follow=True,
        )
        assert second.redirect_chain[0][1] == 303
        assert "他人保存" in second.content.decode()
        achievement.refresh_from_db()
        assert achievement.state == State.APPROVED and achievement.not_accepted_at is None
        third = client.post(reverse("achievements:act", args=[achievement.pk]), data)
        assert third.status_code == 303
        assert StateChange.objects.filter(object_id=achievement.pk, action="approve").count() == 1

    def test_edit_with_a_stale_version_is_refused(self, client, campaign, achievement, users):
        client.force_login(users["staff_a"])
        url = reverse("achievements:edit", args=[achievement.pk])
        stale = achievement.version
        ok = client.post(url, {**form_data(campaign, title="第一次"), "version": stale})
        assert ok.status_code == 302
        again = client.post(url, {**form_data(campaign, title="第二次"), "version": stale})
        assert again.status_code == 409
        achievement.refresh_from_db()
        assert achievement.title == "第一次"

    def test_draft_can_be_deleted_until_signed(self, client, achievement, users):
        client.force_login(users["staff_a"])
        url = reverse("achievements:delete", args=[achievement.pk])
        response = client.post(url, {"version": achievement.version})
        assert response.status_code == 302 and not Achievement.objects.exists()


class TestLateFiling:
    def test_on_time_filing_is_not_late(self, achievement, users):
        act(achievement, users["head_a"], "submit", today=datetime.date(2026, 3, 20))
        assert not achievement.is_late
        assert not ScoreEntry.objects.exists()

    def test_late_filing_is_marked_and_recorded_once(self, campaign, dept_a, users):
        first, second = AchievementFactory.create_batch(
            2, campaign=campaign, department=dept_a, created_by=users["staff_a"]
        )
        late_day = datetime.date(2026, 3, 25)
        act(first, users["head_a"], "submit", today=late_day)
        act(second, users["head_a"], "submit", today=late_day)
        first.refresh_from_db()
        assert first.is_late
        entries = ScoreEntry.objects.filter(kind=ScoreKind.REPORT_LATE)
        assert entries.count() == 1
        entry = entries.get()
        assert entry.points == campaign.points_report_late and entry.department == dept_a
        assert entry.cause == LateFiling.objects.get(department=dept_a, period="achievements:Q1")
        # Returned and signed again: still filed once, still one entry.
        act(first, users["clerk"], "return", "补充")
        act(first, users["head_a"], "submit", today=datetime.date(2026, 4, 2))
        assert entries.count() == 1

    def test_late_extra_after_an_on_time_report_costs_nothing(self, campaign, dept_a, users):
        on_time, extra = AchievementFactory.create_batch(
            2, campaign=campaign, department=dept_a, created_by=users["staff_a"]
        )
        act(on_time, users["head_a"], "submit", today=datetime.date(2026, 3, 18))
        act(extra, users["head_a"], "submit", today=datetime.date(2026, 3, 28))
        extra.refresh_from_db()
        assert extra.is_late
        assert not ScoreEntry.objects.exists()
