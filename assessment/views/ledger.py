"""The assessment table, its drill-down to the ledger entries, corrections, closing, exports."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from efficiency_center.audit import AuditEvent, audit
from efficiency_center.documents import pdf_response, render_pdf, xlsx_streaming_response
from efficiency_center.models import Department
from efficiency_center.permissions import role_required
from efficiency_center.scoring import ScoreEntry, ScoreKind
from efficiency_center.shortcuts import campaign_from, form_status, refusals_onto

from .. import exports, selectors, services
from ..forms import CloseForm, ReverseForm
from ._helpers import CENTER

ENTRIES_PER_PAGE = 50


def _is_leader(user):
    return user.role == user.Role.LEADER


@role_required(*CENTER)
def table(request):
    campaign = campaign_from(request)
    return render(
        request,
        "assessment/table.html",
        {
            "campaign": campaign,
            "campaigns": selectors.campaigns(),
            "table": selectors.assessment_table(campaign),
            "is_leader": _is_leader(request.user),
        },
    )


@role_required(*CENTER)
def entries(request):
    campaign = campaign_from(request)
    code = request.GET.get("unit", "")
    unit = get_object_or_404(Department, code=code) if code else None
    kind = request.GET.get("kind", "")
    if not selectors.kinds_for_filter(kind):
        kind = ""
    queryset = selectors.ledger_entries(campaign, department=unit, kind=kind)
    page = Paginator(queryset, ENTRIES_PER_PAGE).get_page(request.GET.get("page"))
    rows = selectors.attach_causes(list(page.object_list))
    return render(
        request,
        "assessment/entries.html",
        {
            "campaign": campaign,
            "unit": unit,
            "kind": kind,
            "kind_label": selectors.filter_label(kind),
            "kind_choices": selectors.kind_columns(),
            "page": page,
            "entries": rows,
            "sum": selectors.entries_sum(queryset),
            "may_reverse": _is_leader(request.user) and not campaign.assessment_is_closed,
        },
    )


def _entry(pk):
    entry = get_object_or_404(
        ScoreEntry.objects.select_related(
            "campaign",
            "campaign__assessment_closed_by",
            "department",
            "cause_type",
            "recorded_by",
            "confirmed_by",
            "reverses",
            "reversed_by",
        ),
        pk=pk,
    )
    return selectors.attach_causes([entry])[0]


@role_required("leader")
def reverse_entry(request, pk):
    entry = _entry(pk)
    form = ReverseForm(request.POST or None)
    if form.is_bound and form.is_valid():
        with refusals_onto(form):
            services.assessment_entry_reverse(
                entry=entry, user=request.user, reason=form.cleaned_data["reason"]
            )
            messages.success(request, _("The entry was reversed; the unit was told why."))
            return redirect(_entries_url(entry))
        entry = _entry(pk)  # as it is now (reversed meanwhile, or the assessment closed)
    return render(
        request,
        "assessment/reverse.html",
        {
            "entry": entry,
            "campaign": entry.campaign,
            "form": form,
            "reversible": entry.kind != ScoreKind.REVERSAL and entry.reversal is None,
        },
        status=form_status(form),
    )


def _entries_url(entry):
    return (
        reverse("assessment:entries") + f"?year={entry.campaign.year}&unit={entry.department.code}"
    )


@role_required("leader")
def close(request):
    campaign = campaign_from(request)
    form = CloseForm(request.POST or None)
    if form.is_bound and form.is_valid():
        with refusals_onto(form):
            services.assessment_close(campaign=campaign, user=request.user)
            messages.success(
                request,
                _("The %(year)s assessment is closed: the ledger takes no more entries.")
                % {"year": campaign.year},
            )
            return redirect(reverse("assessment:table") + f"?year={campaign.year}")
        campaign.refresh_from_db()
    return render(
        request,
        "assessment/close.html",
        {"campaign": campaign, "form": form, **selectors.closing_checks(campaign)},
        status=form_status(form),
    )


@role_required(*CENTER)
def export_xlsx(request):
    campaign = campaign_from(request)
    audit(
        request.user, AuditEvent.Action.EXPORT, f"assessment {campaign.year} xlsx", request=request
    )
    table = selectors.assessment_table(campaign)
    return xlsx_streaming_response(
        exports.filename(campaign, "xlsx"),
        exports.xlsx_headers(),
        exports.xlsx_rows(table),
        sheet_title=_("Assessment %(year)s") % {"year": campaign.year},
    )


@role_required(*CENTER)
def export_pdf(request):
    campaign = campaign_from(request)
    audit(
        request.user, AuditEvent.Action.EXPORT, f"assessment {campaign.year} pdf", request=request
    )
    table = selectors.assessment_table(campaign)
    pdf = render_pdf(
        "assessment/pdf/table.html", exports.pdf_context(campaign, table), request=request
    )
    return pdf_response(pdf, exports.filename(campaign, "pdf"))
