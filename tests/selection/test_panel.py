"""The panel: a leader names reviewers, a clerk opens and closes it; reviewers are told."""

import re

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from efficiency_center.errors import DomainError, Forbidden, Invalid, StaleVersionError
from efficiency_center.notifications import Notification
from efficiency_center.workflow import StateChange, allowed_actions
from selection import services
from selection.models import Panel, PanelMember
from tests.factories import CenterUserFactory, UserFactory
from tests.selection.factories import ReviewerFactory, give_scores, panel_of

pytestmark = pytest.mark.django_db
State = Panel.PanelState


def name(campaign, leader, reviewers, version=None):
    panel = Panel.objects.filter(campaign=campaign).first()
    return services.panel_set_reviewers(
        campaign=campaign,
        user=leader,
        reviewers=reviewers,
        expected_version=version if version is not None else (panel.version if panel else 1),
    )


class TestNaming:
    def test_the_leader_names_reviewers(self, campaign, users, panelists):
        panel = name(campaign, users["leader"], panelists[:3])
        assert set(panel.reviewers.all()) == set(panelists[:3])
        step = StateChange.objects.get(action="name_reviewers")
        assert all(str(p) in step.comment for p in panelists[:3])
        assert (step.actor, step.from_state, step.to_state) == (
            users["leader"],
            "preparing",
            "preparing",
        )
        # Saving the same panel again records nothing.
        name(campaign, users["leader"], panelists[:3])
        assert StateChange.objects.filter(action="name_reviewers").count() == 1
        # Not told before the panel opens.
        assert not Notification.objects.filter(recipient__in=panelists).exists()

    def test_only_reviewers_can_be_named(self, campaign, users, panelists):
        with pytest.raises(Invalid) as refused:
            name(campaign, users["leader"], [panelists[0], users["clerk"], users["staff_a"]])
        assert "reviewers" in refused.value.errors
        assert not PanelMember.objects.exists()
        assert not StateChange.objects.exists()

    def test_a_reviewer_may_belong_to_a_unit(self, campaign, dept_a, users):
        supervisor = UserFactory(username="jdy", role="reviewer", department=dept_a)
        supervisor.full_clean()  # User.clean allows a department for reviewers
        panel = name(campaign, users["leader"], [supervisor])
        assert list(panel.reviewers.all()) == [supervisor]

    def test_only_leaders_name_the_panel(self, campaign, users, panelists):
        with pytest.raises(Forbidden):
            name(campaign, users["clerk"], panelists)
        assert not PanelMember.objects.exists()

    def test_two_leaders_at_once_the_second_is_refused(self, campaign, users, panelists):
        other_leader = CenterUserFactory(username="leader2", role="leader")
        name(campaign, users["leader"], panelists[:2], version=1)
        with pytest.raises(StaleVersionError):
            name(campaign, other_leader, panelists[2:], version=1)
        assert set(Panel.objects.get().reviewers.all()) == set(panelists[:2])

    def test_added_to_an_open_panel_is_told_at_once(self, campaign, users, lists, panelists):
        panel = panel_of(campaign, panelists[:1], by=users["leader"])
        name(campaign, users["leader"], panelists[:2], version=panel.version)
        assert Notification.objects.filter(recipient=panelists[1]).count() == 1
        assert not Notification.objects.filter(recipient=panelists[0]).exists()

    def test_a_removed_reviewers_scores_are_kept_but_noted(self, campaign, users, lists, panelists):
        panel = panel_of(campaign, panelists[:2], by=users["leader"])
        give_scores(lists["measure_a"], {panelists[1]: 80})
        name(campaign, users["leader"], panelists[:1], version=panel.version)
        step = StateChange.objects.get(action="name_reviewers")
        assert str(panelists[1]) in step.comment and "1" in step.comment
        assert lists["measure_a"].scores.count() == 1


class TestOpenAndClose:
    def test_opening_tells_every_reviewer(self, campaign, users, lists, panelists):
        panel = name(campaign, users["leader"], panelists[:3])
        services.panel_step(
            campaign=campaign, user=users["clerk"], action="open", expected_version=panel.version
        )
        panel.refresh_from_db()
        assert panel.state == State.OPEN and panel.opened_at
        told = Notification.objects.filter(recipient__in=panelists[:3])
        assert told.count() == 3
        assert told.first().url == reverse("selection:my_scores") + f"?year={campaign.year}"
        assert StateChange.objects.filter(action="open", to_state="open").count() == 1

    def test_no_opening_without_reviewers_or_candidates(self, campaign, users, panelists):
        with translation.override("en"), pytest.raises(DomainError, match="No reviewers"):
            services.panel_step(
                campaign=campaign, user=users["clerk"], action="open", expected_version=1
            )
        panel = name(campaign, users["leader"], panelists[:1])
        with translation.override("en"), pytest.raises(DomainError, match="shortlists are empty"):
            services.panel_step(
                campaign=campaign,
                user=users["clerk"],
                action="open",
                expected_version=panel.version,
            )
        assert Panel.objects.get().state == State.PREPARING

    def test_closing_then_reopening(self, campaign, users, open_panel):
        services.panel_step(
            campaign=campaign,
            user=users["clerk"],
            action="close",
            expected_version=open_panel.version,
        )
        open_panel.refresh_from_db()
        assert open_panel.state == State.CLOSED and open_panel.closed_at
        with pytest.raises(DomainError):  # a closed panel is reopened, not opened
            services.panel_step(
                campaign=campaign, user=users["clerk"], action="open",
                expected_version=open_panel.version,
            )  # fmt: skip
        services.panel_step(
            campaign=campaign,
            user=users["clerk"],
            action="reopen",
            expected_version=open_panel.version,
        )
        assert Panel.objects.get().state == State.OPEN
        assert StateChange.objects.filter(action="reopen").count() == 1

    def test_a_stale_close_is_refused(self, campaign, users, open_panel):
        with pytest.raises(StaleVersionError):
            services.panel_step(
                campaign=campaign, user=users["clerk"], action="close",
                expected_version=open_panel.version - 1,
            )  # fmt: skip
        assert Panel.objects.get().state == State.OPEN

    def test_leaders_do_not_open_the_panel(self, campaign, users, lists, panelists):
        panel = name(campaign, users["leader"], panelists[:1])
        with pytest.raises(Forbidden):
            services.panel_step(
                campaign=campaign,
                user=users["leader"],
                action="open",
                expected_version=panel.version,
            )


class TestPages:
    def test_leader_names_the_panel_on_the_page(self, client, campaign, users, panelists):
        client.force_login(users["leader"])
        url = reverse("selection:panel_members")
        page = client.get(url)
        assert page.status_code == 200
        response = client.post(url, {"version": 1, "reviewers": [panelists[0].pk, panelists[1].pk]})
        assert response.status_code == 302
        assert Panel.objects.get().reviewers.count() == 2

    def test_a_stale_panel_form_says_so(self, client, campaign, users, panelists):
        name(campaign, users["leader"], panelists[:1])
        client.force_login(users["leader"])
        response = client.post(
            reverse("selection:panel_members"), {"version": 1, "reviewers": [panelists[2].pk]}
        )
        assert response.status_code == 409
        assert response.context["form"].non_field_errors()
        assert list(Panel.objects.get().reviewers.all()) == [panelists[0]]

    def test_once_approved_the_panel_page_says_why_and_refuses(
        self, client, campaign, users, panelists, open_panel
    ):
        from selection.models import RankingRun

        RankingRun.objects.create(
            campaign=campaign, requested_by=users["clerk"], status="done", decision="approved"
        )
        client.force_login(users["leader"])
        url = reverse("selection:panel_members")
        page = client.get(url).content.decode()
        assert "data-refused" in page and 'data-form="panel-members"' not in page
        members = set(open_panel.reviewers.all())
        response = client.post(url, {"version": open_panel.version, "reviewers": [panelists[0].pk]})
        assert response.status_code == 400 and response.context["form"].non_field_errors()
        assert set(Panel.objects.get().reviewers.all()) == members

    def test_the_clerk_opens_and_closes_from_the_desk(self, client, campaign, users, lists):
        panel = panel_of(campaign, [users["reviewer"]], by=users["leader"], state=State.PREPARING)
        client.force_login(users["clerk"])
        url = reverse("selection:panel_state")
        client.post(url, {"action": "open", "version": panel.version})
        panel.refresh_from_db()
        assert panel.state == State.OPEN
        desk = client.get(reverse("selection:desk"))
        assert 'data-panel-state="open"' in desk.content.decode()
        client.post(url, {"action": "close", "version": panel.version})
        assert Panel.objects.get().state == State.CLOSED

    def test_a_refused_step_goes_back_to_the_desk_with_its_message(
        self, client, campaign, users, panelists
    ):
        panel = name(campaign, users["leader"], panelists[:1])  # both lists empty
        client.force_login(users["clerk"])
        desk = reverse("selection:desk")
        response = client.post(
            reverse("selection:panel_state"),
            {"action": "open", "version": panel.version},
            HTTP_REFERER=desk,
        )
        assert response.status_code == 303 and response.url == desk
        with translation.override("zh-hans"):
            expected = _("Both shortlists are empty: shortlist the candidates first.")
        assert expected in client.get(desk).content.decode()
        assert Panel.objects.get().state == State.PREPARING

    @pytest.mark.parametrize("state", State.values)
    @pytest.mark.parametrize("who", ["clerk", "leader"])
    def test_the_desk_offers_what_the_table_allows(
        self, client, campaign, users, lists, state, who
    ):
        panel = panel_of(campaign, [users["reviewer"]], by=users["leader"], state=state)
        client.force_login(users[who])
        html = client.get(reverse("selection:desk")).content.decode()
        offered = set(re.findall(r'data-action="([a-z_]+)"', _panel_section(html)))
        assert offered == set(allowed_actions(panel, users[who]))
        assert offered  # each of them has a step in each state

    def test_the_desk_offers_nothing_once_approved(self, client, campaign, users, open_panel):
        from selection.models import RankingRun

        RankingRun.objects.create(
            campaign=campaign, requested_by=users["clerk"], status="done", decision="approved"
        )
        for who in ("clerk", "leader"):
            client.force_login(users[who])
            html = client.get(reverse("selection:desk")).content.decode()
            assert "data-action=" not in _panel_section(html)

    def test_desk_shows_each_reviewers_progress(self, client, campaign, users, lists, dept_a):
        own = ReviewerFactory(username="jdy", department=dept_a)
        panel_of(campaign, [users["reviewer"], own], by=users["leader"])
        give_scores(lists["measure_a"], {users["reviewer"]: 80})
        give_scores(lists["measure_b"], {own: 70})
        client.force_login(users["clerk"])
        page = client.get(reverse("selection:desk"))
        rows = {row["member"].reviewer: row for row in page.context["progress"]}
        assert rows[users["reviewer"]]["done"] == 1 and rows[users["reviewer"]]["expected"] == 4
        # The unit A reviewer is not expected to score unit A's two candidates.
        assert rows[own]["done"] == 1 and rows[own]["expected"] == 2

    @pytest.mark.parametrize("n", [2, 12])
    def test_desk_bounded_queries(
        self, client, campaign, users, lists, n, django_assert_num_queries
    ):
        reviewers = [ReviewerFactory() for _ in range(n)]
        panel_of(campaign, reviewers, by=users["leader"])
        for reviewer in reviewers:
            give_scores(lists["deed_a"], {reviewer: 60})
        client.force_login(users["clerk"])
        client.get(reverse("selection:desk"))
        with django_assert_num_queries(DESK_QUERIES):
            client.get(reverse("selection:desk"))


# session, user, campaign, panel, members, settings, counts, entries' units, scores per
# reviewer, runs, run in progress, approved run, the panel's steps allowed (no approved run),
# panel history, unread notifications
DESK_QUERIES = 15


def _panel_section(html):
    start = html.index('data-section="panel"')
    return html[start : html.index("</section>", start)]
