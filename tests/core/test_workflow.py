import datetime
import threading

import pytest
from django.db import connection
from django.utils import timezone

from efficiency_center.audit import AuditEvent
from efficiency_center.errors import DomainError, Forbidden, Invalid, StaleVersionError
from efficiency_center.notifications import Notification
from efficiency_center.review import State
from efficiency_center.workflow import StateChange, allowed_actions, history, step, update
from tests.workflow_app.models import Memo


@pytest.fixture
def memo(dept_a):
    return Memo.objects.create(department=dept_a, title="方案")


@pytest.fixture
def sub_memo(sub_of_a):
    return Memo.objects.create(department=sub_of_a, title="所方案")


def act(doc, action, user, comment="", **kwargs):
    doc.refresh_from_db()
    return step(doc, action, actor=user, expected_version=doc.version, comment=comment, **kwargs)


def save_draft(doc, *, expected_version, fields):
    return update(doc, expected_version=expected_version, fields=fields)


@pytest.mark.django_db
class TestKeyDepartmentPath:
    def test_full_path_is_recorded(self, memo, users):
        act(memo, "submit", users["head_a"])
        assert memo.state == State.SUBMITTED and memo.submitted_at
        act(memo, "return", users["clerk"], "请补充量化指标")
        assert memo.state == State.RETURNED
        act(memo, "submit", users["head_a"])
        act(memo, "approve", users["clerk"])
        act(memo, "publish", users["clerk"])
        memo.refresh_from_db()
        assert memo.state == State.PUBLISHED and memo.is_public and memo.published_at
        rows = list(
            history(memo).values_list("action", "from_state", "to_state", "actor__username")
        )
        assert rows == [
            ("submit", "draft", "submitted", "head_a"),
            ("return", "submitted", "returned", "clerk"),
            ("submit", "returned", "submitted", "head_a"),
            ("approve", "submitted", "approved", "clerk"),
            ("publish", "approved", "published", "clerk"),
        ]
        assert history(memo)[1].comment == "请补充量化指标"

    @pytest.mark.parametrize(
        "username,action",
        [
            ("staff_a", "submit"),
            ("head_b", "submit"),
            ("clerk", "submit"),
            ("leader", "submit"),
            ("head_a", "approve"),
        ],
    )
    def test_wrong_role_is_refused_and_nothing_changes(self, memo, users, username, action):
        with pytest.raises(DomainError):
            act(memo, action, users[username])
        memo.refresh_from_db()
        assert memo.state == State.DRAFT and memo.version == 1
        assert not StateChange.objects.exists()

    def test_clerk_cannot_approve_a_draft(self, memo, users):
        with pytest.raises(DomainError):
            act(memo, "approve", users["clerk"])

    def test_return_needs_a_comment(self, memo, users):
        act(memo, "submit", users["head_a"])
        with pytest.raises(DomainError):
            act(memo, "return", users["clerk"], "  ")
        memo.refresh_from_db()
        assert memo.state == State.SUBMITTED

    def test_allowed_actions_per_role(self, memo, users):
        assert allowed_actions(memo, users["head_a"]) == ["submit"]
        assert allowed_actions(memo, users["staff_a"]) == []
        act(memo, "submit", users["head_a"])
        assert allowed_actions(memo, users["clerk"]) == ["return", "approve"]
        assert allowed_actions(memo, users["head_a"]) == []


@pytest.mark.django_db
class TestSubUnitPath:
    def test_own_head_signs_then_supervisor_endorses(self, sub_memo, users):
        act(sub_memo, "submit", users["head_sub"])
        assert sub_memo.state == State.SIGNED
        with pytest.raises(DomainError):
            act(sub_memo, "approve", users["clerk"])  # not yet at the center
        with pytest.raises(DomainError):
            act(sub_memo, "endorse", users["head_b"])  # not the supervising department
        act(sub_memo, "endorse", users["head_a"])
        assert sub_memo.state == State.SUBMITTED

    def test_supervisor_sends_back_with_comment(self, sub_memo, users):
        act(sub_memo, "submit", users["head_sub"])
        act(sub_memo, "send_back", users["head_a"], "承诺内容过于笼统")
        assert sub_memo.state == State.RETURNED
        # After the edit it goes through both sign-offs again.
        act(sub_memo, "submit", users["head_sub"])
        assert sub_memo.state == State.SIGNED


@pytest.mark.django_db
class TestOptimisticLocking:
    def test_stale_transition_is_refused(self, memo, users):
        stale_version = memo.version
        save_draft(memo, expected_version=stale_version, fields=["title"])
        with pytest.raises(StaleVersionError):
            step(memo, "submit", actor=users["head_a"], expected_version=stale_version)
        memo.refresh_from_db()
        assert memo.state == State.DRAFT

    def test_second_of_two_saves_is_refused_and_the_first_is_kept(self, memo):
        first = Memo.objects.get(pk=memo.pk)
        second = Memo.objects.get(pk=memo.pk)
        first.title = "甲的修改"
        save_draft(first, expected_version=first.version, fields=["title"])
        second.title = "乙的修改"
        with pytest.raises(StaleVersionError) as refused:
            save_draft(second, expected_version=1, fields=["title"])
        assert "重新" in str(refused.value) or "reload" in str(refused.value).lower()
        memo.refresh_from_db()
        assert memo.title == "甲的修改" and memo.version == 2


@pytest.mark.django_db(transaction=True)
def test_concurrent_saves_in_two_connections_one_wins(dept_a):
    memo = Memo.objects.create(department=dept_a, title="原文")
    results = []

    def save(title):
        try:
            doc = Memo.objects.get(pk=memo.pk)
            doc.title = title
            save_draft(doc, expected_version=1, fields=["title"])
            results.append("saved")
        except StaleVersionError:
            results.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(t,)) for t in ("甲", "乙")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["refused", "saved"]
    memo.refresh_from_db()
    assert memo.version == 2 and memo.title in ("甲", "乙")


@pytest.mark.django_db
class TestSignoffQueue:
    def test_head_sees_own_drafts_and_sub_units_signed_documents(self, client, users, dept_b):
        from django.urls import reverse

        own = Memo.objects.create(department=users["head_a"].department, title="本局方案")
        sub = Memo.objects.create(department=users["head_sub"].department, title="所方案")
        act(sub, "submit", users["head_sub"])
        other = Memo.objects.create(department=dept_b, title="乙局方案")
        client.force_login(users["head_a"])
        page = client.get(reverse("signoffs")).content.decode()
        assert f'data-doc="{own.pk}"' in page and f'data-doc="{sub.pk}"' in page
        assert f'data-doc="{other.pk}"' not in page

    @pytest.mark.parametrize("username", ["staff_a", "clerk", "leader"])
    def test_only_heads_open_it(self, client, users, username):
        from django.urls import reverse

        client.force_login(users[username])
        assert client.get(reverse("signoffs")).status_code == 403


@pytest.mark.django_db
class TestWhatTheStepOwns:
    def test_fields_written_with_the_step_are_kept_old_to_new(self, memo, users):
        change = act(memo, "submit", users["head_a"], title="改后的方案")
        assert change.changes["title"] == ["方案", "改后的方案"]
        assert "state" not in change.changes
        assert change.changes["submitted_at"][0] is None
        memo.refresh_from_db()
        assert memo.title == "改后的方案" and memo.version == 2

    def test_the_step_is_dated_at_the_time_given(self, memo, users):
        at = timezone.make_aware(datetime.datetime(2026, 3, 16, 9, 30))
        change = act(memo, "submit", users["head_a"], at=at)
        memo.refresh_from_db()
        assert change.created_at == at and memo.submitted_at == at
        event = AuditEvent.objects.get(action=AuditEvent.Action.STATE_CHANGE)
        assert event.created_at == at and event.user == users["head_a"]
        assert event.detail == "submit: draft → submitted"
        told = Notification.objects.get(recipient=users["clerk"])
        assert told.created_at == at and "县甲局" in told.verb

    def test_the_table_tells_who_acts_next_never_the_actor(self, sub_memo, users):
        act(sub_memo, "submit", users["head_sub"])
        assert list(Notification.objects.values_list("recipient__username", flat=True)) == [
            "head_a"
        ]
        act(sub_memo, "send_back", users["head_a"], "请细化")
        returned = Notification.objects.exclude(recipient__username="head_a")
        assert set(returned.values_list("recipient__username", flat=True)) == {
            "staff_sub",
            "head_sub",
        }

    def test_a_refused_step_writes_nothing(self, memo, users):
        with pytest.raises(Forbidden) as refused:
            act(memo, "approve", users["staff_a"])
        assert refused.value.status == 403
        with pytest.raises(DomainError) as refused:
            act(memo, "approve", users["clerk"])
        assert refused.value.status == 400 and "草稿" in str(refused.value)
        act(memo, "submit", users["head_a"])
        with pytest.raises(Invalid) as refused:
            act(memo, "return", users["clerk"], "  ")
        assert refused.value.errors == {"comment": ["请填写退回意见，说明需要修改的内容。"]}
        assert StateChange.objects.count() == 1
        assert AuditEvent.objects.filter(action=AuditEvent.Action.STATE_CHANGE).count() == 1

    def test_history_labels_come_from_the_table(self, memo, users):
        act(memo, "submit", users["head_a"])
        act(memo, "return", users["clerk"], "补充")
        labels = [(c.label, c.from_label, c.to_label) for c in history(memo)]
        assert labels == [
            ("签发报送", "草稿", "已报送中心"),
            ("中心退回", "已报送中心", "已退回修改"),
        ]

    def test_unknown_action(self, memo, users):
        with pytest.raises(DomainError):
            act(memo, "delete", users["clerk"])
