import pytest

from efficiency_center.models import Department
from efficiency_center.review import State
from pledges import services
from pledges.models import Pledge, PledgeItem
from tests.factories import UserFactory
from tests.pledges.factories import PUBLICATION_DATE, act, submit_and_publish


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def draft_a(campaign, users):
    """县甲局's pledge, started from the reference text by its staff."""
    return services.pledge_start(user=users["staff_a"], campaign=campaign)


@pytest.fixture
def draft_sub(campaign, users):
    return services.pledge_start(user=users["staff_sub"], campaign=campaign)


@pytest.fixture
def submitted_a(draft_a, users):
    return act(draft_a, users["head_a"], "submit")


@pytest.fixture
def published_a(draft_a, users):
    return submit_and_publish(draft_a, users)


@pytest.fixture
def published_b(campaign, users):
    pledge = services.pledge_start(user=users["staff_b"], campaign=campaign)
    return submit_and_publish(pledge, users, head="head_b")


@pytest.fixture
def many_pledges(campaign):
    """`n` published pledges of `n` key departments, six items each, in bulk."""

    def make(n):
        units = Department.objects.bulk_create(
            Department(code=f"M{i:04d}", name=f"县批量局{i}", short_name=f"批量{i}", kind="key")
            for i in range(n)
        )
        author = UserFactory(username="bulk_author", role="staff", department=units[0])
        pledges = Pledge.objects.bulk_create(
            Pledge(
                campaign=campaign,
                department=unit,
                state=State.PUBLISHED,
                channel="tv_studio",
                publication_date=PUBLICATION_DATE,
                created_by=author,
            )
            for unit in units
        )
        PledgeItem.objects.bulk_create(
            PledgeItem(pledge=p, position=k, text=f"承诺事项{k}：服务提速", focus_area="service")
            for p in pledges
            for k in range(1, 7)
        )
        return pledges

    return make
