"""Typical marking and forwarding, the 公示 batch, objections and their answers, the jobs."""

import datetime

import pytest
from django.db.models import F
from django.urls import reverse

from achievements import services, tasks
from achievements.models import Achievement, Objection, PublicityBatch
from efficiency_center import workdays
from efficiency_center.errors import DomainError, Forbidden, Invalid
from efficiency_center.lateness import LateFiling
from efficiency_center.models import Notification
from efficiency_center.review import State
from efficiency_center.scoring import ScoreEntry, ScoreKind, department_totals
from efficiency_center.workflow import history
from tests.achievements.factories import AchievementFactory, verified

pytestmark = pytest.mark.django_db
START = datetime.date(2026, 3, 25)


def mark(achievement, clerk, forward=True):
    achievement.refresh_from_db()
    return services.achievement_mark_typical(
        achievement=achievement, user=clerk, expected_version=achievement.version, forward=forward
    )


@pytest.fixture
def on_display(campaign, dept_a, users, fixed_now):
    fixed_now(START)
    achievement = verified(campaign=campaign, department=dept_a, created_by=users["staff_a"])
    mark(achievement, users["clerk"])
    services.publicity_open(
        user=users["clerk"], campaign=campaign, quarter=1, achievement_ids=[achievement.pk]
    )
    achievement.refresh_from_db()
    return achievement


def objection(achievement, text="申报数字与实际不符", ip="203.0.113.9", **kwargs):
    return services.objection_raise(achievement=achievement, text=text, ip_address=ip, **kwargs)


def answer(made, user, outcome, text):
    made.refresh_from_db()
    return services.objection_answer(
        objection=made, user=user, outcome=outcome, answer=text, expected_version=made.version
    )


class TestTypical:
    def test_typical_and_forwarded_records_the_bonus_once(self, campaign, dept_a, users):
        achievement = verified(campaign=campaign, department=dept_a)
        mark(achievement, users["clerk"])
        entry = ScoreEntry.objects.get(kind=ScoreKind.TYPICAL_FORWARDED)
        assert entry.cause == achievement and entry.points == campaign.points_typical_forwarded
        achievement.refresh_from_db()
        assert achievement.is_typical and achievement.forwarded_at
        assert [s.action for s in history(achievement)] == ["mark_typical", "forward"]
        with pytest.raises(DomainError):
            services.achievement_forward(
                achievement=achievement, user=users["clerk"], expected_version=achievement.version
            )
        assert ScoreEntry.objects.count() == 1

    def test_typical_without_forwarding_then_forward(self, campaign, dept_a, users):
        achievement = verified(campaign=campaign, department=dept_a)
        mark(achievement, users["clerk"], forward=False)
        assert not ScoreEntry.objects.exists()
        achievement.refresh_from_db()
        services.achievement_forward(
            achievement=achievement, user=users["clerk"], expected_version=achievement.version
        )
        assert ScoreEntry.objects.filter(kind=ScoreKind.TYPICAL_FORWARDED).count() == 1

    def test_only_verified_achievements_can_be_typical(self, campaign, dept_a, users):
        submitted = AchievementFactory(campaign=campaign, department=dept_a, state=State.SUBMITTED)
        with pytest.raises(DomainError):
            mark(submitted, users["clerk"])

    def test_only_clerks_mark_typical(self, campaign, dept_a, users):
        achievement = verified(campaign=campaign, department=dept_a)
        with pytest.raises(Forbidden):
            mark(achievement, users["leader"])


class TestPublicity:
    def test_batch_end_is_computed_in_working_days(self, on_display, campaign):
        batch = on_display.batch
        assert batch.ends == workdays.add_workdays(START, campaign.publicity_workdays)
        assert batch.ends == datetime.date(2026, 4, 1)
        assert on_display.state == State.PUBLISHED and on_display.is_public

    def test_public_list_shows_the_batch_with_its_end(self, client, on_display):
        response = client.get(reverse("achievements:public_list"))
        assert response.status_code == 200
        assert on_display.title in response.content.decode()
        assert "2026-04-01" in response.content.decode()

    def test_only_typical_verified_ones_can_be_displayed(self, campaign, dept_a, users):
        plain = verified(campaign=campaign, department=dept_a)
        with pytest.raises(Invalid):
            services.publicity_open(
                user=users["clerk"], campaign=campaign, quarter=1, achievement_ids=[plain.pk]
            )
        assert not PublicityBatch.objects.exists()


class TestObjections:
    def test_objection_is_recorded_and_the_clerks_told(self, on_display, users):
        made = objection(on_display, name="张三", contact="13800000000")
        assert made.is_pending and made.ip_address == "203.0.113.9"
        assert Notification.objects.filter(recipient=users["clerk"], target_id=made.pk).exists()

    @pytest.mark.parametrize("text", ["", "   ", "x" * 2001])
    def test_empty_or_too_long_objection_is_refused(self, client, on_display, text):
        url = reverse("achievements:objection_create", args=[on_display.pk])
        response = client.post(url, {"text": text})
        assert response.status_code == 400
        assert response.context["form"].has_error("text")
        assert not Objection.objects.exists()

    def test_objection_of_2000_characters_is_accepted(self, client, on_display):
        url = reverse("achievements:objection_create", args=[on_display.pk])
        response = client.post(url, {"text": "异" * 2000})
        assert response.status_code == 200
        assert Objection.objects.get().text == "异" * 2000

    def test_objection_on_an_achievement_not_on_display_is_404(self, client, campaign, dept_a):
        plain = verified(campaign=campaign, department=dept_a)
        draft = AchievementFactory(campaign=campaign, department=dept_a)
        for achievement in (plain, draft):
            url = reverse("achievements:objection_create", args=[achievement.pk])
            assert client.post(url, {"text": "不实"}).status_code == 404
        assert not Objection.objects.exists()

    def test_objection_after_the_period_is_404(self, client, on_display, fixed_now):
        fixed_now(datetime.date(2026, 4, 2))
        url = reverse("achievements:objection_create", args=[on_display.pk])
        assert client.post(url, {"text": "不实"}).status_code == 404

    def test_sixth_objection_in_an_hour_from_one_address_is_refused(self, client, on_display):
        url = reverse("achievements:objection_create", args=[on_display.pk])
        for n in range(5):
            response = client.post(url, {"text": f"异议{n}"}, REMOTE_ADDR="198.51.100.1")
            assert response.status_code == 200
        response = client.post(url, {"text": "第六条"}, REMOTE_ADDR="198.51.100.1")
        assert response.status_code == 429
        assert "5" in " ".join(response.context["form"].non_field_errors())
        assert Objection.objects.count() == 5
        other = client.post(url, {"text": "另一地址"}, REMOTE_ADDR="198.51.100.2")
        assert other.status_code == 200

    def test_the_limit_counts_only_the_last_hour(self, on_display):
        for n in range(5):
            objection(on_display, text=f"异议{n}")
        Objection.objects.update(created_at=F("created_at") - datetime.timedelta(minutes=61))
        objection(on_display, text="一小时后")
        assert Objection.objects.count() == 6

    def test_dismissed_answer_is_published_without_the_name(self, client, on_display, users):
        made = objection(on_display, name="王五", contact="13900000000")
        answer(made, users["clerk"], "dismissed", "经核实，数据属实。")
        for url in (reverse("achievements:public_list"), on_display.get_public_url()):
            page = client.get(url).content.decode()
            assert "经核实，数据属实。" in page and "申报数字与实际不符" in page
            assert "王五" not in page and "13900000000" not in page and "203.0.113.9" not in page
        on_display.refresh_from_db()
        assert on_display.is_typical and ScoreEntry.objects.count() == 1

    def test_pending_objection_text_is_not_public(self, client, on_display):
        objection(on_display, text="尚未答复的异议")
        assert "尚未答复的异议" not in client.get(on_display.get_public_url()).content.decode()

    def test_upheld_leaves_the_typical_list_and_reverses_the_bonus(
        self, client, on_display, users, campaign
    ):
        made = objection(on_display)
        answer(made, users["clerk"], "upheld", "情况属实，撤回。")
        on_display.refresh_from_db()
        assert not on_display.is_typical and on_display.state == State.APPROVED
        assert history(on_display).last().action == "withdraw"
        reversal = ScoreEntry.objects.get(kind=ScoreKind.REVERSAL)
        assert reversal.reverses.kind == ScoreKind.TYPICAL_FORWARDED
        assert department_totals(campaign)[on_display.department_id][1] == 0
        assert (
            on_display.title not in client.get(reverse("achievements:public_list")).content.decode()
        )
        with pytest.raises(DomainError):
            mark(on_display, users["clerk"])

    def test_answer_needs_text_and_is_given_once(self, on_display, users):
        made = objection(on_display)
        with pytest.raises(Invalid):
            answer(made, users["clerk"], "dismissed", " ")
        answer(made, users["clerk"], "dismissed", "不成立")
        with pytest.raises(DomainError):
            answer(made, users["clerk"], "upheld", "改判")
        made.refresh_from_db()
        assert made.outcome == "dismissed"

    def test_answer_view(self, client, on_display, users):
        made = objection(on_display)
        client.force_login(users["leader"])
        url = reverse("achievements:objection_answer", args=[made.pk])
        page = client.get(url)
        assert page.status_code == 200 and 'data-action="answer"' not in page.content.decode()
        data = {"outcome": "dismissed", "answer": "不成立", "version": made.version}
        response = client.post(url, data)
        assert response.status_code == 403
        made.refresh_from_db()
        assert made.is_pending
        client.force_login(users["clerk"])
        page = client.get(url).content.decode()
        assert 'value="upheld"' in page and 'value="dismissed"' in page
        response = client.post(url, data)
        assert response.status_code == 302
        again = client.post(url, {**data, "outcome": "upheld"})
        assert again.status_code == 409
        made.refresh_from_db()
        assert made.outcome == "dismissed" and made.answered_by == users["clerk"]


class TestCloseJob:
    def test_closes_after_the_period_and_runs_twice_safely(self, on_display, users):
        batch = on_display.batch
        assert tasks.close_publicity_batches("2026-04-01") == {"closed": [], "held": []}
        assert tasks.close_publicity_batches("2026-04-02") == {"closed": [batch.pk], "held": []}
        assert tasks.close_publicity_batches("2026-04-02") == {"closed": [], "held": []}
        batch.refresh_from_db()
        assert batch.state == PublicityBatch.BatchState.CLOSED and batch.closed_at

    def test_unanswered_objection_holds_the_batch_and_tells_the_clerk_once_a_day(
        self, on_display, users
    ):
        made = objection(on_display)
        batch = on_display.batch
        held = {"closed": [], "held": [batch.pk]}
        assert tasks.close_publicity_batches("2026-04-02") == held
        assert tasks.close_publicity_batches("2026-04-02") == held
        reminders = Notification.objects.filter(
            recipient=users["clerk"], dedupe_key__startswith=f"publicity-held:{batch.pk}"
        )
        assert reminders.count() == 1
        tasks.close_publicity_batches("2026-04-03")
        assert reminders.count() == 2
        answer(made, users["clerk"], "dismissed", "不成立")
        assert tasks.close_publicity_batches("2026-04-03") == {"closed": [batch.pk], "held": []}
        batch.refresh_from_db()
        assert [(s.action, s.actor.username) for s in history(batch)] == [
            ("create", "clerk"),
            ("close", "system"),
        ]


class TestMissedDeadlines:
    def test_units_with_nothing_filed_lose_points_once(self, campaign, dept_a, dept_b, users):
        filed = AchievementFactory(
            campaign=campaign, department=dept_a, state=State.SUBMITTED,
            filed_at=datetime.datetime(2026, 3, 19, 8, tzinfo=datetime.UTC),
        )  # fmt: skip
        assert filed
        assert tasks.record_missed_deadlines("2026-03-20") == 0  # the deadline day itself
        first = tasks.record_missed_deadlines("2026-03-21")
        assert tasks.record_missed_deadlines("2026-03-21") == 0
        late_filings = LateFiling.objects.filter(source="achievements", period="achievements:Q1")
        missed = set(late_filings.values_list("department__code", flat=True))
        assert "A01" not in missed and {"B01", "A01S"} <= missed
        assert first == len(missed)
        late = ScoreEntry.objects.filter(kind=ScoreKind.REPORT_LATE)
        assert late.count() == len(missed)
        assert not Achievement.objects.filter(is_late=True).exists()
