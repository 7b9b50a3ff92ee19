"""Quarterly fulfilment (践诺): per item, with evidence checked by content; the center sees who
has not reported."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from efficiency_center.errors import DomainError
from efficiency_center.review import State
from efficiency_center.uploads import Attachment, attachments_of
from efficiency_center.workflow import history
from pledges import services
from pledges.models import FulfilmentReport
from tests.factories import DepartmentFactory, UserFactory
from tests.pledges.factories import (
    fake_pdf_upload,
    png_bytes,
    png_upload,
    refreshed,
    report_act,
    submit_and_publish,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def report_a(published_a, users):
    return services.fulfilment_start(pledge=published_a, quarter=1, user=users["staff_a"])


def entry_post(report, texts, *, version=None, files=None, remove=None):
    data = {"version": str(version or refreshed(report).version)}
    for entry, text in zip(report.entries.all(), texts, strict=False):
        data[f"entry-{entry.pk}-text"] = text
    for entry_pk, upload in (files or {}).items():
        data[f"entry-{entry_pk}-evidence"] = upload
    for entry_pk, ids in (remove or {}).items():
        data[f"entry-{entry_pk}-remove"] = [str(i) for i in ids]
    return data


def edit(client, report, data):
    return client.post(reverse("pledges:fulfilment_edit", args=[report.pk]), data)


def filled(report, user):
    entries = [
        services.EntryData(id=e.pk, text=f"第{e.item.position}项已落实")
        for e in report.entries.select_related("item")
    ]
    services.fulfilment_save(
        report=report, user=user, expected_version=refreshed(report).version, entries=entries
    )
    return refreshed(report)


class TestStart:
    def test_one_entry_per_item_recorded(self, report_a, published_a, users):
        assert report_a.state == State.DRAFT and report_a.quarter == 1
        assert report_a.department_id == published_a.department_id
        assert list(report_a.entries.values_list("item__position", flat=True)) == [1, 2, 3, 4, 5, 6]
        assert history(report_a).get().action == "create"

    def test_not_on_a_draft_and_not_twice(self, draft_a, published_b, users):
        with pytest.raises(DomainError):
            services.fulfilment_start(pledge=draft_a, quarter=1, user=users["staff_a"])
        services.fulfilment_start(pledge=published_b, quarter=2, user=users["staff_b"])
        with pytest.raises(DomainError):
            services.fulfilment_start(pledge=published_b, quarter=2, user=users["head_b"])
        assert FulfilmentReport.objects.count() == 1

    def test_bad_quarter_over_http(self, client, published_a, users):
        client.force_login(users["staff_a"])
        url = reverse("pledges:fulfilment_start", args=[published_a.pk])
        for quarter in ("5", "0", "x", ""):
            response = client.post(url, {"quarter": quarter})
            assert response.status_code == 303 and response.url == published_a.get_absolute_url()
        assert not FulfilmentReport.objects.exists()
        response = client.post(url, {"quarter": "3"})
        report = FulfilmentReport.objects.get()
        assert report.quarter == 3 and response.url == report.get_absolute_url() + "edit/"

    def test_only_on_the_current_revision(self, published_a, users):
        correction = services.pledge_start_correction(pledge=published_a, user=users["staff_a"])
        submit_and_publish(correction, users)
        with pytest.raises(DomainError):
            services.fulfilment_start(pledge=published_a, quarter=2, user=users["staff_a"])


class TestEdit:
    def test_text_and_evidence_saved(self, client, report_a, users, media):
        client.force_login(users["staff_a"])
        first = report_a.entries.first()
        data = entry_post(report_a, ["本季度走访企业26家"] * 6, files={first.pk: png_upload()})
        assert edit(client, report_a, data).status_code == 302
        first.refresh_from_db()
        assert first.text == "本季度走访企业26家"
        evidence = attachments_of(first).get()
        assert evidence.kind == "png" and evidence.uploaded_by == users["staff_a"]
        page = client.get(report_a.get_absolute_url()).content.decode()
        assert f'data-attachment="{evidence.pk}"' in page
        # The evidence is the center's and the unit's: another unit cannot download it.
        assert client.get(evidence.get_absolute_url()).status_code == 200
        client.force_login(users["staff_b"])
        assert client.get(evidence.get_absolute_url()).status_code == 404

    @pytest.mark.parametrize(
        "upload,code",
        [
            (fake_pdf_upload(), "bad_type"),
            (SimpleUploadedFile("脚本.png", b"#!/bin/sh\nrm -rf /\n"), "bad_type"),
            (SimpleUploadedFile("空.pdf", b""), "empty"),
        ],
    )
    def test_bad_evidence_changes_nothing(self, client, report_a, users, media, upload, code):
        client.force_login(users["staff_a"])
        first = report_a.entries.first()
        data = entry_post(report_a, ["写了内容"] * 6, files={first.pk: upload})
        response = edit(client, report_a, data)
        assert response.status_code == 400
        form = response.context["forms"][0]
        assert form.errors.as_data()["evidence"][0].code == code
        assert not Attachment.objects.exists()
        assert refreshed(report_a).version == 1 and not report_a.entries.exclude(text="").exists()

    def test_evidence_over_20_mb_is_refused(self, client, report_a, users, media):
        client.force_login(users["staff_a"])
        big = SimpleUploadedFile("大图.png", png_bytes() + b"\0" * (20 * 1024 * 1024))
        first = report_a.entries.first()
        response = edit(client, report_a, entry_post(report_a, ["x"] * 6, files={first.pk: big}))
        assert response.context["forms"][0].errors.as_data()["evidence"][0].code == "too_big"
        assert not Attachment.objects.exists()

    def test_evidence_can_be_removed_while_editable(
        self, client, report_a, users, media, django_capture_on_commit_callbacks
    ):
        client.force_login(users["staff_a"])
        first = report_a.entries.first()
        edit(client, report_a, entry_post(report_a, ["x"] * 6, files={first.pk: png_upload()}))
        evidence = attachments_of(first).get()
        stored = media / evidence.file.name
        assert stored.exists()
        data = entry_post(report_a, ["x"] * 6, remove={first.pk: [evidence.pk]})
        with django_capture_on_commit_callbacks(execute=True):
            assert edit(client, report_a, data).status_code == 302
        assert not attachments_of(first).exists() and not stored.exists()

    def test_second_editor_is_refused_nothing_lost(self, client, report_a, users):
        from django.test import Client

        other = Client()
        other.force_login(users["head_a"])
        client.force_login(users["staff_a"])
        assert (
            edit(client, report_a, entry_post(report_a, ["甲写的"] * 6, version=1)).status_code
            == 302
        )
        response = edit(other, report_a, entry_post(report_a, ["乙写的"] * 6, version=1))
        assert response.status_code == 409 and 'data-error="stale"' in response.content.decode()
        assert "乙写的" in response.content.decode()
        assert set(report_a.entries.values_list("text", flat=True)) == {"甲写的"}


class TestReview:
    def test_submit_needs_every_item(self, report_a, users):
        with pytest.raises(DomainError):
            report_act(report_a, users["head_a"], "submit")
        report = filled(report_a, users["staff_a"])
        report = report_act(report, users["head_a"], "submit")
        assert report.state == State.SUBMITTED

    def test_returned_then_accepted_and_shown_publicly(self, client, report_a, users):
        report = filled(report_a, users["staff_a"])
        report_act(report, users["head_a"], "submit")
        report_act(report, users["clerk"], "return", "请补充第3项佐证材料")
        assert refreshed(report).state == State.RETURNED
        report_act(report, users["head_a"], "submit")
        client.force_login(users["clerk"])
        page = client.get(report.get_absolute_url()).content.decode()
        assert 'data-action="approve"' in page and "请补充第3项佐证材料" in page
        client.post(
            reverse("pledges:fulfilment_act", args=[report.pk]),
            {"action": "approve", "version": refreshed(report).version},
        )
        assert refreshed(report).state == State.PUBLISHED
        client.logout()
        public = client.get(report.pledge.get_public_url()).content.decode()
        assert "第3项已落实" in public and "data-fulfilment" in public

    def test_sub_unit_report_goes_through_its_supervisor(self, campaign, users):
        pledge = services.pledge_start(user=users["staff_sub"], campaign=campaign)
        pledge = submit_and_publish(pledge, users, head="head_sub", supervisor="head_a")
        report = services.fulfilment_start(pledge=pledge, quarter=1, user=users["staff_sub"])
        report = filled(report, users["staff_sub"])
        assert report_act(report, users["head_sub"], "submit").state == State.SIGNED
        assert report_act(report, users["head_a"], "endorse").state == State.SUBMITTED


class TestOverview:
    def test_who_has_not_reported(self, client, report_a, published_b, draft_sub, users):
        report = filled(report_a, users["staff_a"])
        report_act(report, users["head_a"], "submit")
        services.fulfilment_start(pledge=published_b, quarter=1, user=users["staff_b"])
        client.force_login(users["clerk"])
        url = reverse("pledges:fulfilment_overview")
        table = client.get(url).context["table"]
        rows = {row["department"].code: row["cells"] for row in table["rows"]}
        assert set(rows) == {"A01", "B01"}  # the sub-unit has no published pledge
        assert rows["A01"][0]["reported"] and not rows["B01"][0]["reported"]
        assert table["quarters"][0]["missing"] == 1 and table["unpledged"] == 1
        only_missing = client.get(url, {"quarter": 1}).context["table"]["rows"]
        assert [row["department"].code for row in only_missing] == ["B01"]

    @pytest.mark.parametrize("n", [3, 30])
    def test_bounded_queries(self, client, campaign, users, n, django_assert_num_queries):
        for i in range(n):
            unit = DepartmentFactory(code=f"Q{i:03d}", name=f"县季报局{i}")
            staff = UserFactory(username=f"q{i}", role="staff", department=unit)
            head = UserFactory(username=f"qh{i}", role="head", department=unit)
            pledge = services.pledge_start(user=staff, campaign=campaign)
            pledge = submit_and_publish(pledge, {"h": head, "clerk": users["clerk"]}, head="h")
            if i % 2:
                services.fulfilment_start(pledge=pledge, quarter=1, user=staff)
        client.force_login(users["clerk"])
        client.get(reverse("pledges:fulfilment_overview"))  # warm the session
        with django_assert_num_queries(FULFILMENT_TABLE_QUERIES):
            response = client.get(reverse("pledges:fulfilment_overview"), {"year": 2026})
        assert len(response.context["table"]["rows"]) == n


# session, user, unread count, campaign, published units, reports, units.
FULFILMENT_TABLE_QUERIES = 7
