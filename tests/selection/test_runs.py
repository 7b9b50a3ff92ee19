"""The ranking job: started by a clerk, computed by the Celery task into a snapshot, compared
with the previous run, one at a time, safe to run twice."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from efficiency_center.errors import DomainError
from efficiency_center.notifications import Notification
from selection import services, tasks
from selection.models import Panel, RankingRun
from tests.selection.factories import (
    ReviewerFactory,
    excellent_project,
    give_scores,
    moment,
    panel_of,
    shortlist,
    verified_achievement,
)

pytestmark = pytest.mark.django_db
Status = RankingRun.Status


def compute(campaign, clerk, capture):
    with capture(execute=True):
        run = services.ranking_start(campaign=campaign, user=clerk)
    run.refresh_from_db()
    return run


def ranked(run, kind):
    return [(row["title"], row["rank"], row["score"]) for row in run.results[kind]["ranked"]]


def close(panel):
    Panel.objects.filter(pk=panel.pk).update(state=Panel.PanelState.CLOSED)


class TestScores:
    def test_five_reviewers_trimmed_and_a_tie_to_the_earlier_submission(
        self, campaign, dept_a, dept_b, users, panelists, django_capture_on_commit_callbacks
    ):
        clerk = users["clerk"]
        late = shortlist(
            excellent_project(
                campaign, dept_a, name="后报", submitted_at=moment(datetime.date(2026, 3, 20))
            ),
            by=clerk,
        )
        early = shortlist(
            excellent_project(
                campaign, dept_b, name="先报", submitted_at=moment(datetime.date(2026, 3, 10))
            ),
            by=clerk,
        )
        panel_of(campaign, panelists, by=users["leader"])
        # 50 and 99 dropped: (70 + 80 + 90) / 3 = 80.00; the plain mean would be 77.80.
        give_scores(late, dict(zip(panelists, [80, 99, 50, 90, 70], strict=True)))
        give_scores(early, dict(zip(panelists, [80, 80, 80, 80, 80], strict=True)))
        run = compute(campaign, clerk, django_capture_on_commit_callbacks)
        assert run.status == Status.DONE and run.progress == 100
        assert ranked(run, "best_measure") == [("先报", 1, "80.00"), ("后报", 2, "80.00")]
        assert all(row["trimmed"] for row in run.results["best_measure"]["ranked"])

    def test_four_reviewers_plain_mean(
        self, campaign, users, lists, panelists, django_capture_on_commit_callbacks
    ):
        four = panelists[:4]
        panel_of(campaign, four, by=users["leader"])
        for entry in lists.values():
            give_scores(entry, dict(zip(four, [60, 70, 80, 95], strict=True)))
        give_scores(lists["deed_b"], dict(zip(four, [100, 100, 100, 0], strict=True)))
        run = compute(campaign, users["clerk"], django_capture_on_commit_callbacks)
        # (60 + 70 + 80 + 95) / 4 = 76.25; (100 × 3 + 0) / 4 = 75.00: nothing dropped.
        assert ranked(run, "real_deed") == [
            ("甲局上门服务", 1, "76.25"),
            ("乙局减免收费", 2, "75.00"),
        ]
        assert not any(row["trimmed"] for row in run.results["real_deed"]["ranked"])

    def test_a_candidate_not_scored_by_everyone_is_incomplete(
        self, campaign, users, lists, panelists, django_capture_on_commit_callbacks
    ):
        three = panelists[:3]
        panel_of(campaign, three, by=users["leader"])
        for entry in lists.values():
            give_scores(entry, dict.fromkeys(three, 80))
        lists["deed_b"].scores.filter(reviewer=three[2]).delete()
        run = compute(campaign, users["clerk"], django_capture_on_commit_callbacks)
        assert [r["title"] for r in run.results["real_deed"]["ranked"]] == ["甲局上门服务"]
        incomplete = run.results["real_deed"]["incomplete"]
        assert incomplete[0]["title"] == "乙局减免收费" and incomplete[0]["missing"] == ["评委3"]
        page_html = self.page(users, run)
        assert f'data-incomplete="{lists["deed_b"].pk}"' in page_html and "评委3" in page_html

    def test_a_reviewer_of_a_unit_is_not_expected_for_its_candidates(
        self, campaign, users, lists, dept_a, django_capture_on_commit_callbacks
    ):
        own = ReviewerFactory(username="jdy", department=dept_a)
        other = users["reviewer"]
        panel_of(campaign, [own, other], by=users["leader"])
        for entry in lists.values():
            give_scores(entry, {other: 70})
        give_scores(lists["measure_b"], {own: 90})
        give_scores(lists["deed_b"], {own: 90})
        run = compute(campaign, users["clerk"], django_capture_on_commit_callbacks)
        assert not run.results["best_measure"]["incomplete"]
        assert ranked(run, "best_measure") == [
            ("乙局容缺受理", 1, "80.00"),
            ("甲局并联审批", 2, "70.00"),
        ]

    def test_a_candidate_no_longer_a_candidate_is_not_ranked(
        self, campaign, users, lists, panelists, django_capture_on_commit_callbacks
    ):
        from practice_projects.models import Project, Rating

        panel_of(campaign, panelists[:1], by=users["leader"])
        for entry in lists.values():
            give_scores(entry, {panelists[0]: 80})
        Project.objects.filter(pk=lists["measure_b"].project_id).update(rating=Rating.GOOD)
        run = compute(campaign, users["clerk"], django_capture_on_commit_callbacks)
        assert [r["title"] for r in run.results["best_measure"]["ranked"]] == ["甲局并联审批"]
        assert run.results["best_measure"]["incomplete"][0]["reason"] == "not_candidate"

    def page(self, users, run):
        from django.test import Client

        client = Client()
        client.force_login(users["clerk"])
        return client.get(run.get_absolute_url()).content.decode()


@pytest.fixture
def scored(campaign, users, lists, panelists):
    three = panelists[:3]
    panel = panel_of(campaign, three, by=users["leader"])
    values = {"measure_a": 90, "measure_b": 80, "deed_a": 70, "deed_b": 60}
    for key, value in values.items():
        give_scores(lists[key], dict.fromkeys(three, value))
    return panel


class TestSnapshotAndDiff:
    def test_the_run_keeps_its_inputs_and_results(
        self, campaign, users, lists, panelists, scored, django_capture_on_commit_callbacks
    ):
        run = compute(campaign, users["clerk"], django_capture_on_commit_callbacks)
        assert run.started_at and run.finished_at and run.stage == "done"
        assert [r["name"] for r in run.inputs["reviewers"]] == ["评委1", "评委2", "评委3"]
        measure_a = next(
            row
            for row in run.inputs["lists"]["best_measure"]
            if row["entry"] == lists["measure_a"].pk
        )
        assert measure_a["scores"] == {str(p.pk): 90 for p in panelists[:3]}
        assert measure_a["candidate"] == f"project:{lists['measure_a'].project_id}"
        assert run.inputs["panel_state"] == "open" and not run.is_final
        assert run.previous is None and run.changes["lists"]["best_measure"] == []

    def test_running_again_after_a_score_changed_shows_what_moved(
        self, client, campaign, users, lists, panelists, scored, django_capture_on_commit_callbacks
    ):
        first = compute(campaign, users["clerk"], django_capture_on_commit_callbacks)
        services.scores_save(
            campaign=campaign, reviewer=panelists[0], scores={lists["measure_b"].pk: (98, "")}
        )
        second = compute(campaign, users["clerk"], django_capture_on_commit_callbacks)
        assert second.previous == first
        # measure_b: (98 + 80 + 80) / 3 = 86.00 > measure_a's 90? No: 86 < 90, same ranks.
        changes = {c["entry"]: c for c in second.changes["lists"]["best_measure"]}
        assert changes[lists["measure_b"].pk]["change"] == "score"
        assert changes[lists["measure_b"].pk]["score_delta"] == "+6.00"
        services.scores_save(
            campaign=campaign, reviewer=panelists[1], scores={lists["measure_b"].pk: (100, "")}
        )
        services.scores_save(
            campaign=campaign, reviewer=panelists[2], scores={lists["measure_b"].pk: (100, "")}
        )
        third = compute(campaign, users["clerk"], django_capture_on_commit_callbacks)
        changes = {c["entry"]: c for c in third.changes["lists"]["best_measure"]}
        moved_up = changes[lists["measure_b"].pk]
        assert (moved_up["change"], moved_up["rank_before"], moved_up["rank_after"]) == ("up", 2, 1)
        assert moved_up["score_before"] == "86.00" and moved_up["score_after"] == "99.33"
        assert changes[lists["measure_a"].pk]["change"] == "down"
        assert third.changes["lists"]["real_deed"] == []
        client.force_login(users["clerk"])
        html = client.get(third.get_absolute_url()).content.decode()
        assert 'data-change="up"' in html and 'data-change="down"' in html
        assert "86.00 → 99.33 (+13.33)" in html


class TestOneAtATime:
    def test_refused_while_another_run_is_in_progress(self, campaign, users, scored):
        running = RankingRun.objects.create(
            campaign=campaign, requested_by=users["clerk"], status=Status.RUNNING,
            heartbeat_at=timezone.now(), progress=40,
        )  # fmt: skip
        with pytest.raises(DomainError) as refused:
            services.ranking_start(campaign=campaign, user=users["clerk"])
        assert str(running.pk) in str(refused.value)
        assert RankingRun.objects.count() == 1

    def test_the_page_says_so_with_a_link_to_the_running_one(self, client, campaign, users, scored):
        running = RankingRun.objects.create(campaign=campaign, requested_by=users["clerk"])
        client.force_login(users["clerk"])
        desk = reverse("selection:desk")
        response = client.post(reverse("selection:run_start"), HTTP_REFERER=desk)
        assert response.status_code == 303 and response.url == desk
        html = client.get(desk).content.decode()
        assert f'data-running="{running.pk}"' in html
        assert reverse("selection:run_detail", args=[running.pk]) in html
        assert RankingRun.objects.count() == 1

    def test_the_database_refuses_a_second_run_in_progress(self, campaign, users):
        RankingRun.objects.create(campaign=campaign, requested_by=users["clerk"])
        with pytest.raises(IntegrityError), transaction.atomic():
            RankingRun.objects.create(
                campaign=campaign, requested_by=users["clerk"], status=Status.RUNNING
            )

    def test_a_lost_run_does_not_block_for_ever(
        self, campaign, users, scored, django_capture_on_commit_callbacks
    ):
        lost = RankingRun.objects.create(
            campaign=campaign, requested_by=users["clerk"], status=Status.RUNNING,
            requested_at=timezone.now() - datetime.timedelta(hours=1),
            heartbeat_at=timezone.now() - datetime.timedelta(minutes=30),
        )  # fmt: skip
        run = compute(campaign, users["clerk"], django_capture_on_commit_callbacks)
        lost.refresh_from_db()
        assert lost.status == Status.FAILED and lost.error
        assert run.status == Status.DONE

    def test_not_before_the_panel_opens(self, campaign, users, lists):
        panel_of(
            campaign, [users["reviewer"]], by=users["leader"], state=Panel.PanelState.PREPARING
        )
        with pytest.raises(DomainError):
            services.ranking_start(campaign=campaign, user=users["clerk"])

    def test_only_clerks_start_it(self, campaign, users, scored):
        with pytest.raises(DomainError):
            services.ranking_start(campaign=campaign, user=users["leader"])


class TestTheJob:
    def test_enqueued_only_after_commit(
        self, campaign, users, scored, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            run = services.ranking_start(campaign=campaign, user=users["clerk"])
        assert len(callbacks) == 1
        run.refresh_from_db()
        assert run.status == Status.QUEUED and run.results == {}

    def test_safe_to_run_twice(self, campaign, users, scored, django_capture_on_commit_callbacks):
        close(scored)
        run = compute(campaign, users["clerk"], django_capture_on_commit_callbacks)
        results, finished = run.results, run.finished_at
        assert tasks.compute_ranking(run.pk) is None
        run.refresh_from_db()
        assert run.results == results and run.finished_at == finished
        assert Notification.objects.filter(recipient=users["leader"]).count() == 1

    def test_a_broker_that_refuses_fails_the_run(
        self, campaign, users, scored, monkeypatch, django_capture_on_commit_callbacks
    ):
        def refuse(*args, **kwargs):
            raise ConnectionError("redis down")

        monkeypatch.setattr(tasks.compute_ranking, "delay", refuse)
        run = compute(campaign, users["clerk"], django_capture_on_commit_callbacks)
        assert run.status == Status.FAILED and run.error
        # …so that the clerk can start again at once.
        monkeypatch.undo()
        assert (
            compute(campaign, users["clerk"], django_capture_on_commit_callbacks).status
            == Status.DONE
        )

    def test_leaders_are_told_only_of_a_final_ranking(
        self, campaign, users, scored, django_capture_on_commit_callbacks
    ):
        provisional = compute(campaign, users["clerk"], django_capture_on_commit_callbacks)
        assert not provisional.is_final
        assert not Notification.objects.filter(recipient=users["leader"]).exists()
        close(scored)
        final = compute(campaign, users["clerk"], django_capture_on_commit_callbacks)
        assert final.is_final
        told = Notification.objects.get(recipient=users["leader"])
        assert told.url == final.get_absolute_url()


class TestProgress:
    def test_the_clerk_sees_the_progress(self, client, campaign, users):
        run = RankingRun.objects.create(
            campaign=campaign, requested_by=users["clerk"], status=Status.RUNNING, progress=42,
            stage="scoring",
        )  # fmt: skip
        client.force_login(users["clerk"])
        data = client.get(reverse("selection:run_progress", args=[run.pk])).json()
        assert data["progress"] == 42 and data["status"] == "running" and not data["finished"]
        html = client.get(run.get_absolute_url()).content.decode()
        assert reverse("selection:run_progress", args=[run.pk]) in html
        assert "selection/run.js" in html and 'aria-valuenow="42"' in html

    def test_a_finished_run_answers_finished(
        self, client, campaign, users, scored, django_capture_on_commit_callbacks
    ):
        client.force_login(users["clerk"])
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("selection:run_start"))
        run = RankingRun.objects.get()
        assert response.status_code == 302 and response.url == run.get_absolute_url()
        data = client.get(reverse("selection:run_progress", args=[run.pk])).json()
        assert data["finished"] and data["progress"] == 100 and data["status"] == "done"
        html = client.get(run.get_absolute_url()).content.decode()
        assert "selection/run.js" not in html and 'data-results="best_measure"' in html

    @pytest.mark.parametrize("n", [2, 40])
    def test_run_page_bounded_queries(
        self,
        client,
        campaign,
        users,
        n,
        django_assert_num_queries,
        django_capture_on_commit_callbacks,
    ):
        from tests.factories import DepartmentFactory

        reviewers = [ReviewerFactory() for _ in range(3)]
        for _ in range(n):
            entry = shortlist(
                verified_achievement(campaign, DepartmentFactory()), by=users["clerk"]
            )
            give_scores(entry, dict.fromkeys(reviewers, 70))
        panel_of(campaign, reviewers, by=users["leader"])
        run = compute(campaign, users["clerk"], django_capture_on_commit_callbacks)
        client.force_login(users["clerk"])
        client.get(run.get_absolute_url())
        with django_assert_num_queries(RUN_PAGE_QUERIES):
            client.get(run.get_absolute_url())


# session, user, run, latest done run, history, panel, unread notifications
RUN_PAGE_QUERIES = 7
