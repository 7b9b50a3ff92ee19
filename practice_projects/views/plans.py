"""The unit's campaign plan (活动方案)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from efficiency_center.models import Campaign
from efficiency_center.permissions import can_edit_record, role_required
from efficiency_center.shortcuts import form_status, refusals_onto
from efficiency_center.uploads import attachments_of

from .. import selectors, services
from ..forms import PlanForm
from ..models import CampaignPlan
from ._helpers import document_page, take_step


def _plan(request, pk):
    return get_object_or_404(selectors.internal_docs(CampaignPlan, request.user), pk=pk)


def _render_form(request, form, plan=None):
    return render(
        request,
        "practice_projects/plan_form.html",
        {"form": form, "plan": plan},
        status=form_status(form),
    )


@role_required("staff", "head")
def plan_create(request):
    campaign = Campaign.objects.running()
    if campaign is None:
        messages.error(request, _("No campaign is running."))
        return redirect("practice_projects:mine")
    existing = CampaignPlan.objects.filter(
        campaign=campaign, department_id=request.user.department_id
    ).first()
    if existing is not None:
        return redirect(existing)
    form = PlanForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with refusals_onto(form):
            plan = services.plan_create(
                campaign=campaign,
                department=request.user.department,
                user=request.user,
                title=data["title"],
                doc_number=data["doc_number"],
                text=data["text"],
                file=data["file"],
            )
            messages.success(request, _("The plan was saved as a draft."))
            return redirect(plan)
    return _render_form(request, form)


@login_required
def plan_detail(request, pk):
    plan = _plan(request, pk)
    context = document_page(plan, request.user)
    return render(request, "practice_projects/plan_detail.html", context)


@login_required
def plan_edit(request, pk):
    plan = _plan(request, pk)
    if not can_edit_record(request.user, plan):
        raise PermissionDenied
    initial = {
        "title": plan.title,
        "doc_number": plan.doc_number,
        "text": plan.text,
        "version": plan.version,
    }
    form = PlanForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        has_file=attachments_of(plan).exists(),
        require_version=True,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with refusals_onto(form):
            services.plan_update(
                plan=plan,
                user=request.user,
                expected_version=data["version"],
                title=data["title"],
                doc_number=data["doc_number"],
                text=data["text"],
                file=data["file"],
            )
            messages.success(request, _("The plan was saved."))
            return redirect(plan)
    return _render_form(request, form, plan)


@login_required
@require_POST
def plan_act(request, pk):
    return take_step(request, _plan(request, pk))
