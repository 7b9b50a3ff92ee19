"""The center's pages: review queue, progress table, Excel export."""

import io

import openpyxl
import pytest
from django.urls import reverse

from efficiency_center.audit import AuditEvent
from pledges import services
from tests.factories import DepartmentFactory, UserFactory
from tests.pledges.factories import act, png_upload, refreshed, report_act, submit_and_publish

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def clerk_client(client, users):
    client.force_login(users["clerk"])
    return client


class TestReviewQueue:
    def test_lists_what_waits_for_the_center(self, client, users, submitted_a, draft_sub):
        act(draft_sub, users["head_sub"], "submit")  # signed: still with the supervisor
        page = clerk_client(client, users).get(reverse("pledges:review_queue")).content.decode()
        assert f'data-pledge="{submitted_a.pk}"' in page
        assert f'data-pledge="{draft_sub.pk}"' not in page
        act(draft_sub, users["head_a"], "endorse")
        page = client.get(reverse("pledges:review_queue")).content.decode()
        assert f'data-pledge="{draft_sub.pk}"' in page

    def test_clerk_menu_links_here(self, client, users):
        page = clerk_client(client, users).get(reverse("dashboard")).content.decode()
        assert 'data-nav-item="pledges:review_queue"' in page


class TestProgress:
    def test_statuses_and_counts(self, client, users, campaign, dept_b, draft_sub):
        # 县甲局 published with a correction in draft; 县乙局 returned; sub-unit signed;
        # a fourth unit submitted; a fifth never started.
        pledge = services.pledge_start(user=users["staff_a"], campaign=campaign)
        pledge = submit_and_publish(pledge, users)
        services.pledge_start_correction(pledge=pledge, user=users["staff_a"])
        b = services.pledge_start(user=users["staff_b"], campaign=campaign)
        act(b, users["head_b"], "submit")
        act(b, users["clerk"], "return", "请修改")
        act(draft_sub, users["head_sub"], "submit")
        c = DepartmentFactory(code="C01", name="县丙局")
        c_head = UserFactory(username="c_head", role="head", department=c)
        c_pledge = services.pledge_start(user=c_head, campaign=campaign)
        act(c_pledge, c_head, "submit")
        DepartmentFactory(code="D01", name="县丁局")

        response = clerk_client(client, users).get(reverse("pledges:progress"))
        table = response.context["table"]
        status = {row["department"].code: row["status"] for row in table["rows"]}
        assert status == {
            "A01": "published",
            "A01S": "signed",
            "B01": "returned",
            "C01": "submitted",
            "D01": "not_started",
        }
        # Sub-units are listed right after their supervising department.
        assert [row["department"].code for row in table["rows"]][:2] == ["A01", "A01S"]
        counts = {col["status"]: col["count"] for col in table["summary"]}
        assert counts == {
            "not_started": 1,
            "draft": 0,
            "signed": 1,
            "submitted": 1,
            "returned": 1,
            "published": 1,
        }
        correction = next(r for r in table["rows"] if r["department"].code == "A01")["correction"]
        assert correction is not None
        only = client.get(reverse("pledges:progress"), {"status": "returned"}).context["table"]
        assert [row["department"].code for row in only["rows"]] == ["B01"]

    @pytest.mark.parametrize("n", [3, 40])
    def test_bounded_queries(self, client, users, campaign, n, django_assert_num_queries):
        for i in range(n):
            unit = DepartmentFactory(code=f"P{i:03d}", name=f"县进度局{i}")
            if i % 2:
                services.pledge_start(
                    user=UserFactory(username=f"p{i}", role="staff", department=unit),
                    campaign=campaign,
                )
        clerk_client(client, users).get(reverse("pledges:progress"))
        # ?year= picks the campaign in one query whatever today's date.
        with django_assert_num_queries(PROGRESS_QUERIES):
            response = client.get(reverse("pledges:progress"), {"year": campaign.year})
        assert response.context["table"]["total"] >= n


# session, user, unread count, campaign, pledges' states, units.
PROGRESS_QUERIES = 6


class TestExport:
    def test_real_xlsx_one_row_per_item_with_fulfilment(
        self, client, users, published_a, published_b, campaign
    ):
        report = services.fulfilment_start(pledge=published_a, quarter=1, user=users["staff_a"])
        entries = [
            services.EntryData(id=e.pk, text=f"已落实{e.item.position}")
            for e in report.entries.select_related("item")
        ]
        services.fulfilment_save(
            report=report, user=users["staff_a"], expected_version=1, entries=entries
        )
        report_act(report, users["head_a"], "submit")
        # Formula-like text is neutralised in the export.
        correction = services.pledge_start_correction(pledge=published_b, user=users["staff_b"])
        services.pledge_save(
            pledge=correction,
            user=users["staff_b"],
            expected_version=correction.version,
            items=[services.ItemData(text='=HYPERLINK("http://evil")', focus_area="fees")],
        )

        response = clerk_client(client, users).get(reverse("pledges:export"))
        assert response.status_code == 200 and response["Content-Type"] == XLSX
        assert "attachment" in response["Content-Disposition"]
        workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
        rows = list(workbook.active.iter_rows(values_only=True))
        header, data = rows[0], rows[1:]
        assert len(header) == 12 + 8 + 1
        assert len(data) == 6 + 6 + 1  # A's six items, B's six, B's correction in draft
        a_rows = [r for r in data if r[1] == "A01"]
        assert [r[9] for r in a_rows] == [1, 2, 3, 4, 5, 6]
        assert a_rows[0][12] == "已落实1" and a_rows[0][14] is None  # Q1 text; Q2 empty
        assert a_rows[0][11].startswith("以党的群众路线")
        evil = next(r for r in data if r[5] == 2)
        assert evil[11].startswith("'=")
        assert AuditEvent.objects.filter(user=users["clerk"], action="export").exists()

    @pytest.mark.parametrize("username", ["staff_a", "head_a", "reviewer"])
    def test_not_for_units(self, client, users, username):
        client.force_login(users[username])
        assert client.get(reverse("pledges:export")).status_code == 403
        assert not AuditEvent.objects.filter(action="export").exists()


def test_unit_page_shows_own_and_sub_units(client, users, campaign, draft_a, draft_sub):
    act(draft_sub, users["head_sub"], "submit")
    client.force_login(users["head_a"])
    response = client.get(reverse("pledges:mine"))
    page = response.content.decode()
    assert f'data-pledge="{draft_a.pk}"' in page
    assert 'data-sub-unit="A01S"' in page and 'data-state="signed"' in page
    client.force_login(users["staff_b"])
    page = client.get(reverse("pledges:mine")).content.decode()
    assert 'data-action="start"' in page and f'data-pledge="{draft_a.pk}"' not in page
    client.post(reverse("pledges:start"))
    assert refreshed(draft_a).department.pledges.count() == 1
    assert users["staff_b"].department.pledges.count() == 1


@pytest.mark.parametrize("n", [3, 30])
def test_export_query_count_does_not_grow(
    client, users, campaign, many_pledges, n, django_assert_num_queries
):
    many_pledges(n)
    clerk_client(client, users).get(reverse("pledges:progress"))
    # session, user, campaign, audit row, pledges, items, fulfilment, breaches.
    with django_assert_num_queries(8):
        response = client.get(reverse("pledges:export"), {"year": campaign.year})
        content = b"".join(response.streaming_content)
    rows = list(openpyxl.load_workbook(io.BytesIO(content)).active.rows)
    assert len(rows) == 1 + 6 * n


@pytest.mark.parametrize("model", ["pledge", "fulfilmentreport", "brokenpledge"])
def test_admin_reads_them(client, users, published_a, media, model):
    report = services.fulfilment_start(pledge=published_a, quarter=1, user=users["staff_a"])
    breach = services.broken_pledge_record(
        item=published_a.items.first(),
        quarter=1,
        description="未兑现",
        evidence=[png_upload()],
        user=users["clerk"],
    )
    obj = {"pledge": published_a, "fulfilmentreport": report, "brokenpledge": breach}[model]
    client.force_login(users["admin"])
    assert client.get(reverse(f"admin:pledges_{model}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:pledges_{model}_change", args=[obj.pk])).status_code == 200
    assert client.get(reverse(f"admin:pledges_{model}_add")).status_code == 403


def test_heads_sign_off_queue_lists_pledges_and_reports(client, users, published_a, draft_sub):
    report = services.fulfilment_start(pledge=published_a, quarter=1, user=users["staff_a"])
    act(draft_sub, users["head_sub"], "submit")
    client.force_login(users["head_a"])
    page = client.get(reverse("signoffs")).content.decode()
    assert report.get_absolute_url() in page  # our own report, to sign off
    assert draft_sub.get_absolute_url() in page  # our sub-unit's pledge, to endorse
