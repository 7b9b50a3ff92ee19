from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from efficiency_center import notifications
from efficiency_center.notifications import Notification
from efficiency_center.tasks import remind_calendar_schedule, sweep_notification_outbox


@pytest.mark.django_db(transaction=True)
def test_notify_writes_rows_and_emails_once_after_commit(users):
    from django.db import transaction

    with transaction.atomic():
        notifications.notify([users["staff_a"], users["head_a"]], "您的公开承诺已被退回")
        assert Notification.objects.count() == 2
        assert len(mail.outbox) == 0  # nothing leaves before the commit
    assert len(mail.outbox) == 2
    assert all(n.emailed_at for n in Notification.objects.all())
    # Running delivery again sends nothing more: a row is emailed once.
    notifications.deliver(list(Notification.objects.values_list("pk", flat=True)))
    assert len(mail.outbox) == 2


@pytest.mark.django_db(transaction=True)
def test_rolled_back_notification_is_neither_stored_nor_sent(users):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        notifications.notify([users["staff_a"]], "不会发出")
        raise RuntimeError
    assert not Notification.objects.exists() and not mail.outbox


@pytest.mark.django_db
def test_sweeper_sends_what_the_outbox_still_holds(users, monkeypatch):
    monkeypatch.setattr(notifications, "enqueue_delivery", lambda ids: None)  # broker was down
    notifications.notify([users["staff_a"]], "补发测试")
    Notification.objects.update(created_at=timezone.now() - timedelta(minutes=10))
    assert sweep_notification_outbox.delay().get() == 1
    assert len(mail.outbox) == 1 and "补发测试" in mail.outbox[0].subject


@pytest.mark.django_db
def test_unread_count_in_navigation_and_mark_read(client, users):
    notifications.notify([users["staff_a"]], "请于3月20日前报送活动方案")
    notifications.notify([users["staff_b"]], "别人的通知")
    client.force_login(users["staff_a"])
    page = client.get(reverse("notification_list")).content.decode()
    assert "请于3月20日前报送活动方案" in page and "别人的通知" not in page
    assert 'text-bg-warning" aria-label="未读">1<' in page
    client.post(reverse("notification_mark_read"))
    assert notifications.unread_count(users["staff_a"]) == 0
    assert notifications.unread_count(users["staff_b"]) == 1


@pytest.mark.django_db
def test_cannot_mark_someone_elses_notification(client, users):
    (other,) = notifications.notify([users["staff_b"]], "乙局的通知")
    client.force_login(users["staff_a"])
    client.post(reverse("notification_mark_read"), {"id": other.pk})
    other.refresh_from_db()
    assert other.read_at is None


@pytest.mark.django_db
def test_calendar_reminder_reaches_admins_once(users):
    assert remind_calendar_schedule.delay("2026-11-01").get() == 1
    assert remind_calendar_schedule.delay("2026-11-15").get() == 0
    assert Notification.objects.filter(recipient=users["admin"]).count() == 1


@pytest.mark.django_db
def test_once_key_notifies_each_user_once(users):
    first = notifications.notify(
        [users["staff_a"]], "请报送一季度实绩", once_key="q1-reminder:A01:2026-03-13"
    )
    again = notifications.notify(
        [users["staff_a"], users["head_a"]],
        "请报送一季度实绩",
        once_key="q1-reminder:A01:2026-03-13",
    )
    assert len(first) == 1 and [n.recipient for n in again] == [users["head_a"]]
    assert Notification.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_dated_notifications_written_without_email(users):
    from django.db import transaction

    at = timezone.now() - timedelta(days=200)
    with transaction.atomic(), notifications.without_email():
        notifications.notify([users["staff_a"]], "三月份的退回", at=at)
    row = Notification.objects.get()
    assert row.created_at == at and row.emailed_at == at and row.read_at is None
    assert len(mail.outbox) == 0 and notifications.pending_ids(timedelta(0)) == []
    notifications.notify([users["staff_a"]], "今天的提醒")
    assert len(mail.outbox) == 1  # outside the block, mail goes out again
