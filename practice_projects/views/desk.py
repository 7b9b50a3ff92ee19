"""The center's pages: what waits for review, and the desk of who filed what."""

from django import forms
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from efficiency_center.audit import AuditEvent, audit
from efficiency_center.documents import xlsx_streaming_response
from efficiency_center.models import Campaign, Department
from efficiency_center.permissions import role_required
from efficiency_center.shortcuts import campaign_from

from .. import selectors
from ..deadlines import Status
from ..models import FilingKind, ProjectSettings

CENTER = ("clerk", "leader", "admin")


@role_required(*CENTER)
def review_queue(request):
    campaign = Campaign.objects.running()
    context = selectors.review_queue()
    context["campaign"] = campaign
    context["delayed"] = (
        selectors.delayed_milestones(campaign, today=timezone.localdate()) if campaign else []
    )
    return render(request, "practice_projects/review_queue.html", context)


class DeskFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Unit kind"),
        required=False,
        choices=[("", gettext_lazy("All")), *Department.Kind.choices],
    )
    supervisor = forms.TypedChoiceField(
        label=gettext_lazy("Key department and its sub-units"), coerce=int, required=False
    )
    filing = forms.ChoiceField(
        label=gettext_lazy("Column"),
        required=False,
        choices=[("", gettext_lazy("Any")), *FilingKind.choices],
    )
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=[
            ("", gettext_lazy("All")),
            ("overdue", gettext_lazy("Late or missing")),
            *Status.LABELS.items(),
        ],
    )
    q = forms.CharField(label=gettext_lazy("Unit"), required=False, max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        keys = Department.objects.filter(kind=Department.Kind.KEY, is_active=True)
        self.fields["supervisor"].choices = [("", _("All")), *keys.values_list("pk", "short_name")]


def _filtered_rows(request, campaign):
    form = DeskFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = selectors.desk_rows(
        campaign,
        today=timezone.localdate(),
        kind=filters.get("kind", ""),
        supervisor_id=filters.get("supervisor"),
        filing=filters.get("filing", ""),
        status=filters.get("status", ""),
        q=(filters.get("q") or "").strip(),
    )
    return form, rows


@role_required(*CENTER)
def desk(request):
    campaign = campaign_from(request, required=False)
    context = {"campaign": campaign, "columns": FilingKind.choices}
    if campaign is not None:
        context["form"], context["rows"] = _filtered_rows(request, campaign)
        context["deadlines"] = ProjectSettings.for_campaign(campaign).deadlines()
        context["query"] = request.GET.urlencode()
    return render(request, "practice_projects/desk.html", context)


@role_required(*CENTER)
def desk_export(request):
    campaign = campaign_from(request, required=False)
    if campaign is None:
        return desk(request)
    _form, rows = _filtered_rows(request, campaign)
    audit(
        request.user,
        AuditEvent.Action.EXPORT,
        "practice_projects:desk",
        detail=request.GET.urlencode(),
        request=request,
    )
    headers = [
        _("Code"),
        _("Unit"),
        _("Unit kind"),
        _("Supervising department"),
        *[label for _value, label in FilingKind.choices],
    ]
    data = (
        [
            row["unit"].code,
            row["unit"].name,
            row["unit"].get_kind_display(),
            row["unit"].supervisor.name if row["unit"].supervisor_id else "",
            *[label for _kind, _status, label in row["cells"]],
        ]
        for row in rows
    )
    return xlsx_streaming_response(
        f"{_('Practice projects desk')}-{campaign.year}.xlsx",
        headers,
        data,
        sheet_title=_("Filings"),
    )
