"""有诺不践: a clerk records, a leader confirms; then public page, public notice and deduction,
each traceable to the record and the record to them."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from efficiency_center.errors import DomainError, Invalid
from efficiency_center.models import Notification, PublicNotice, ScoreEntry
from efficiency_center.scoring import ScoreKind, department_totals, entries_for_cause
from efficiency_center.uploads import attachments_of
from efficiency_center.workflow import history
from pledges import services
from pledges.models import BrokenPledge
from tests.pledges.factories import confirm, decide, fake_pdf_upload, png_upload, refreshed

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(published_a):
    return published_a.items.get(position=5)


def record(item, users, quarter=2, evidence=None, user="clerk"):
    return services.broken_pledge_record(
        item=item,
        quarter=quarter,
        description="5月12日未报备即对企业开展检查",
        evidence=[png_upload()] if evidence is None else evidence,
        user=users[user],
    )


class TestRecord:
    def test_clerk_records_over_http_with_evidence(self, client, item, users, media):
        client.force_login(users["clerk"])
        url = reverse("pledges:breach_new", args=[item.pledge_id])
        response = client.post(
            url,
            {
                "item": item.pk,
                "quarter": 2,
                "description": "未报备即检查",
                "evidence": [png_upload("核查记录.png"), png_upload("照片.png")],
            },
        )
        breach = BrokenPledge.objects.get()
        assert response.status_code == 302 and response.url == breach.get_absolute_url()
        assert breach.decision == "pending" and breach.recorded_by == users["clerk"]
        assert (
            breach.department == item.pledge.department and breach.campaign == item.pledge.campaign
        )
        assert attachments_of(breach).count() == 2
        assert Notification.objects.filter(recipient=users["leader"], url=breach.get_absolute_url())
        assert not PublicNotice.objects.exists() and not ScoreEntry.objects.exists()

    @pytest.mark.parametrize(
        "change,field,code",
        [
            ({"evidence": []}, "evidence", "required"),
            ({"evidence": [fake_pdf_upload()]}, "evidence", "bad_type"),
            ({"description": " "}, "description", "required"),
            ({"quarter": 5}, "quarter", "invalid_choice"),
        ],
    )
    def test_bad_input_changes_nothing(self, client, item, users, media, change, field, code):
        client.force_login(users["clerk"])
        data = {"item": item.pk, "quarter": 2, "description": "未兑现", "evidence": [png_upload()]}
        data.update(change)
        response = client.post(reverse("pledges:breach_new", args=[item.pledge_id]), data)
        assert response.status_code == 400
        assert response.context["form"].errors.as_data()[field][0].code == code
        assert not BrokenPledge.objects.exists()

    def test_item_of_another_pledge_is_refused(self, client, item, published_b, users, media):
        client.force_login(users["clerk"])
        foreign = published_b.items.first()
        data = {"item": foreign.pk, "quarter": 2, "description": "x", "evidence": [png_upload()]}
        response = client.post(reverse("pledges:breach_new", args=[item.pledge_id]), data)
        assert response.status_code == 400 and not BrokenPledge.objects.exists()

    def test_service_rules(self, item, draft_sub, users, media):
        with pytest.raises(Invalid) as refused:
            record(item, users, evidence=[])
        assert refused.value.code == "no_evidence"
        with pytest.raises(DomainError):
            record(item, users, user="leader")
        with pytest.raises(DomainError):
            record(draft_sub.items.first(), users)  # not published
        record(item, users)
        with pytest.raises(DomainError):
            record(item, users)  # once per item and quarter
        record(item, users, quarter=3)
        assert BrokenPledge.objects.count() == 2


class TestConfirm:
    def test_notice_score_and_public_page_traceable_both_ways(
        self, client, item, users, media, campaign
    ):
        breach = record(item, users)
        client.force_login(users["leader"])
        page = client.get(breach.get_absolute_url()).content.decode()
        assert "data-decision" in page
        client.post(
            reverse("pledges:breach_decide", args=[breach.pk]), {"action": "approve", "version": 1}
        )
        breach = refreshed(breach)
        assert breach.decision == "approved" and breach.decided_by == users["leader"]
        assert breach.decided_at is not None
        assert [step.action for step in history(breach)] == ["create", "approve"]

        notice = PublicNotice.objects.get()
        assert notice.cause == breach and breach.notice == notice
        assert notice.department == item.pledge.department and notice.approved_by == users["leader"]
        assert notice.issued_by == users["clerk"]
        assert item.text in notice.body and "未报备" in notice.body

        entry = ScoreEntry.objects.get()
        assert entry.cause == breach and breach.score_entry == entry
        assert list(entries_for_cause(breach)) == [entry]
        assert entry.kind == ScoreKind.PLEDGE_BROKEN and entry.points == Decimal("-2")
        assert (entry.recorded_by, entry.confirmed_by) == (users["clerk"], users["leader"])
        assert department_totals(campaign)[item.pledge.department_id][2] == Decimal("-2")

        public = client.get(item.pledge.get_public_url()).content.decode()
        assert f'data-breach="{breach.pk}"' in public and notice.get_absolute_url() in public
        assert client.get(notice.get_absolute_url()).status_code == 200
        assert Notification.objects.filter(
            recipient=users["staff_a"], url=breach.get_absolute_url()
        )

    def test_the_campaigns_points_apply(self, item, users, media, campaign):
        campaign.points_pledge_broken = Decimal("-3")
        campaign.save()
        breach = record(item, users)
        confirm(breach, users["leader"])
        assert ScoreEntry.objects.get().points == Decimal("-3")

    def test_decided_once(self, item, users, media):
        breach = record(item, users)
        confirm(breach, users["leader"])
        with pytest.raises(DomainError):
            confirm(breach, users["leader"])
        with pytest.raises(DomainError):
            decide(breach, users["leader"], "refuse", "误报")
        assert ScoreEntry.objects.count() == 1 and PublicNotice.objects.count() == 1

    @pytest.mark.parametrize("username", ["clerk", "staff_a", "head_a", "admin"])
    def test_only_a_leader_confirms(self, item, users, media, username):
        breach = record(item, users)
        with pytest.raises(DomainError):
            confirm(breach, users[username])
        assert refreshed(breach).decision == "pending" and not ScoreEntry.objects.exists()

    def test_unit_sees_its_record_only_once_decided(self, client, item, users, media):
        breach = record(item, users)
        client.force_login(users["staff_a"])
        assert client.get(breach.get_absolute_url()).status_code == 404
        confirm(breach, users["leader"])
        assert client.get(breach.get_absolute_url()).status_code == 200
        page = client.get(item.pledge.get_absolute_url()).content.decode()
        assert "data-breaches" in page


class TestDismiss:
    def test_needs_a_reason_then_nothing_is_published(self, client, item, users, media):
        breach = record(item, users)
        client.force_login(users["leader"])
        url = reverse("pledges:breach_decide", args=[breach.pk])
        response = client.post(url, {"action": "refuse", "version": 1, "comment": "  "})
        assert response.status_code == 303
        assert refreshed(breach).decision == "pending"
        client.post(url, {"action": "refuse", "version": 1, "comment": "经核实已提前电话报备"})
        breach = refreshed(breach)
        assert breach.decision == "refused" and breach.decided_by == users["leader"]
        assert breach.decision_comment == "经核实已提前电话报备"
        assert not PublicNotice.objects.exists() and not ScoreEntry.objects.exists()
        assert "data-breach=" not in client.get(item.pledge.get_public_url()).content.decode()
        # A dismissed record does not block a new one for the same item and quarter.
        assert record(item, users).decision == "pending"


def test_breach_queue_for_the_leader(client, item, users, media):
    breach = record(item, users)
    client.force_login(users["leader"])
    page = client.get(reverse("pledges:breach_queue")).content.decode()
    assert f'data-breach="{breach.pk}"' in page
    assert 'data-nav-item="pledges:breach_queue"' in page  # in the leader's menu


class TestAfterTheAssessmentClosed:
    def test_confirming_is_refused_in_chinese_and_nothing_is_half_written(
        self, client, item, users, media, campaign
    ):
        breach = record(item, users)
        campaign.assessment_closed_at = timezone.now()
        campaign.save()
        client.force_login(users["leader"])
        url = reverse("pledges:breach_decide", args=[breach.pk])
        response = client.post(url, {"action": "approve", "version": breach.version}, follow=True)
        assert response.status_code == 200
        assert "2026年度考核已结束" in response.content.decode()
        breach = refreshed(breach)
        assert breach.decision == "pending" and breach.version == 1 and not breach.notice
        assert not ScoreEntry.objects.exists() and not PublicNotice.objects.exists()
        assert [step.action for step in history(breach)] == ["create"]
        # Dismissing records nothing in the ledger: still possible.
        client.post(url, {"action": "refuse", "version": 1, "comment": "年度考核已结束，不再追溯"})
        assert refreshed(breach).decision == "refused"
