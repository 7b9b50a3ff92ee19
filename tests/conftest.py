import pytest

from efficiency_center.celery import app as celery_app
from tests.factories import CampaignFactory, CenterUserFactory, DepartmentFactory, UserFactory


@pytest.fixture(autouse=True)
def _eager_celery():
    """Unit tests run tasks inline; the integration test talks to a real worker instead."""
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = False


@pytest.fixture
def campaign(db):
    return CampaignFactory()


@pytest.fixture
def dept_a(db):
    return DepartmentFactory(code="A01", name="县甲局", short_name="甲局")


@pytest.fixture
def dept_b(db):
    return DepartmentFactory(code="B01", name="县乙局", short_name="乙局")


@pytest.fixture
def sub_of_a(dept_a):
    return DepartmentFactory(
        code="A01S", name="县甲局第一所", short_name="甲局一所", kind="station", supervisor=dept_a
    )


@pytest.fixture
def users(dept_a, dept_b, sub_of_a):
    """One user per role; unit users of A, B and A's sub-unit."""
    return {
        "staff_a": UserFactory(username="staff_a", role="staff", department=dept_a),
        "head_a": UserFactory(username="head_a", role="head", department=dept_a),
        "staff_b": UserFactory(username="staff_b", role="staff", department=dept_b),
        "head_b": UserFactory(username="head_b", role="head", department=dept_b),
        "staff_sub": UserFactory(username="staff_sub", role="staff", department=sub_of_a),
        "head_sub": UserFactory(username="head_sub", role="head", department=sub_of_a),
        "clerk": CenterUserFactory(username="clerk", role="clerk"),
        "leader": CenterUserFactory(username="leader", role="leader"),
        "reviewer": CenterUserFactory(username="reviewer", role="reviewer"),
        "admin": CenterUserFactory(
            username="admin", role="admin", is_superuser=True, is_staff=True
        ),
    }
