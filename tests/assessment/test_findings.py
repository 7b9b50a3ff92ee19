"""The clerk's finding and rating per check (八查八看) per year: written by clerks through the
service under the optimistic lock, every change in the history, read by leaders, by the unit
once final, never by another unit."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessment import services
from assessment.checks import Check, Rating
from assessment.models import CheckFinding
from efficiency_center.errors import DomainError, Forbidden, Invalid, StaleVersionError
from efficiency_center.notifications import Notification
from efficiency_center.workflow import history
from tests.assessment.factories import unit_volume
from tests.assessment.html import parse
from tests.factories import CenterUserFactory, DepartmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def users(users):
    return users | {"clerk2": CenterUserFactory(username="clerk2", role="clerk")}


TEXT = "一季度有一项承诺未兑现，已公开通报，此后按时践诺。"
# Session, user, unread notifications, the unit, the campaign, the finding; the unit's sections
# as on its page (pledge 4, projects 6, achievements 1, complaints 3); the finding's history.
FINDING_PAGE_QUERIES = 21


def write(campaign, unit, user, check=Check.PLEDGES, text=TEXT, rating=Rating.AVERAGE, **kw):
    return services.check_finding_save(
        campaign=campaign, department=unit, check=check, user=user, text=text, rating=rating, **kw
    )


def act(finding, user, action, comment=""):
    finding.refresh_from_db()
    return services.check_finding_step(
        finding=finding, user=user, action=action, expected_version=finding.version,
        comment=comment,
    )  # fmt: skip


def final(campaign, unit, users, check=Check.PLEDGES, **kw):
    finding = write(campaign, unit, users["clerk"], check=check, **kw)
    act(finding, users["clerk"], "finalize")
    finding.refresh_from_db()
    return finding


class TestTheService:
    def test_a_clerk_writes_a_draft_and_its_history_begins(self, campaign, dept_a, users):
        at = timezone.make_aware(datetime.datetime(2026, 11, 20, 9))
        finding = write(campaign, dept_a, users["clerk"], at=at)
        assert (finding.state, finding.version, finding.rating) == ("draft", 1, "average")
        assert finding.written_by == users["clerk"] and finding.written_at == at
        [created] = history(finding)
        assert (created.action, created.actor, created.created_at) == ("create", users["clerk"], at)
        assert str(created.label) == "Finding written"

    def test_each_change_is_recorded_old_and_new(self, campaign, dept_a, users):
        finding = write(campaign, dept_a, users["clerk"])
        changed = write(
            campaign, dept_a, users["clerk2"], text="整改到位。", rating=Rating.FAIRLY_GOOD,
            expected_version=finding.version,
        )  # fmt: skip
        assert changed.pk == finding.pk and changed.version == 2
        assert changed.updated_by == users["clerk2"] and changed.written_by == users["clerk"]
        step = list(history(changed))[-1]
        assert step.action == "save" and step.actor == users["clerk2"]
        assert step.changes["text"] == [TEXT, "整改到位。"]
        assert step.changes["rating"] == ["average", "fairly_good"]
        assert step.changes["updated_by"] == [users["clerk"].pk, users["clerk2"].pk]

    def test_a_page_opened_on_an_older_version_is_refused(self, campaign, dept_a, users):
        finding = write(campaign, dept_a, users["clerk"])
        write(campaign, dept_a, users["clerk"], text="第二稿", expected_version=1)
        with pytest.raises(StaleVersionError):
            write(campaign, dept_a, users["clerk2"], text="第三稿", expected_version=1)
        finding.refresh_from_db()
        assert finding.text == "第二稿" and finding.version == 2

    def test_two_first_saves_the_second_is_refused(self, campaign, dept_a, users):
        write(campaign, dept_a, users["clerk"])
        with pytest.raises(StaleVersionError):
            write(campaign, dept_a, users["clerk2"], text="另一份结论")  # opened before it existed
        assert CheckFinding.objects.get().text == TEXT

    @pytest.mark.parametrize("role", ["leader", "staff_a", "head_a", "reviewer", "admin"])
    def test_only_clerks_write(self, campaign, dept_a, users, role):
        with pytest.raises(Forbidden):
            write(campaign, dept_a, users[role])
        assert not CheckFinding.objects.exists()

    @pytest.mark.parametrize(
        "kwargs, field",
        [
            ({"text": "  "}, "text"),
            ({"text": "长" * 2001}, "text"),
            ({"rating": "excellent"}, "rating"),
            ({"check": "nine"}, "check"),
        ],
    )
    def test_bad_input_is_refused_by_field(self, campaign, dept_a, users, kwargs, field):
        with pytest.raises(Invalid) as refused:
            write(campaign, dept_a, users["clerk"], **kwargs)
        assert field in refused.value.errors

    def test_final_needs_a_rating_and_tells_the_unit(self, campaign, dept_a, users):
        finding = write(campaign, dept_a, users["clerk"], rating="")
        with pytest.raises(DomainError) as refused:
            act(finding, users["clerk"], "finalize")
        assert "rating" in refused.value.errors
        write(campaign, dept_a, users["clerk"], rating=Rating.GOOD, expected_version=1)
        act(finding, users["clerk"], "finalize")
        finding.refresh_from_db()
        assert finding.is_final and finding.finalized_at is not None
        told = Notification.objects.filter(recipient__in=[users["staff_a"], users["head_a"]])
        assert told.count() == 2
        assert "Pledged matters" in told.first().verb and "#checks" in told.first().url

    def test_a_final_finding_is_reopened_with_a_reason_before_it_changes(
        self, campaign, dept_a, users
    ):
        finding = final(campaign, dept_a, users)
        with pytest.raises(DomainError):
            write(campaign, dept_a, users["clerk"], text="改", expected_version=finding.version)
        with pytest.raises(Invalid):
            act(finding, users["clerk"], "reopen")
        act(finding, users["clerk"], "reopen", comment="年终测评结果已出")
        finding.refresh_from_db()
        assert finding.state == "draft"
        write(campaign, dept_a, users["clerk"], text="改", expected_version=finding.version)
        steps = [(s.action, s.from_state, s.to_state, s.comment) for s in history(finding)]
        assert steps == [
            ("create", "", "draft", ""),
            ("finalize", "draft", "final", ""),
            ("reopen", "final", "draft", "年终测评结果已出"),
            ("save", "draft", "draft", ""),
        ]

    def test_leaders_do_not_mark_final(self, campaign, dept_a, users):
        finding = write(campaign, dept_a, users["clerk"])
        with pytest.raises(Forbidden):
            act(finding, users["leader"], "finalize")

    def test_nothing_changes_once_the_assessment_is_closed(self, campaign, dept_a, users):
        draft = write(campaign, dept_a, users["clerk"])
        done = final(campaign, dept_a, users, check=Check.FEES)
        services.assessment_close(campaign=campaign, user=users["leader"])
        refusals = [
            lambda: write(campaign, dept_a, users["clerk"], check=Check.QUALITY),
            lambda: write(campaign, dept_a, users["clerk"], text="改", expected_version=1),
            lambda: act(draft, users["clerk"], "finalize"),
            lambda: act(done, users["clerk"], "reopen", comment="再改"),
        ]
        for refused in refusals:
            with pytest.raises(DomainError) as error:
                refused()
            assert "2026 assessment is closed" in str(error.value)
        assert CheckFinding.objects.count() == 2


def unit_page(client, user, code="A01"):
    client.force_login(user)
    response = client.get(reverse("assessment:unit", args=[code]))
    return response


def row(response, check):
    return parse(response.content).select_one(f'[data-section="checks"] tr[data-check="{check}"]')


class TestWhoReadsThem:
    @pytest.fixture
    def findings(self, campaign, dept_a, sub_of_a, users):
        return {
            "draft": write(campaign, dept_a, users["clerk"], check=Check.ATTITUDE, text="草稿结论"),
            "final": final(campaign, dept_a, users, text="定稿结论", rating=Rating.POOR),
            "sub": final(campaign, sub_of_a, users, text="一所的定稿结论"),
            "sub_draft": write(
                campaign, sub_of_a, users["clerk"], check=Check.FEES, text="一所的草稿"
            ),
        }

    @pytest.mark.parametrize("role", ["leader", "clerk"])
    def test_the_center_reads_drafts_and_finals(self, client, users, findings, role):
        response = unit_page(client, users[role])
        assert row(response, "attitude").select_one('[data-finding="draft"]')
        final_row = row(response, "pledges")
        assert final_row.select_one('[data-rating="poor"]').get_text() == "Poor"
        assert "定稿结论" in final_row.get_text()
        link = final_row.select_one("[data-write]")
        assert link["href"] == findings["final"].get_absolute_url()

    @pytest.mark.parametrize("role", ["staff_a", "head_a"])
    def test_the_unit_reads_its_final_findings_only(self, client, users, findings, role):
        response = unit_page(client, users[role])
        page = response.content.decode()
        assert "定稿结论" in page and "草稿结论" not in page and "一所的定稿结论" not in page
        assert row(response, "attitude").select_one('[data-finding="none"]')
        assert row(response, "pledges").select_one('[data-finding="final"]')
        assert not parse(response.content).select("[data-write]")  # no link to the center's page

    def test_a_head_reads_the_sub_units_final_findings(self, client, users, findings):
        page = unit_page(client, users["head_a"], "A01S").content.decode()
        assert "一所的定稿结论" in page and "一所的草稿" not in page

    @pytest.mark.parametrize("role", ["staff_b", "head_b", "staff_sub", "head_sub"])
    def test_never_another_unit(self, client, users, findings, role):
        assert unit_page(client, users[role]).status_code == 404
        url = findings["final"].get_absolute_url()
        assert client.get(url).status_code == 403


@pytest.mark.parametrize("code, check", [("NOPE", "pledges"), ("A01", "nine")])
def test_an_unknown_unit_or_check_is_404(client, users, campaign, dept_a, code, check):
    client.force_login(users["clerk"])
    assert client.get(reverse("assessment:check_finding", args=[code, check])).status_code == 404


class TestTheFindingPage:
    def url(self, check="pledges"):
        return reverse("assessment:check_finding", args=["A01", check]) + "?year=2026"

    def test_a_clerk_writes_it_beside_what_the_system_knows(self, client, users, campaign, dept_a):
        client.force_login(users["clerk"])
        page = parse(client.get(self.url()).content)
        assert page.select_one("[data-check]").get_text().startswith("Pledged matters")
        assert page.select_one('[data-fact="fulfilment"]')
        assert page.select_one("[data-finding-form]")
        response = client.post(self.url(), {"text": TEXT, "rating": "good", "version": ""})
        assert response.status_code == 302 and response["Location"] == self.url()
        finding = CheckFinding.objects.get()
        assert (finding.text, finding.rating, finding.written_by) == (TEXT, "good", users["clerk"])
        page = parse(client.get(self.url()).content)
        assert page.select_one('[data-action="finalize"]')
        assert page.select_one('[data-history] tr[data-step="create"]')
        assert page.select_one('input[name="version"]')["value"] == "1"

    def test_a_stale_page_gets_409_and_keeps_what_was_typed(self, client, users, campaign, dept_a):
        write(campaign, dept_a, users["clerk"])
        write(campaign, dept_a, users["clerk2"], text="别人改过", expected_version=1)
        client.force_login(users["clerk"])
        response = client.post(self.url(), {"text": "我的修改", "rating": "", "version": "1"})
        assert response.status_code == 409
        assert "Someone else saved" in response.content.decode()
        assert "我的修改" in response.content.decode()
        assert CheckFinding.objects.get().text == "别人改过"

    def test_the_buttons_mark_final_and_reopen(self, client, users, campaign, dept_a):
        finding = write(campaign, dept_a, users["clerk"], rating=Rating.GOOD)
        client.force_login(users["clerk"])
        act_url = reverse("assessment:check_finding_act", args=["A01", "pledges"]) + "?year=2026"
        response = client.post(act_url, {"action": "finalize", "version": finding.version})
        assert response.status_code == 302
        finding.refresh_from_db()
        assert finding.is_final
        page = parse(client.get(self.url()).content)
        assert not page.select_one("[data-finding-form]")
        assert [b["data-action"] for b in page.select("[data-action]")] == ["reopen"]
        response = client.post(
            act_url, {"action": "reopen", "version": finding.version, "comment": "补充材料"}
        )
        finding.refresh_from_db()
        assert finding.state == "draft"

    def test_a_leader_reads_and_cannot_write(self, client, users, campaign, dept_a):
        write(campaign, dept_a, users["clerk"])
        client.force_login(users["leader"])
        page = parse(client.get(self.url()).content)
        assert not page.select_one("[data-finding-form]") and not page.select("[data-action]")
        assert page.select_one("[data-history]")
        assert client.post(self.url(), {"text": "领导改", "version": "1"}).status_code == 403
        act_url = reverse("assessment:check_finding_act", args=["A01", "pledges"])
        assert client.post(act_url, {"action": "finalize", "version": "1"}).status_code == 403
        assert CheckFinding.objects.get().text == TEXT

    def test_the_page_reads_a_bounded_number_of_queries(self, client, users, campaign):
        small, large = DepartmentFactory(code="SM1"), DepartmentFactory(code="LG1")
        unit_volume(campaign, small, 2, clerk=users["clerk"])
        unit_volume(campaign, large, 60, clerk=users["clerk"])
        client.force_login(users["clerk"])
        counts = []
        for unit in (small, large):
            write(campaign, unit, users["clerk"], check=Check.ATTITUDE)
            url = reverse("assessment:check_finding", args=[unit.code, "attitude"])
            client.get(url)
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
            counts.append(len(captured))
        assert counts[0] == counts[1] == FINDING_PAGE_QUERIES, counts


def test_admins_read_the_findings(client, users, campaign, dept_a):
    finding = write(campaign, dept_a, users["clerk"])
    client.force_login(users["admin"])
    listed = client.get(reverse("admin:assessment_checkfinding_changelist"))
    assert listed.status_code == 200 and "县甲局" in listed.content.decode()
    url = reverse("admin:assessment_checkfinding_change", args=[finding.pk])
    client.post(url, {"text": "管理员改", "rating": "poor"})
    finding.refresh_from_db()
    assert finding.text == TEXT
