import pytest

from efficiency_center.permissions import can_edit_record, can_view_record, scope_for_user
from tests.workflow_app.models import Memo


@pytest.fixture
def memos(dept_a, dept_b, sub_of_a):
    return {
        "a": Memo.objects.create(department=dept_a, title="甲"),
        "b": Memo.objects.create(department=dept_b, title="乙"),
        "sub": Memo.objects.create(department=sub_of_a, title="甲所"),
    }


READS = {
    "staff_a": {"a"},
    "head_a": {"a", "sub"},
    "staff_b": {"b"},
    "head_b": {"b"},
    "staff_sub": {"sub"},
    "head_sub": {"sub"},
    "clerk": {"a", "b", "sub"},
    "leader": {"a", "b", "sub"},
    "admin": {"a", "b", "sub"},
    "reviewer": set(),
}


@pytest.mark.django_db
@pytest.mark.parametrize("username", READS)
def test_access_matrix(users, memos, username):
    user = users[username]
    visible = {key for key, memo in memos.items() if can_view_record(user, memo)}
    assert visible == READS[username]
    scoped = set(scope_for_user(Memo.objects.all(), user).values_list("title", flat=True))
    assert scoped == {memos[key].title for key in READS[username]}


@pytest.mark.django_db
def test_only_own_unit_edits_and_heads_only_read_sub_units(users, memos):
    assert can_edit_record(users["staff_a"], memos["a"])
    assert not can_edit_record(users["head_a"], memos["sub"])
    assert not can_edit_record(users["clerk"], memos["a"])
    assert not can_edit_record(users["staff_b"], memos["a"])
    memos["a"].state = "submitted"
    assert not can_edit_record(users["staff_a"], memos["a"])


@pytest.mark.django_db
def test_public_sees_only_published(users, memos):
    from django.contrib.auth.models import AnonymousUser

    assert not can_view_record(AnonymousUser(), memos["a"])
    memos["a"].state = "published"
    assert can_view_record(AnonymousUser(), memos["a"])
    assert can_view_record(users["staff_b"], memos["a"])
