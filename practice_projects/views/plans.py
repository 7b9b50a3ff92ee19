"""The unit's campaign plan (活动方案)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from efficiency_center.review import ReviewError, StaleVersionError
from efficiency_center.uploads import attachments_of

from .. import selectors, services
from ..forms import PlanForm
from ..models import CampaignPlan
from ._helpers import (
    require_editable,
    require_unit_user,
    review_context,
    run_action,
    running_campaign,
    show_error,
)


def _plan(request, pk):
    return get_object_or_404(selectors.internal_docs(CampaignPlan, request.user), pk=pk)


def _render_form(request, form, plan=None, status=200):
    return render(
        request, "practice_projects/plan_form.html", {"form": form, "plan": plan}, status=status
    )


@login_required
def plan_create(request):
    require_unit_user(request.user)
    campaign = running_campaign()
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
        try:
            plan = services.plan_create(
                campaign=campaign,
                department=request.user.department,
                user=request.user,
                title=data["title"],
                doc_number=data["doc_number"],
                text=data["text"],
                file=data["file"],
            )
        except (ValidationError, ReviewError) as error:
            show_error(form, error)
        else:
            messages.success(request, _("The plan was saved as a draft."))
            return redirect(plan)
    return _render_form(request, form)


@login_required
def plan_detail(request, pk):
    plan = _plan(request, pk)
    return render(request, "practice_projects/plan_detail.html", review_context(plan, request.user))


@login_required
def plan_edit(request, pk):
    plan = _plan(request, pk)
    require_editable(request.user, plan)
    has_file = attachments_of(plan).exists()
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
        has_file=has_file,
        require_version=True,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.plan_update(
                plan=plan,
                user=request.user,
                expected_version=data["version"],
                title=data["title"],
                doc_number=data["doc_number"],
                text=data["text"],
                file=data["file"],
            )
        except StaleVersionError as error:
            show_error(form, error)
            return _render_form(request, form, plan, status=409)
        except (ValidationError, ReviewError) as error:
            show_error(form, error)
        else:
            messages.success(request, _("The plan was saved."))
            return redirect(plan)
    return _render_form(request, form, plan)


@login_required
@require_POST
def plan_act(request, pk):
    return run_action(request, _plan(request, pk), services.plan_transition, "plan")
