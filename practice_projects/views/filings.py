"""Project filings (申报表): the unit's projects, filing, editing, review, new versions, PDF."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from efficiency_center.documents import pdf_response, render_pdf
from efficiency_center.models import Campaign
from efficiency_center.permissions import can_edit_record, own_unit, role_required
from efficiency_center.shortcuts import form_status, refusals_onto

from .. import selectors, services
from ..deadlines import completion_open, open_quarters
from ..forms import (
    FilingForm,
    MilestoneFormSet,
    TargetFormSet,
    formset_rows,
    item_initial,
)
from ..models import Milestone, ProjectFiling, Target, UnitIndicator
from ..services.projects import MILESTONE_FIELDS, TARGET_FIELDS
from ._helpers import document_page, take_step


@role_required("staff", "head")
def mine(request):
    campaign = Campaign.objects.running()
    sections = (
        selectors.unit_overview(request.user, campaign, today=timezone.localdate())
        if campaign
        else []
    )
    return render(
        request, "practice_projects/mine.html", {"campaign": campaign, "sections": sections}
    )


def _forms(request, *, campaign, department, filing=None):
    indicator = UnitIndicator.objects.filter(campaign=campaign, department=department).first()
    data, initial = request.POST or None, {}
    targets = milestones = None
    if filing is not None:
        initial = FilingForm.initial_from(filing)
        targets = item_initial(Target.objects.filter(filing=filing), TARGET_FIELDS)
        milestones = item_initial(Milestone.objects.filter(filing=filing), MILESTONE_FIELDS)
    form = FilingForm(
        data,
        campaign=campaign,
        indicator=indicator,
        is_revision=filing is not None and filing.revision > 1,
        require_version=filing is not None,
        initial=initial,
    )
    target_set = TargetFormSet(data, prefix="targets", initial=targets)
    milestone_set = MilestoneFormSet(
        data, prefix="milestones", initial=milestones, form_kwargs={"campaign": campaign}
    )
    return form, target_set, milestone_set


def _valid(*forms):
    return all([f.is_valid() for f in forms])  # a list: every form shows its errors


def _render_form(request, forms, *, campaign, filing=None):
    form, target_set, milestone_set = forms
    return render(
        request,
        "practice_projects/filing_form.html",
        {
            "form": form,
            "target_set": target_set,
            "milestone_set": milestone_set,
            "campaign": campaign,
            "filing": filing,
        },
        status=form_status(*forms),
    )


@role_required("staff", "head")
def project_create(request):
    campaign = Campaign.objects.running()
    if campaign is None:
        messages.error(request, _("No campaign is running."))
        return redirect("practice_projects:mine")
    forms = _forms(request, campaign=campaign, department=request.user.department)
    if request.method == "POST" and _valid(*forms):
        form, target_set, milestone_set = forms
        with refusals_onto(form):
            project = services.project_file(
                campaign=campaign,
                department=request.user.department,
                user=request.user,
                data=form.service_data(),
                targets=formset_rows(target_set),
                milestones=formset_rows(milestone_set),
            )
            messages.success(request, _("The project was saved as a draft."))
            return redirect(project.filings.get())
    return _render_form(request, forms, campaign=campaign)


def _filing(request, pk):
    return get_object_or_404(selectors.internal_docs(ProjectFiling, request.user), pk=pk)


@login_required
def filing_detail(request, pk):
    filing = _filing(request, pk)
    context = document_page(filing, request.user)
    context.update(
        filing=filing,
        targets=list(Target.objects.filter(filing=filing)),
        milestones=list(Milestone.objects.filter(filing=filing)),
        indicator_missing=filing.is_editable and selectors.indicator_missing(filing),
    )
    return render(request, "practice_projects/filing_detail.html", context)


@login_required
def filing_edit(request, pk):
    filing = _filing(request, pk)
    if not can_edit_record(request.user, filing):
        raise PermissionDenied
    campaign = filing.project.campaign
    forms = _forms(request, campaign=campaign, department=filing.department, filing=filing)
    if request.method == "POST" and _valid(*forms):
        form, target_set, milestone_set = forms
        with refusals_onto(form):
            services.filing_update(
                filing=filing,
                user=request.user,
                expected_version=form.cleaned_data["version"],
                data=form.service_data(),
                targets=formset_rows(target_set),
                milestones=formset_rows(milestone_set),
            )
            messages.success(request, _("The filing was saved."))
            return redirect(filing)
    return _render_form(request, forms, campaign=campaign, filing=filing)


@login_required
@require_POST
def filing_act(request, pk):
    filing = _filing(request, pk)
    return take_step(
        request, filing, approve=lambda **fields: services.filing_approve(filing=filing, **fields)
    )


@login_required
def filing_pdf(request, pk):
    filing = _filing(request, pk)
    pdf = render_pdf(
        "practice_projects/pdf/filing.html",
        {
            "filing": filing,
            "targets": list(Target.objects.filter(filing=filing)),
            "milestones": list(Milestone.objects.filter(filing=filing)),
        },
        request=request,
    )
    return pdf_response(pdf, f"{_('Project filing form')}-{filing.name}.pdf")


@login_required
def project_detail(request, pk):
    project = get_object_or_404(selectors.internal_projects(request.user), pk=pk)
    today = timezone.localdate()
    context = selectors.project_overview(project, today=today)
    context["can_write"] = own_unit(request.user, project)
    context["open_quarters"] = open_quarters(project.campaign, today)
    context["completion_open"] = completion_open(project, today)
    return render(request, "practice_projects/project_detail.html", context)


@login_required
@require_POST
def project_revise(request, pk):
    project = get_object_or_404(selectors.internal_projects(request.user), pk=pk)
    revision = services.project_revise(project=project, user=request.user)
    return redirect("practice_projects:filing_edit", revision.pk)
