"""Quarterly fulfilment reports: the unit writes them, the center reviews them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from efficiency_center.forms import StepForm
from efficiency_center.permissions import can_edit_record, own_unit, role_required
from efficiency_center.review import document_step
from efficiency_center.shortcuts import campaign_from, cleaned, form_status, refusals_onto
from efficiency_center.workflow import buttons

from .. import selectors, services
from ..forms import FulfilmentEntryForm, StartReportForm, VersionForm
from .work import step_done


@login_required
@require_POST
def fulfilment_start(request, pk):
    pledge = selectors.pledge_for_user(request.user, pk)
    quarter = cleaned(StartReportForm(request.POST), record=pledge)["quarter"]
    report = services.fulfilment_start(pledge=pledge, quarter=quarter, user=request.user)
    return redirect("pledges:fulfilment_edit", pk=report.pk)


@login_required
def fulfilment_detail(request, pk):
    report = selectors.report_for_user(request.user, pk)
    context = {
        "report": report,
        **selectors.report_page(report),
        "buttons": buttons(report, request.user),
        "can_edit": can_edit_record(request.user, report),
    }
    return render(request, "pledges/fulfilment_detail.html", context)


@login_required
def fulfilment_edit(request, pk):
    user = request.user
    report = selectors.report_for_user(user, pk)
    if not can_edit_record(user, report):
        if own_unit(user, report):
            messages.warning(request, _("This report can no longer be edited."))
            return redirect(report)
        raise PermissionDenied
    page = selectors.report_page(report)
    data = (request.POST, request.FILES) if request.method == "POST" else ()
    forms = [FulfilmentEntryForm(*data, entry=entry) for entry in page["entries"]]
    version_form = VersionForm(*data[:1], initial={"version": report.version})
    if request.method == "POST" and version_form.is_valid() and all(f.is_valid() for f in forms):
        entries = [
            services.EntryData(
                id=form.entry.pk,
                text=form.cleaned_data["text"],
                files=tuple(form.cleaned_data["evidence"]),
                remove_attachment_ids=tuple(form.cleaned_data["remove"]),
            )
            for form in forms
        ]
        with refusals_onto(version_form):
            services.fulfilment_save(
                report=report,
                user=user,
                expected_version=version_form.cleaned_data["version"],
                entries=entries,
            )
            messages.success(request, _("The report was saved."))
            return redirect(report)
    context = {
        "report": report,
        "forms": forms,
        "version_form": version_form,
        "last_return": page["last_return"],
    }
    return render(
        request, "pledges/fulfilment_edit.html", context, status=form_status(version_form, *forms)
    )


@login_required
@require_POST
def fulfilment_act(request, pk):
    user = request.user
    report = selectors.report_for_user(user, pk)
    data = cleaned(StepForm(request.POST), record=report)
    action = data["action"]
    if action == "approve":
        services.fulfilment_accept(
            report=report, user=user, expected_version=data["version"], comment=data["comment"]
        )
    else:
        document_step(
            document=report,
            user=user,
            action=action,
            expected_version=data["version"],
            comment=data["comment"],
        )
    messages.success(request, step_done(report, action))
    return redirect(report)


@role_required("clerk", "leader", "admin")
def fulfilment_overview(request):
    """Which units have (not) reported their fulfilment, per quarter."""
    campaign = campaign_from(request, required=False)
    quarter = request.GET.get("quarter", "")
    quarter = int(quarter) if quarter in ("1", "2", "3", "4") else None
    table = (
        selectors.fulfilment_table(campaign, today=timezone.localdate(), quarter=quarter)
        if campaign
        else None
    )
    return render(
        request,
        "pledges/fulfilment_overview.html",
        {"campaign": campaign, "table": table, "quarter": quarter},
    )
