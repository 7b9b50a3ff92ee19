import datetime

import pytest
from django.utils import timezone

from efficiency_center import throttle


@pytest.mark.django_db
class TestThrottle:
    def test_limit_per_address_and_scope(self):
        for _ in range(3):
            assert not throttle.exceeded("file", "10.0.0.1", limit=3)
            throttle.hit("file", "10.0.0.1")
        assert throttle.exceeded("file", "10.0.0.1", limit=3)
        assert not throttle.exceeded("file", "10.0.0.2", limit=3)
        assert not throttle.exceeded("query", "10.0.0.1", limit=3)

    def test_old_hits_fall_out_of_the_window(self):
        for _ in range(3):
            throttle.hit("file", "10.0.0.1")
        throttle.ThrottleHit.objects.update(created_at=timezone.now() - datetime.timedelta(hours=2))
        assert not throttle.exceeded("file", "10.0.0.1", limit=3)
        assert throttle.purge(older_than=datetime.timedelta(hours=1)) == 3

    def test_the_address_is_not_stored_in_clear(self):
        throttle.hit("file", "192.168.7.7")
        assert "192.168.7.7" not in throttle.ThrottleHit.objects.get().key_digest


@pytest.mark.django_db
def test_the_daily_housekeeping_drops_old_hits():
    from efficiency_center.tasks import purge_audit_log
    from efficiency_center.throttle import ThrottleHit

    throttle.hit("file", "10.0.0.1")
    throttle.hit("file", "10.0.0.2")
    ThrottleHit.objects.filter(pk=ThrottleHit.objects.first().pk).update(
        created_at=timezone.now() - datetime.timedelta(days=3)
    )
    purge_audit_log()
    assert ThrottleHit.objects.count() == 1
