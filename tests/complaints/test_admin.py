"""The complaints in Django's admin: read-only for everyone, the complainant not registered."""

import pytest
from django.contrib import admin
from django.urls import reverse

from complaints.models import (
    Accountability,
    CaseNote,
    Complainant,
    Complaint,
    Extension,
    FollowUp,
    Reply,
    TypicalCase,
)
from tests.complaints.factories import (
    REAL_NAME,
    REAL_PHONE,
    CaseNoteFactory,
    ComplaintFactory,
    FollowUpFactory,
    TypicalCaseFactory,
)

pytestmark = pytest.mark.django_db

READ_ONLY = [Complaint, Reply, CaseNote, Extension, FollowUp, Accountability, TypicalCase]


def test_the_complainant_is_not_in_the_admin():
    assert not admin.site.is_registered(Complainant)


@pytest.mark.parametrize("model", READ_ONLY, ids=lambda m: m.__name__)
def test_case_records_are_read_only_even_for_a_superuser(rf, users, model):
    assert admin.site.is_registered(model)
    request = rf.get("/")
    request.user = users["admin"]
    model_admin = admin.site._registry[model]
    assert model_admin.has_view_permission(request)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)


@pytest.mark.parametrize("model", READ_ONLY, ids=lambda m: m.__name__)
def test_changelists_load(client, users, model):
    case = ComplaintFactory()
    CaseNoteFactory(complaint=case)
    FollowUpFactory(complaint=case)
    TypicalCaseFactory()
    client.force_login(users["admin"])
    meta = model._meta
    response = client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
    assert response.status_code == 200


def test_complaint_list_search_and_view_show_no_identity(client, users):
    case = ComplaintFactory(number="ADM-0001")
    ComplaintFactory(number="ADM-0002")
    client.force_login(users["admin"])
    changelist = reverse("admin:complaints_complaint_changelist")
    response = client.get(changelist, {"q": "0001"})
    html = response.content.decode()
    assert "ADM-0001" in html and "ADM-0002" not in html
    assert REAL_NAME not in html and REAL_PHONE not in html
    change = client.get(reverse("admin:complaints_complaint_change", args=[case.pk]))
    assert change.status_code == 200
    html = change.content.decode()
    assert "ADM-0001" in html
    assert REAL_NAME not in html and REAL_PHONE not in html
    assert 'name="_save"' not in html  # view only


def test_no_add_change_or_delete_through_the_admin(client, users):
    case = ComplaintFactory(number="ADM-0003", status="registered")
    client.force_login(users["admin"])
    assert client.get(reverse("admin:complaints_complaint_add")).status_code == 403
    response = client.post(
        reverse("admin:complaints_complaint_change", args=[case.pk]), {"status": "closed"}
    )
    assert response.status_code == 403
    delete = reverse("admin:complaints_complaint_delete", args=[case.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    case.refresh_from_db()
    assert case.status == "registered"


@pytest.mark.parametrize("who", ["clerk", "leader", "staff_a", "head_a", "reviewer"])
def test_the_admin_is_for_admins_only(client, users, who):
    client.force_login(users[who])
    response = client.get(reverse("admin:complaints_complaint_changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response.url
