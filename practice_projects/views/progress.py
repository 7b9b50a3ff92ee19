"""Quarterly progress reports (进展报告表) and the completion summary."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from efficiency_center.documents import pdf_response, render_pdf
from efficiency_center.permissions import can_edit_record, own_unit
from efficiency_center.shortcuts import cleaned, form_status, refusals_onto

from .. import selectors, services
from ..deadlines import completion_open, open_quarters
from ..forms import (
    CompletionForm,
    MilestoneEntryFormSet,
    ProgressForm,
    RatingForm,
    TargetEntryFormSet,
    plain,
)
from ..models import CompletionReport, Milestone, ProgressReport, Target
from ._helpers import document_page, take_step


def _label_rows(formset, items, id_field):
    """Pair each entry form with its milestone or target (by the id it carries)."""
    by_id = {item.pk: item for item in items}
    rows = []
    for form in formset.forms:
        try:
            item = by_id.get(int(form[id_field].value()))
        except (TypeError, ValueError):
            item = None
        rows.append((form, item))
    return rows


def _forms(request, filing, report=None):
    data, files = request.POST or None, request.FILES or None
    milestones = list(Milestone.objects.filter(filing=filing))
    targets = list(Target.objects.filter(filing=filing))
    if report is None:
        ms_initial = [
            {"milestone_id": m.pk, "status": m.status, "percent": m.percent} for m in milestones
        ]
        tg_initial = [{"target_id": t.pk, "value": plain(t.current_value)} for t in targets]
        initial = {}
    else:
        ms_initial = [
            {"milestone_id": e.milestone_id, "status": e.status, "percent": e.percent}
            for e in report.milestone_entries.all()
        ]
        tg_initial = [
            {"target_id": e.target_id, "value": plain(e.value)} for e in report.target_entries.all()
        ]
        initial = {
            "work_done": report.work_done,
            "problems": report.problems,
            "next_steps": report.next_steps,
            "version": report.version,
        }
    form = ProgressForm(data, files, initial=initial, require_version=report is not None)
    ms_set = MilestoneEntryFormSet(data, prefix="ms", initial=ms_initial)
    tg_set = TargetEntryFormSet(data, prefix="tg", initial=tg_initial)
    return form, ms_set, tg_set, milestones, targets


def _save(request, forms, **kwargs):
    """Save the valid forms through the service; returns the report, or None when a form is
    invalid or the service refused (the errors are on the forms)."""
    form, ms_set, tg_set = forms[:3]
    if not all([form.is_valid(), ms_set.is_valid(), tg_set.is_valid()]):
        return None
    data = form.cleaned_data
    with refusals_onto(form):
        return services.progress_report_save(
            user=request.user,
            work_done=data["work_done"],
            problems=data["problems"],
            next_steps=data["next_steps"],
            files=data["files"],
            milestone_entries=[f.cleaned_data for f in ms_set.forms],
            target_entries=[f.cleaned_data for f in tg_set.forms],
            expected_version=data.get("version"),
            **kwargs,
        )
    return None


def _render_form(request, forms, *, project, quarter, report=None):
    form, ms_set, tg_set, milestones, targets = forms
    return render(
        request,
        "practice_projects/progress_form.html",
        {
            "form": form,
            "ms_set": ms_set,
            "tg_set": tg_set,
            "ms_rows": _label_rows(ms_set, milestones, "milestone_id"),
            "tg_rows": _label_rows(tg_set, targets, "target_id"),
            "project": project,
            "quarter": quarter,
            "report": report,
        },
        status=form_status(form, ms_set, tg_set),
    )


def _own_project(request, pk):
    project = get_object_or_404(selectors.internal_projects(request.user), pk=pk)
    if not own_unit(request.user, project):
        raise PermissionDenied
    return project


@login_required
def progress_create(request, pk, quarter):
    project = _own_project(request, pk)
    existing = ProgressReport.objects.filter(project=project, quarter=quarter).first()
    if existing is not None:
        return redirect(existing)
    if project.current_id is None:
        messages.error(request, _("Progress can be reported only for an approved project."))
        return redirect(project)
    if quarter not in open_quarters(project.campaign, timezone.localdate()):
        messages.error(request, _("Progress for this quarter cannot be reported yet."))
        return redirect(project)
    forms = _forms(request, project.current)
    if request.method == "POST":
        report = _save(request, forms, project=project, quarter=quarter)
        if report is not None:
            messages.success(request, _("The progress report was saved as a draft."))
            return redirect(report)
    return _render_form(request, forms, project=project, quarter=quarter)


def _report(request, pk):
    return get_object_or_404(selectors.internal_docs(ProgressReport, request.user), pk=pk)


def _entries(report):
    return {
        "milestone_entries": list(report.milestone_entries.select_related("milestone")),
        "target_entries": list(report.target_entries.select_related("target")),
    }


@login_required
def progress_detail(request, pk):
    report = _report(request, pk)
    context = document_page(report, request.user)
    context.update(report=report, **_entries(report))
    return render(request, "practice_projects/progress_detail.html", context)


@login_required
def progress_edit(request, pk):
    report = _report(request, pk)
    if not can_edit_record(request.user, report):
        raise PermissionDenied
    forms = _forms(request, report.filing, report)
    if request.method == "POST":
        saved = _save(request, forms, project=report.project, quarter=report.quarter, report=report)
        if saved is not None:
            messages.success(request, _("The progress report was saved."))
            return redirect(report)
    return _render_form(
        request, forms, project=report.project, quarter=report.quarter, report=report
    )


@login_required
@require_POST
def progress_act(request, pk):
    report = _report(request, pk)
    return take_step(
        request,
        report,
        approve=lambda **fields: services.progress_report_approve(report=report, **fields),
    )


@login_required
def progress_pdf(request, pk):
    report = _report(request, pk)
    pdf = render_pdf(
        "practice_projects/pdf/progress.html",
        {"report": report, **_entries(report)},
        request=request,
    )
    return pdf_response(
        pdf, f"{_('Progress report form')}-{report.filing.name}-Q{report.quarter}.pdf"
    )


# --- completion -----------------------------------------------------------------------------


def _render_completion(request, form, *, project, report=None):
    return render(
        request,
        "practice_projects/completion_form.html",
        {"form": form, "project": project, "report": report},
        status=form_status(form),
    )


@login_required
def completion_create(request, pk):
    project = _own_project(request, pk)
    if CompletionReport.objects.filter(project=project).exists():
        return redirect(project.completion)
    if not completion_open(project, timezone.localdate()):
        messages.error(
            request, _("The completion summary is filed after the campaign's last quarter.")
        )
        return redirect(project)
    form = CompletionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        with refusals_onto(form):
            report = services.completion_save(
                user=request.user,
                project=project,
                summary=form.cleaned_data["summary"],
                files=form.cleaned_data["files"],
            )
            messages.success(request, _("The completion summary was saved as a draft."))
            return redirect(report)
    return _render_completion(request, form, project=project)


def _completion(request, pk):
    return get_object_or_404(selectors.internal_docs(CompletionReport, request.user), pk=pk)


@login_required
def completion_detail(request, pk):
    report = _completion(request, pk)
    context = document_page(report, request.user, {"approve": RatingForm()})
    context["report"] = report
    return render(request, "practice_projects/completion_detail.html", context)


@login_required
def completion_edit(request, pk):
    report = _completion(request, pk)
    if not can_edit_record(request.user, report):
        raise PermissionDenied
    form = CompletionForm(
        request.POST or None,
        request.FILES or None,
        require_version=True,
        initial={"summary": report.summary, "version": report.version},
    )
    if request.method == "POST" and form.is_valid():
        with refusals_onto(form):
            services.completion_save(
                user=request.user,
                project=report.project,
                report=report,
                summary=form.cleaned_data["summary"],
                files=form.cleaned_data["files"],
                expected_version=form.cleaned_data["version"],
            )
            messages.success(request, _("The completion summary was saved."))
            return redirect(report)
    return _render_completion(request, form, project=report.project, report=report)


@login_required
@require_POST
def completion_act(request, pk):
    report = _completion(request, pk)

    def approve(**fields):
        rating = cleaned(RatingForm(request.POST), record=report)["rating"]
        services.completion_approve(report=report, rating=rating, **fields)

    return take_step(request, report, approve=approve)
