"""Corrections (a leader reverses an entry with a reason) and closing the assessment; after
closing nothing can be added or corrected, and the pages say so."""

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from assessment import services
from efficiency_center.audit import AuditEvent
from efficiency_center.errors import DomainError, Forbidden, Invalid
from efficiency_center.notifications import Notification
from efficiency_center.scoring import (
    AssessmentClosedError,
    ScoreEntry,
    ScoreKind,
    record_score,
)
from tests.assessment.html import parse

pytestmark = pytest.mark.django_db


def reverse_url(entry):
    return reverse("assessment:reverse", args=[entry.pk])


def close(campaign, leader):
    return services.assessment_close(campaign=campaign, user=leader)


class TestReverse:
    def test_a_leader_reverses_with_a_reason(self, client, users, ledger, campaign):
        target = ledger["broken"]
        client.force_login(users["leader"])
        page = client.get(reverse_url(target))
        assert page.status_code == 200 and b'data-form="reverse"' in page.content
        response = client.post(reverse_url(target), {"reason": "  经复核，该项承诺已按期兑现  "})
        assert response.status_code == 302
        assert response["Location"].endswith("?year=2026&unit=A01")
        reversal = ScoreEntry.objects.get(reverses=target)
        assert reversal.kind == ScoreKind.REVERSAL
        assert reversal.points == -target.points
        assert reversal.note == "经复核，该项承诺已按期兑现"
        assert reversal.recorded_by == users["leader"]
        assert (reversal.cause_type_id, reversal.cause_id) == (
            target.cause_type_id,
            target.cause_id,
        )
        told = Notification.objects.filter(recipient=users["staff_a"]).first()
        assert told and "经复核" in told.verb
        assert AuditEvent.objects.filter(action="assessment_reverse", user=users["leader"]).exists()
        table = client.get(reverse("assessment:table"))
        row = table.context["table"]["rows"][0]
        assert row["unit"].code == "A01" and row["score"].by_kind["pledge_broken"] == 0

    def test_without_a_reason_nothing_changes(self, client, users, ledger):
        client.force_login(users["leader"])
        before = ScoreEntry.objects.count()
        response = client.post(reverse_url(ledger["broken"]), {"reason": "   "})
        assert response.status_code == 400
        assert "Say why the entry is corrected." in response.content.decode()
        assert ScoreEntry.objects.count() == before

    def test_a_reason_too_long_is_refused_by_the_service(self, users, ledger):
        with pytest.raises(Invalid, match="200") as refused:
            services.assessment_entry_reverse(
                entry=ledger["broken"], user=users["leader"], reason="长" * 201
            )
        assert "reason" in refused.value.errors
        assert not ScoreEntry.objects.filter(reverses=ledger["broken"]).exists()

    def test_twice_or_a_reversal_is_refused(self, client, users, ledger):
        client.force_login(users["leader"])
        before = ScoreEntry.objects.count()
        again = client.post(reverse_url(ledger["true"]), {"reason": "再次撤销"})
        assert again.status_code == 400
        assert b'data-refused="reversed"' in again.content
        of_reversal = client.post(reverse_url(ledger["reversal"]), {"reason": "撤销更正"})
        assert of_reversal.status_code == 400
        assert ScoreEntry.objects.count() == before
        with pytest.raises(DomainError):
            services.assessment_entry_reverse(
                entry=ledger["reversal"], user=users["leader"], reason="x"
            )

    @pytest.mark.parametrize("role", ["clerk", "staff_a", "head_a", "reviewer"])
    def test_only_a_leader(self, client, users, ledger, role):
        client.force_login(users[role])
        response = client.post(reverse_url(ledger["broken"]), {"reason": "理由"})
        assert response.status_code == 403
        assert not ScoreEntry.objects.filter(reverses=ledger["broken"]).exists()
        with pytest.raises(Forbidden):
            services.assessment_entry_reverse(
                entry=ledger["broken"], user=users[role], reason="理由"
            )

    def test_the_entries_page_offers_it_to_leaders_only(self, client, users, ledger):
        url = reverse("assessment:entries") + "?unit=A01"
        client.force_login(users["leader"])
        soup = parse(client.get(url).content)
        offered = {int(a["href"].split("/")[-3]) for a in soup.select('[data-action="reverse"]')}
        # Not the reversed entry, not the reversal itself.
        assert ledger["broken"].pk in offered and ledger["true"].pk not in offered
        assert ledger["reversal"].pk not in offered
        client.force_login(users["clerk"])
        assert b'data-action="reverse"' not in client.get(url).content


class TestClose:
    def test_the_confirmation_page_then_closing(self, client, users, ledger, campaign):
        from tests.assessment.factories import ComplaintOfUnit, breach

        breach(
            campaign, users["staff_b"].department, recorded_by=users["clerk"], decision="pending"
        )
        ComplaintOfUnit(campaign=campaign, department=users["staff_b"].department)
        client.force_login(users["leader"])
        page = client.get(reverse("assessment:close"))
        assert page.status_code == 200
        soup = parse(page.content)
        assert soup.select_one('[data-warning="breaches"]')
        assert soup.select_one('[data-warning="complaints"]')
        assert page.context["entry_count"] == 10
        response = client.post(reverse("assessment:close"), {"year": "2026"})
        assert response.status_code == 302
        campaign.refresh_from_db()
        assert campaign.assessment_is_closed
        assert campaign.assessment_closed_by == users["leader"]
        event = AuditEvent.objects.get(action="assessment_close")
        assert event.user == users["leader"] and "2026" in event.target
        told = Notification.objects.filter(recipient=users["clerk"])
        assert told.count() == 1 and "2026" in told.get().verb

    def test_after_closing_nothing_is_added_or_corrected(self, client, users, ledger, campaign):
        close(campaign, users["leader"])
        before = ScoreEntry.objects.count()
        with pytest.raises(AssessmentClosedError):
            record_score(
                department=users["staff_a"].department,
                campaign=campaign,
                kind=ScoreKind.REPORT_LATE,
                cause=ledger["causes"]["broken"],
                recorded_by=users["clerk"],
            )
        client.force_login(users["leader"])
        response = client.post(reverse_url(ledger["broken"]), {"reason": "补充更正"})
        assert response.status_code == 400
        assert "is closed" in response.content.decode()
        assert b'data-refused="closed"' in response.content
        assert ScoreEntry.objects.count() == before

    def test_a_correction_after_closing_is_refused_in_chinese_and_writes_nothing(
        self, client, settings, users, ledger, campaign
    ):
        close(campaign, users["leader"])
        client.force_login(users["leader"])
        del client.cookies[settings.LANGUAGE_COOKIE_NAME]  # the pages in Chinese

        def written():
            return (
                ScoreEntry.objects.count(),
                AuditEvent.objects.filter(action="assessment_reverse").count(),
                Notification.objects.count(),
            )

        before = written()
        response = client.post(reverse_url(ledger["broken"]), {"reason": "补充更正"})
        assert response.status_code == 400
        with translation.override("zh-hans"):
            message = str(AssessmentClosedError(campaign))
        assert "考核" in message and message in response.content.decode()
        assert b'data-error="service"' in response.content
        assert written() == before
        assert not ScoreEntry.objects.filter(reverses=ledger["broken"]).exists()

    def test_closing_again_is_refused_with_a_clear_message(self, client, users, campaign):
        closed = close(campaign, users["leader"])
        client.force_login(users["leader"])
        response = client.post(reverse("assessment:close"), {"year": "2026"})
        assert response.status_code == 400
        assert "already closed" in response.content.decode()
        campaign.refresh_from_db()
        assert campaign.assessment_closed_at == closed.assessment_closed_at
        assert AuditEvent.objects.filter(action="assessment_close").count() == 1

    def test_the_pages_show_the_closed_state_and_hide_the_actions(
        self, client, users, ledger, campaign
    ):
        client.force_login(users["leader"])
        table = client.get(reverse("assessment:table")).content
        assert b'data-state="open"' in table and b'data-action="close"' in table
        close(campaign, users["leader"])
        table = client.get(reverse("assessment:table")).content
        assert b'data-state="closed"' in table and b'data-action="close"' not in table
        entries = client.get(reverse("assessment:entries")).content
        assert b'data-state="closed"' in entries and b'data-action="reverse"' not in entries
        page = client.get(reverse("assessment:close"))
        assert b'data-form="close"' not in page.content
        form = client.get(reverse_url(ledger["broken"]))
        assert b'data-form="reverse"' not in form.content

    def test_only_a_leader_closes(self, client, users, campaign):
        for role in ("clerk", "staff_a", "head_a", "reviewer", "admin"):
            client.force_login(users[role])
            assert client.post(reverse("assessment:close"), {"year": "2026"}).status_code == 403
        with pytest.raises(Forbidden):
            services.assessment_close(campaign=campaign, user=users["clerk"])
        campaign.refresh_from_db()
        assert not campaign.assessment_is_closed

    def test_each_campaign_closes_on_its_own(self, client, users, campaign):
        from tests.factories import CampaignFactory

        older = CampaignFactory(year=2025)
        client.force_login(users["leader"])
        client.post(reverse("assessment:close") + "?year=2025", {"year": "2025"})
        older.refresh_from_db()
        campaign.refresh_from_db()
        assert older.assessment_is_closed and not campaign.assessment_is_closed
        assert older.assessment_closed_at <= timezone.now()
