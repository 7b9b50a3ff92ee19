"""The center's pages: review queue, progress table, export, and pledges not kept."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from efficiency_center.audit import AuditEvent, audit
from efficiency_center.documents import xlsx_streaming_response
from efficiency_center.forms import StepForm
from efficiency_center.permissions import role_required
from efficiency_center.shortcuts import campaign_from, cleaned
from efficiency_center.workflow import buttons, history

from .. import selectors, services
from ..exports import export_headers, export_rows
from ..selectors import PROGRESS_STATUSES
from .work import step_done

CENTER = ("clerk", "leader", "admin")


@role_required(*CENTER)
def review_queue(request):
    return render(request, "pledges/review_queue.html", selectors.review_queue())


@role_required(*CENTER)
def progress(request):
    campaign = campaign_from(request, required=False)
    status = request.GET.get("status", "")
    status = status if status in dict(PROGRESS_STATUSES) else ""
    table = selectors.progress_table(campaign, status=status) if campaign else None
    return render(
        request,
        "pledges/progress.html",
        {"campaign": campaign, "table": table, "status": status},
    )


@role_required(*CENTER)
def export(request):
    campaign = campaign_from(request, required=False)
    if campaign is None:
        messages.error(request, _("No campaign is running."))
        return redirect("pledges:progress")
    audit(
        request.user,
        AuditEvent.Action.EXPORT,
        _("Pledges and fulfilment %(year)s") % {"year": campaign.year},
        request=request,
    )
    return xlsx_streaming_response(
        _("Pledges and fulfilment %(year)s.xlsx") % {"year": campaign.year},
        export_headers(),
        export_rows(campaign),
        sheet_title=_("Pledges"),
    )


@role_required(*CENTER)
def breach_queue(request):
    return render(request, "pledges/breach_queue.html", selectors.breach_queue())


@login_required
def breach_detail(request, pk):
    breach = selectors.breach_for_user(request.user, pk)
    evidence = selectors.attachments_by_owner(type(breach), [breach.pk]).get(breach.pk, [])
    return render(
        request,
        "pledges/breach_detail.html",
        {
            "breach": breach,
            "evidence": evidence,
            "buttons": buttons(breach, request.user),
            "history": history(breach),
        },
    )


@role_required("leader")
@require_POST
def breach_decide(request, pk):
    breach = selectors.breach_for_user(request.user, pk)
    data = cleaned(StepForm(request.POST), record=breach)
    services.broken_pledge_decide(
        broken=breach,
        user=request.user,
        action=data["action"],
        expected_version=data["version"],
        comment=data["comment"],
    )
    messages.success(request, step_done(breach, data["action"]))
    return redirect(breach)
