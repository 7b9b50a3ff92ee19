"""The campaign plan: filed with text and/or a PDF/DOCX, signed, accepted or returned."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from efficiency_center.errors import DomainError, Forbidden
from efficiency_center.notifications import Notification
from efficiency_center.review import State
from efficiency_center.uploads import attachments_of
from efficiency_center.workflow import StateChange
from practice_projects import services
from practice_projects.models import CampaignPlan
from tests.practice_projects.factories import act

pytestmark = pytest.mark.django_db

CREATE = reverse("practice_projects:plan_create")


def post_plan(client, **data):
    payload = {"title": "活动方案", "doc_number": "金发〔2026〕3号", "text": "", **data}
    return client.post(CREATE, payload)


class TestFiling:
    def test_staff_files_a_plan_as_text(self, client, campaign, users):
        client.force_login(users["staff_a"])
        response = post_plan(client, text="一、指导思想")
        plan = CampaignPlan.objects.get()
        assert response.status_code == 302 and response.url == plan.get_absolute_url()
        assert (plan.department, plan.campaign, plan.state) == (
            users["staff_a"].department,
            campaign,
            State.DRAFT,
        )
        assert plan.doc_number == "金发〔2026〕3号"
        assert StateChange.objects.get().action == "create"

    def test_a_pdf_alone_is_enough(self, client, campaign, users, pdf_bytes):
        client.force_login(users["staff_a"])
        response = post_plan(client, file=SimpleUploadedFile("方案.pdf", pdf_bytes))
        assert response.status_code == 302
        attachment = attachments_of(CampaignPlan.objects.get()).get()
        assert attachment.kind == "pdf" and attachment.original_name == "方案.pdf"

    def test_neither_text_nor_file_is_refused(self, client, campaign, users):
        client.force_login(users["staff_a"])
        response = post_plan(client, text="   ")
        assert response.status_code == 400
        assert response.context["form"].has_error("__all__", "no_content")
        assert not CampaignPlan.objects.exists()

    @pytest.mark.parametrize("name", ["方案.png", "方案.pdf"])
    def test_an_image_is_not_a_plan_whatever_its_name(
        self, client, campaign, users, png_bytes, name
    ):
        client.force_login(users["staff_a"])
        response = post_plan(client, text="正文", file=SimpleUploadedFile(name, png_bytes))
        assert response.status_code == 400
        assert response.context["form"].has_error("file", "bad_type")
        assert not CampaignPlan.objects.exists()

    def test_a_too_big_file_is_refused(self, pdf_bytes):
        from practice_projects.forms import PlanForm

        form = PlanForm(
            {"title": "t", "doc_number": "n", "text": "x"},
            {"file": SimpleUploadedFile("方案.pdf", pdf_bytes)},
        )
        form.fields["file"].max_bytes = 10
        assert not form.is_valid() and form.has_error("file", "too_big")

    def test_missing_document_number_is_refused(self, client, campaign, users):
        client.force_login(users["staff_a"])
        response = post_plan(client, text="正文", doc_number="")
        assert response.context["form"].has_error("doc_number", "required")
        assert not CampaignPlan.objects.exists()

    def test_one_plan_per_unit_and_campaign(self, client, campaign, users):
        client.force_login(users["staff_a"])
        post_plan(client, text="一")
        plan = CampaignPlan.objects.get()
        assert client.get(CREATE).url == plan.get_absolute_url()
        with pytest.raises(DomainError):
            services.plan_create(
                campaign=campaign,
                department=plan.department,
                user=users["staff_a"],
                title="又一个",
                doc_number="x",
                text="二",
            )
        assert CampaignPlan.objects.count() == 1

    def test_only_the_units_own_people_file_it(self, campaign, users, dept_a):
        with pytest.raises(Forbidden):
            services.plan_create(
                campaign=campaign,
                department=dept_a,
                user=users["staff_b"],
                title="t",
                doc_number="n",
                text="x",
            )
        assert not CampaignPlan.objects.exists()


class TestReview:
    @pytest.fixture
    def plan(self, campaign, users, dept_a):
        return services.plan_create(
            campaign=campaign,
            department=dept_a,
            user=users["staff_a"],
            title="方案",
            doc_number="1号",
            text="正文",
        )

    def test_head_signs_clerk_returns_then_accepts(self, plan, users):
        act(plan, "submit", users["head_a"])
        assert plan.state == State.SUBMITTED and plan.filed_at
        first_filed = plan.filed_at
        with pytest.raises(DomainError):
            act(plan, "return", users["clerk"], "")
        act(plan, "return", users["clerk"], "请补充保障措施")
        assert plan.state == State.RETURNED
        act(plan, "submit", users["head_a"])
        act(plan, "approve", users["clerk"])
        assert plan.state == State.APPROVED and not plan.is_public
        assert plan.filed_at == first_filed  # the first sign-off counts for the deadline
        with pytest.raises(DomainError):
            act(plan, "publish", users["clerk"])
        actions = list(StateChange.objects.values_list("action", flat=True))
        assert actions == ["create", "submit", "return", "submit", "approve"]

    def test_the_clerks_hear_of_a_submission_and_the_unit_of_a_return(self, plan, users):
        act(plan, "submit", users["head_a"])
        assert Notification.objects.filter(recipient=users["clerk"]).count() == 1
        act(plan, "return", users["clerk"], "请补充")
        returned = Notification.objects.filter(recipient__in=[users["staff_a"], users["head_a"]])
        assert returned.count() == 2 and "请补充" in returned.first().verb

    def test_review_buttons_come_from_the_workflow(self, client, plan, users):
        client.force_login(users["head_a"])
        page = client.get(plan.get_absolute_url()).content.decode()
        assert 'data-action="submit"' in page and 'data-action="approve"' not in page
        act(plan, "submit", users["head_a"])
        act(plan, "approve", users["clerk"])
        client.force_login(users["clerk"])
        page = client.get(plan.get_absolute_url()).content.decode()
        assert 'data-action="publish"' not in page  # accepted plans are not published

    def test_the_action_view_refuses_a_wrong_role_and_changes_nothing(self, client, plan, users):
        client.force_login(users["staff_a"])
        response = client.post(
            reverse("practice_projects:plan_act", args=[plan.pk]),
            {"action": "submit", "version": plan.version},
        )
        assert response.status_code == 403
        plan.refresh_from_db()
        assert plan.state == State.DRAFT and plan.version == 1

    def test_a_stale_edit_is_refused_and_the_input_kept(self, client, plan, users):
        url = reverse("practice_projects:plan_edit", args=[plan.pk])
        client.force_login(users["head_a"])
        client.post(
            url, {"title": "负责人的修改", "doc_number": "1号", "text": "正文", "version": 1}
        )
        client.force_login(users["staff_a"])
        response = client.post(
            url, {"title": "经办人的修改", "doc_number": "1号", "text": "正文", "version": 1}
        )
        assert response.status_code == 409
        assert "经办人的修改" in response.content.decode()
        assert response.context["form"].non_field_errors()
        plan.refresh_from_db()
        assert plan.title == "负责人的修改" and plan.version == 2

    def test_editing_adds_a_file_and_keeps_the_earlier_one(self, client, plan, users, pdf_bytes):
        url = reverse("practice_projects:plan_edit", args=[plan.pk])
        client.force_login(users["staff_a"])
        for n in (1, 2):
            plan.refresh_from_db()
            client.post(
                url,
                {
                    "title": "方案",
                    "doc_number": "1号",
                    "text": "",
                    "version": plan.version,
                    "file": SimpleUploadedFile(f"v{n}.pdf", pdf_bytes),
                },
            )
        assert attachments_of(plan).count() == 2
