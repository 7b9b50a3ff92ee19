"""The leader's approval: the top ten of each list published with their bonus (capped by the
ledger), refused with incomplete candidates, on a stale ranking or a closed assessment."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from efficiency_center.errors import DomainError, Forbidden
from efficiency_center.notifications import Notification
from efficiency_center.scoring import AssessmentClosedError, ScoreEntry, ScoreKind, record_score
from efficiency_center.workflow import StateChange, allowed_actions
from selection import services
from selection.models import Award, Panel, RankingRun
from tests.factories import DepartmentFactory
from tests.selection.factories import (
    give_scores,
    panel_of,
    shortlist,
    verified_achievement,
)

pytestmark = pytest.mark.django_db


def compute(campaign, clerk, capture):
    with capture(execute=True):
        run = services.ranking_start(campaign=campaign, user=clerk)
    run.refresh_from_db()
    return run


@pytest.fixture
def closed_panel(campaign, users, lists, panelists):
    three = panelists[:3]
    panel = panel_of(campaign, three, by=users["leader"], state=Panel.PanelState.CLOSED)
    for key, value in {"measure_a": 90, "measure_b": 80, "deed_a": 70, "deed_b": 60}.items():
        give_scores(lists[key], dict.fromkeys(three, value))
    return panel


@pytest.fixture
def final_run(campaign, users, closed_panel, django_capture_on_commit_callbacks):
    run = compute(campaign, users["clerk"], django_capture_on_commit_callbacks)
    assert run.is_final and run.status == RankingRun.Status.DONE
    return run


def decide(client, run, action, comment="", **extra):
    run.refresh_from_db()
    data = {"action": action, "version": run.version, "comment": comment}
    return client.post(reverse("selection:run_decide", args=[run.pk]), data, **extra)


def approve(run, user):
    return services.ranking_decide(
        run=run, user=user, action="approve", expected_version=run.version
    )


def zh(message):
    with translation.override("zh-hans"):
        return gettext(str(message))


class TestApprove:
    def test_awards_bonuses_and_public_lists(
        self, client, campaign, users, lists, dept_a, dept_b, final_run
    ):
        client.force_login(users["leader"])
        response = decide(client, final_run, "approve")
        assert response.status_code == 302
        final_run.refresh_from_db()
        assert final_run.decision == "approved" and final_run.decided_by == users["leader"]
        awards = {a.entry_id: a for a in Award.objects.select_related("score_entry")}
        assert len(awards) == 4
        award = awards[lists["measure_a"].pk]
        assert (award.rank, award.score, award.department) == (1, Decimal("90.00"), dept_a)
        entry = award.score_entry
        assert entry.kind == ScoreKind.BEST_MEASURE and entry.cause == award
        assert (entry.points_asked, entry.points) == (Decimal(3), Decimal(3))
        assert entry.recorded_by == users["clerk"] and entry.confirmed_by == users["leader"]
        deed = awards[lists["deed_b"].pk].score_entry
        assert (deed.kind, deed.points) == (ScoreKind.REAL_DEED, Decimal(2))
        assert StateChange.objects.filter(action="approve", object_id=final_run.pk).exists()
        # The units are told.
        assert Notification.objects.filter(recipient=users["staff_a"]).count() == 2

        client.logout()
        page = client.get(reverse("selection:public_list", args=[campaign.year, "best_measure"]))
        html = page.content.decode()
        assert [a.rank for a in page.context["awards"]] == [1, 2]
        assert "甲局并联审批" in html and "县甲局" in html and "90.00" in html
        assert lists["measure_a"].project.get_public_url() in html
        assert lists["measure_a"].project.current.expected_results[:10] in html  # summary
        assert 'data-points-asked="+3" data-points-granted="+3"' in html
        page = client.get(reverse("selection:public_list", args=[campaign.year, "real_deed"]))
        assert lists["deed_a"].achievement.get_public_url() in page.content.decode()
        index = client.get(reverse("selection:public_index")).content.decode()
        assert f'data-year="{campaign.year}"' in index

    def test_only_the_top_ten_of_a_list(
        self, campaign, users, panelists, django_capture_on_commit_callbacks
    ):
        reviewer = panelists[0]
        entries = [
            shortlist(verified_achievement(campaign, DepartmentFactory()), by=users["clerk"])
            for _ in range(12)
        ]
        for n, entry in enumerate(entries):
            give_scores(entry, {reviewer: 50 + n})
        panel_of(campaign, [reviewer], by=users["leader"], state=Panel.PanelState.CLOSED)
        run = compute(campaign, users["clerk"], django_capture_on_commit_callbacks)
        approve(run, users["leader"])
        chosen = list(Award.objects.order_by("rank").values_list("entry_id", flat=True))
        assert chosen == [e.pk for e in reversed(entries)][:10]
        assert ScoreEntry.objects.filter(kind=ScoreKind.REAL_DEED).count() == 10

    def test_the_yearly_cap_a_unit_at_4_gets_1_of_3(
        self, client, campaign, users, lists, dept_a, final_run
    ):
        # Unit A already has +4 of bonus this year (e.g. typical achievements forwarded).
        record_score(
            department=dept_a, campaign=campaign, kind=ScoreKind.TYPICAL_FORWARDED,
            cause=lists["deed_a"].achievement, recorded_by=users["clerk"], points=Decimal(4),
        )  # fmt: skip
        approve(final_run, users["leader"])
        best = Award.objects.get(entry=lists["measure_a"]).score_entry
        assert (best.points_asked, best.points) == (Decimal(3), Decimal(1))
        deed = Award.objects.get(entry=lists["deed_a"]).score_entry
        assert (deed.points_asked, deed.points) == (Decimal(2), Decimal(0))
        page = client.get(reverse("selection:public_list", args=[campaign.year, "best_measure"]))
        html = page.content.decode()
        assert 'data-points-asked="+3" data-points-granted="+1"' in html
        client.force_login(users["leader"])
        html = client.get(final_run.get_absolute_url()).content.decode()
        assert 'data-points-asked="+3" data-points-granted="+1"' in html
        ledger = client.get(reverse("selection:ledger")).content.decode()
        assert f'data-unit="{dept_a.code}"' in ledger and 'data-bonus-total="+5"' in ledger

    def test_twice_is_refused(self, campaign, users, final_run):
        approve(final_run, users["leader"])
        with pytest.raises(DomainError):
            approve(final_run, users["leader"])
        assert Award.objects.count() == 4 and ScoreEntry.objects.count() == 4

    def test_only_leaders_approve(self, client, users, final_run):
        with pytest.raises(Forbidden):
            approve(final_run, users["clerk"])
        client.force_login(users["clerk"])
        assert decide(client, final_run, "approve").status_code == 403
        assert not Award.objects.exists()


class TestRefusals:
    def test_incomplete_candidates_are_listed_and_nothing_changes(
        self,
        client,
        campaign,
        users,
        lists,
        panelists,
        closed_panel,
        django_capture_on_commit_callbacks,
    ):
        lists["deed_b"].scores.filter(reviewer=panelists[1]).delete()
        run = compute(campaign, users["clerk"], django_capture_on_commit_callbacks)
        with pytest.raises(DomainError) as refused:
            approve(run, users["leader"])
        assert "乙局减免收费" in str(refused.value)
        client.force_login(users["leader"])
        page = client.get(run.get_absolute_url()).content.decode()
        assert "data-undecidable" in page and "乙局减免收费" in page
        assert 'data-action="approve"' not in page  # not offered
        assert f'data-incomplete="{lists["deed_b"].pk}"' in page and "评委2" in page
        response = decide(client, run, "approve")
        assert response.status_code == 303 and response.url == run.get_absolute_url()
        run.refresh_from_db()
        assert run.decision == "pending" and not Award.objects.exists()
        assert not ScoreEntry.objects.exists()

    def test_a_closed_assessment_is_refused_in_chinese_and_nothing_is_written(
        self, client, campaign, users, final_run
    ):
        campaign.assessment_closed_at = timezone.now()
        campaign.save(update_fields=["assessment_closed_at"])
        with pytest.raises(AssessmentClosedError):
            approve(final_run, users["leader"])
        client.force_login(users["leader"])
        page = final_run.get_absolute_url()
        notifications = Notification.objects.count()
        response = decide(client, final_run, "approve", HTTP_REFERER=page)
        assert response.status_code == 303 and response.url == page
        html = client.get(page).content.decode()
        message = zh(AssessmentClosedError(campaign))
        assert "考核" in message and message in html
        final_run.refresh_from_db()
        assert final_run.decision == "pending" and final_run.decided_by is None
        assert final_run.version == 1
        assert not Award.objects.exists() and not ScoreEntry.objects.exists()
        assert not StateChange.objects.filter(object_id=final_run.pk, action="approve").exists()
        assert Notification.objects.count() == notifications

    def test_a_provisional_ranking_cannot_be_approved(
        self, campaign, users, lists, panelists, django_capture_on_commit_callbacks
    ):
        three = panelists[:3]
        panel_of(campaign, three, by=users["leader"])  # open
        for entry in lists.values():
            give_scores(entry, dict.fromkeys(three, 70))
        run = compute(campaign, users["clerk"], django_capture_on_commit_callbacks)
        Panel.objects.update(state=Panel.PanelState.CLOSED)
        with pytest.raises(DomainError):
            approve(run, users["leader"])
        assert not Award.objects.exists()

    def test_a_ranking_older_than_the_scores_cannot_be_approved(
        self, campaign, users, lists, panelists, closed_panel, final_run
    ):
        services.panel_step(
            campaign=campaign, user=users["clerk"], action="reopen",
            expected_version=Panel.objects.get().version,
        )  # fmt: skip
        services.scores_save(
            campaign=campaign, reviewer=panelists[0], scores={lists["deed_b"].pk: (100, "")}
        )
        services.panel_step(
            campaign=campaign, user=users["clerk"], action="close",
            expected_version=Panel.objects.get().version,
        )  # fmt: skip
        with pytest.raises(DomainError):
            approve(final_run, users["leader"])
        assert not Award.objects.exists()

    def test_only_the_latest_ranking(
        self, campaign, users, final_run, django_capture_on_commit_callbacks
    ):
        newer = compute(campaign, users["clerk"], django_capture_on_commit_callbacks)
        with pytest.raises(DomainError):
            approve(final_run, users["leader"])
        approve(newer, users["leader"])
        assert Award.objects.filter(run=newer).count() == 4

    def test_after_approval_nothing_changes(self, campaign, users, lists, final_run):
        approve(final_run, users["leader"])
        with pytest.raises(DomainError):
            services.ranking_start(campaign=campaign, user=users["clerk"])
        with pytest.raises(DomainError):
            services.shortlist_remove(
                entry=lists["deed_a"], user=users["clerk"], expected_version=1
            )
        with pytest.raises(DomainError):
            services.panel_step(
                campaign=campaign, user=users["clerk"], action="reopen",
                expected_version=Panel.objects.get().version,
            )  # fmt: skip


class TestSendBack:
    def test_with_a_reason(self, client, users, final_run):
        client.force_login(users["leader"])
        page = final_run.get_absolute_url()
        response = decide(client, final_run, "refuse", comment="")
        assert response.status_code == 303 and response.url == page
        assert zh("Say why the ranking is sent back.") in client.get(page).content.decode()
        final_run.refresh_from_db()
        assert final_run.decision == "pending"
        response = decide(client, final_run, "refuse", comment="请复核第二名的评分")
        assert response.status_code == 302
        final_run.refresh_from_db()
        assert final_run.decision == "refused"
        assert final_run.decision_comment == "请复核第二名的评分"
        assert final_run.decided_by == users["leader"]
        told = Notification.objects.get(recipient=users["clerk"])
        assert "请复核第二名的评分" in told.verb
        assert StateChange.objects.get(action="refuse").comment == "请复核第二名的评分"
        html = client.get(page).content.decode()
        assert 'data-decision="refused"' in html and "请复核第二名的评分" in html
        # A ranking sent back is not approved; a new run can be.
        with pytest.raises(DomainError):
            approve(final_run, users["leader"])


class TestRunPage:
    @pytest.mark.parametrize("who", ["leader", "clerk"])
    def test_the_buttons_are_the_tables(self, client, users, final_run, who):
        client.force_login(users[who])

        def offered():
            final_run.refresh_from_db()
            html = client.get(final_run.get_absolute_url()).content.decode()
            shown = set(re.findall(r'data-action="([a-z_]+)"', html))
            assert shown == set(allowed_actions(final_run, users[who]))
            return shown

        assert offered() == ({"approve", "refuse"} if who == "leader" else set())
        approve(final_run, users["leader"])
        assert offered() == set()

    def test_a_provisional_ranking_offers_nothing_and_says_why(
        self, client, campaign, users, lists, panelists, django_capture_on_commit_callbacks
    ):
        panel_of(campaign, panelists[:1], by=users["leader"])  # open
        run = compute(campaign, users["clerk"], django_capture_on_commit_callbacks)
        client.force_login(users["leader"])
        html = client.get(run.get_absolute_url()).content.decode()
        assert "data-provisional" in html and "data-undecidable" in html
        assert allowed_actions(run, users["leader"]) == []
        assert "data-action=" not in html


class TestPublicPages:
    def test_nothing_published_yet(self, client, campaign, final_run):
        page = client.get(reverse("selection:public_list", args=[campaign.year, "best_measure"]))
        assert page.status_code == 200 and "data-empty" in page.content.decode()
        assert "甲局并联审批" not in page.content.decode()
        assert (
            client.get(reverse("selection:public_list", args=[1999, "best_measure"])).status_code
            == 404
        )
        assert (
            client.get(reverse("selection:public_list", args=[campaign.year, "other"])).status_code
            == 404
        )

    @pytest.mark.parametrize("n", [2, 10])
    def test_bounded_queries(
        self,
        client,
        campaign,
        users,
        panelists,
        n,
        django_assert_num_queries,
        django_capture_on_commit_callbacks,
    ):
        for _ in range(n):
            entry = shortlist(
                verified_achievement(campaign, DepartmentFactory()), by=users["clerk"]
            )
            give_scores(entry, {panelists[0]: 80})
        panel_of(campaign, panelists[:1], by=users["leader"], state=Panel.PanelState.CLOSED)
        run = compute(campaign, users["clerk"], django_capture_on_commit_callbacks)
        approve(run, users["leader"])
        url = reverse("selection:public_list", args=[campaign.year, "real_deed"])
        client.get(url)
        with django_assert_num_queries(2):  # the campaign, the awards with all they show
            response = client.get(url)
        assert len(response.context["awards"]) == n
        client.force_login(users["leader"])
        ledger = reverse("selection:ledger")
        client.get(ledger)
        with django_assert_num_queries(LEDGER_QUERIES):
            client.get(ledger)


# session, user, campaign, awarded units, their entries, the totals, unread notifications
LEDGER_QUERIES = 7
