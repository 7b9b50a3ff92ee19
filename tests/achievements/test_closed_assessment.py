"""After a leader closed the year's assessment, every action of this app that records a score,
tried through the pages and the jobs: a clear Chinese refusal (or the job's logged skip), never
a server error, and nothing half-written."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from achievements import services, tasks
from achievements.models import Objection
from efficiency_center.audit import AuditEvent
from efficiency_center.lateness import LateFiling
from efficiency_center.models import Notification
from efficiency_center.review import State
from efficiency_center.scoring import ScoreEntry
from efficiency_center.workflow import StateChange
from tests.achievements.factories import AchievementFactory, verified

pytestmark = pytest.mark.django_db
CLOSED = "2026年度考核已结束"


def close(campaign):
    campaign.assessment_closed_at = timezone.now()
    campaign.save(update_fields=["assessment_closed_at"])


def written():
    """What a refused action must not have added."""
    return (
        StateChange.objects.count(),
        ScoreEntry.objects.count(),
        LateFiling.objects.count(),
        Notification.objects.count(),
        AuditEvent.objects.filter(action=AuditEvent.Action.STATE_CHANGE).count(),
        Objection.objects.exclude(outcome="").count(),
    )


def post_step(client, achievement, action, **data):
    """A button of the achievement's page pressed (the browser names the page it came from)."""
    return client.post(
        reverse("achievements:act", args=[achievement.pk]),
        {"action": action, "version": achievement.version, **data},
        follow=True,
        headers={"referer": "http://testserver" + achievement.get_absolute_url()},
    )


@pytest.fixture
def clerk(client, users):
    client.force_login(users["clerk"])
    return client


class TestThroughThePages:
    def test_marking_typical_and_forwarding_is_refused_as_one(self, clerk, campaign, dept_a):
        achievement = verified(campaign=campaign, department=dept_a)
        close(campaign)
        before = written()
        response = post_step(clerk, achievement, "mark_typical", forward="on")
        assert response.redirect_chain == [
            ("http://testserver" + achievement.get_absolute_url(), 303)
        ]
        assert response.status_code == 200 and CLOSED in response.content.decode()
        assert written() == before
        achievement.refresh_from_db()
        assert not achievement.is_typical and achievement.typical_at is None
        assert achievement.forwarded_at is None and achievement.version == 1

    def test_forwarding_a_typical_one_is_refused(self, clerk, campaign, dept_a):
        achievement = verified(campaign=campaign, department=dept_a, is_typical=True)
        close(campaign)
        before = written()
        response = post_step(clerk, achievement, "forward")
        assert response.redirect_chain[0][1] == 303 and CLOSED in response.content.decode()
        assert written() == before
        achievement.refresh_from_db()
        assert achievement.forwarded_at is None and achievement.version == 1

    def test_marking_typical_without_forwarding_records_no_score_and_goes_through(
        self, clerk, campaign, dept_a
    ):
        achievement = verified(campaign=campaign, department=dept_a)
        close(campaign)
        response = post_step(clerk, achievement, "mark_typical")
        assert response.status_code == 200
        achievement.refresh_from_db()
        assert achievement.is_typical and achievement.forwarded_at is None
        assert not ScoreEntry.objects.exists()

    def test_upholding_an_objection_to_a_forwarded_one_is_refused(
        self, clerk, campaign, dept_a, users, fixed_now
    ):
        fixed_now(datetime.date(2026, 3, 25))
        achievement = verified(campaign=campaign, department=dept_a)
        services.achievement_mark_typical(
            achievement=achievement, user=users["clerk"], expected_version=achievement.version
        )
        services.publicity_open(
            user=users["clerk"], campaign=campaign, quarter=1, achievement_ids=[achievement.pk]
        )
        objection = services.objection_raise(achievement=achievement, text="数字不实")
        close(campaign)
        before = written()
        url = reverse("achievements:objection_answer", args=[objection.pk])
        response = clerk.post(
            url, {"outcome": "upheld", "answer": "情况属实。", "version": objection.version}
        )
        assert response.status_code == 400
        assert CLOSED in response.content.decode()
        assert 'data-action="answer"' in response.content.decode()  # still answerable
        assert written() == before
        objection.refresh_from_db()
        achievement.refresh_from_db()
        assert objection.is_pending and objection.version == 1
        assert achievement.is_typical and achievement.state == State.PUBLISHED
        # Dismissing it records nothing in the ledger: still possible.
        response = clerk.post(
            url, {"outcome": "dismissed", "answer": "经核实属实。", "version": objection.version}
        )
        assert response.status_code == 302

    def test_a_late_sign_off_is_filed_and_its_deduction_skipped(
        self, client, campaign, dept_a, users, fixed_now, caplog
    ):
        achievement = AchievementFactory(
            campaign=campaign, department=dept_a, created_by=users["staff_a"]
        )
        close(campaign)
        fixed_now(datetime.date(2026, 3, 25))
        client.force_login(users["head_a"])
        response = post_step(client, achievement, "submit")
        assert response.redirect_chain == [(achievement.get_absolute_url(), 302)]
        assert response.status_code == 200
        achievement.refresh_from_db()
        assert achievement.state == State.SUBMITTED and achievement.is_late
        assert not LateFiling.objects.exists() and not ScoreEntry.objects.exists()
        assert "assessment is closed" in caplog.text


class TestThroughTheJobs:
    def test_the_missed_deadline_sweep_logs_its_skip(self, campaign, dept_a, dept_b, caplog):
        close(campaign)
        before = written()
        assert tasks.record_missed_deadlines("2026-03-21") == 0
        assert written() == before
        assert "A01" in caplog.text and "assessment is closed" in caplog.text

    def test_closing_a_display_records_no_score_and_goes_on(
        self, campaign, dept_a, users, fixed_now
    ):
        fixed_now(datetime.date(2026, 3, 25))
        achievement = verified(campaign=campaign, department=dept_a, is_typical=True)
        batch = services.publicity_open(
            user=users["clerk"], campaign=campaign, quarter=1, achievement_ids=[achievement.pk]
        )
        close(campaign)
        assert tasks.close_publicity_batches("2026-04-02") == {"closed": [batch.pk], "held": []}
