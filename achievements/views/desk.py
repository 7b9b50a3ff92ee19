"""The clerk's desk: who filed what, the quarter's export, the import of emailed reports."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from efficiency_center.audit import AuditEvent, audit
from efficiency_center.documents import xlsx_streaming_response
from efficiency_center.permissions import role_required
from efficiency_center.shortcuts import campaign_from, form_status, refusals_onto
from efficiency_center.vocabulary import FocusArea, Quarter

from .. import selectors, services, spreadsheets
from ..forms import AchievementForm, ImportForm
from ._helpers import current_quarter


@role_required("clerk", "leader")
def desk(request):
    campaign = campaign_from(request)
    return render(
        request,
        "achievements/desk.html",
        {
            "campaign": campaign,
            "matrix": selectors.desk_matrix(campaign),
            "quarters": Quarter.choices,
        },
    )


@role_required("clerk", "leader")
def export(request, quarter):
    campaign = campaign_from(request)
    if quarter not in Quarter.values:
        quarter = current_quarter(campaign)
    audit(
        request.user,
        AuditEvent.Action.EXPORT,
        f"achievements {campaign.year} Q{quarter}",
        request=request,
    )
    rows = spreadsheets.export_rows(selectors.export_values(campaign, quarter))
    return xlsx_streaming_response(
        f"服务实绩-{campaign.year}-Q{quarter}.xlsx",
        spreadsheets.export_headers(),
        rows,
        sheet_title=_("Achievements Q%(quarter)s") % {"quarter": quarter},
    )


@role_required("clerk", "leader")
def import_template(request):
    return xlsx_streaming_response(
        "服务实绩导入模板.xlsx",
        spreadsheets.template_headers(),
        [],
        sheet_title=_("Achievements"),
    )


@role_required("clerk")
def import_view(request):
    campaign = campaign_from(request)
    row_errors = []
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            with refusals_onto(form):
                rows, row_errors = spreadsheets.parse_import(
                    data["file"], campaign=campaign, quarter=data["quarter"],
                    form_class=AchievementForm,
                )  # fmt: skip
                if not row_errors:
                    created = services.achievements_import(
                        user=request.user,
                        campaign=campaign,
                        department=data["department"],
                        quarter=data["quarter"],
                        rows=rows,
                    )
                    messages.success(
                        request,
                        _("%(count)s achievements were imported as the unit's drafts.")
                        % {"count": len(created)},
                    )
                    return redirect("achievements:desk")
    else:
        form = ImportForm(initial={"quarter": current_quarter(campaign)})
    return render(
        request,
        "achievements/import.html",
        {
            "form": form,
            "campaign": campaign,
            "row_errors": row_errors,
            "headers": spreadsheets.template_headers(),
            "categories": selectors.categories(campaign),
            "focus_areas": FocusArea.labels,
        },
        status=400 if row_errors else form_status(form),
    )
