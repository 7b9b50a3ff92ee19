"""The center's pages: the desk, the shortlists, the panel, the ranking runs, the ledger."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from efficiency_center.forms import StepForm
from efficiency_center.permissions import role_required
from efficiency_center.shortcuts import campaign_from, cleaned, form_status, refusals_onto
from efficiency_center.workflow import buttons, history, workflow_for

from .. import selectors, services
from ..forms import (
    AddEntryForm,
    CandidateFilterForm,
    EntryReasonForm,
    PanelMembersForm,
    VersionForm,
)
from ..models import TOP_N, ListKind, SelectionSettings
from ._helpers import list_kind

CANDIDATES_PER_PAGE = 20


def _desk_url(campaign):
    return reverse("selection:desk") + f"?year={campaign.year}"


def _shortlist_url(campaign, kind):
    return reverse("selection:shortlist", args=[kind]) + f"?year={campaign.year}"


@role_required("clerk", "leader")
def desk(request):
    campaign = campaign_from(request)
    data = selectors.desk(campaign)
    panel = data["panel"]
    return render(
        request,
        "selection/desk.html",
        {
            "campaign": campaign,
            **data,
            "history": list(history(panel))[-30:] if panel.pk else [],
            "panel_buttons": buttons(panel, request.user),
            "is_clerk": request.user.role == "clerk",
            "kinds": ListKind.choices,
            "shortlists": [
                {"kind": kind, "label": label, "total": data["counts"][kind]["total"]}
                for kind, label in ListKind.choices
            ],
        },
    )


# --- shortlists ---------------------------------------------------------------------------


@role_required("clerk")
def shortlist(request, kind, add_form=None, add_for=None, status=200):
    kind = list_kind(kind)
    campaign = campaign_from(request)
    filters = CandidateFilterForm(
        request.GET or None,
        kind=kind,
        departments=selectors.candidate_departments(campaign, kind),
        themes=selectors.theme_choices(campaign, kind),
    )
    wanted = filters.cleaned_data if filters.is_bound and filters.is_valid() else {}
    found = selectors.candidate_search(
        campaign,
        kind,
        q=wanted.get("q", ""),
        department_id=getattr(wanted.get("unit"), "pk", None),
        theme=wanted.get("theme", ""),
        quarter=wanted.get("quarter"),
    )
    page = Paginator(found, CANDIDATES_PER_PAGE).get_page(request.GET.get("page"))
    entries = list(selectors.shortlist(campaign, kind))
    for entry in entries:
        entry.form = EntryReasonForm(
            initial={"version": entry.version, "reason": entry.reason},
            auto_id=f"id_e{entry.pk}_%s",
        )
    limits = SelectionSettings.for_campaign(campaign)
    by_unit = {}
    for entry in entries:
        by_unit[entry.department_id] = by_unit.get(entry.department_id, 0) + 1
    in_row = False
    for candidate in page:
        in_row = in_row or candidate.pk == add_for
        candidate.unit_count = by_unit.get(candidate.department_id, 0)
        candidate.add_form = (
            add_form
            if add_for == candidate.pk
            else AddEntryForm(initial={"candidate": candidate.pk}, auto_id=f"id_c{candidate.pk}_%s")
        )
    panel = selectors.panel_for(campaign)
    approved = selectors.approved_run(campaign) is not None
    return render(
        request,
        "selection/shortlist.html",
        {
            "campaign": campaign,
            "kind": kind,
            "other_kind": ListKind.REAL_DEED
            if kind == ListKind.BEST_MEASURE
            else ListKind.BEST_MEASURE,
            "filters": filters,
            "page": page,
            "entries": entries,
            "limits": limits,
            "panel": panel,
            "editable": panel.takes_shortlist_changes and not approved,
            "approved": approved,
            "add_errors": _add_errors(add_form, in_row),
            "add_for": add_for,
        },
        status=status,
    )


def _add_errors(form, in_row):
    """The refused pick's errors shown on top: the form-wide ones, and all of them when the
    candidate's row is not on the page (its own errors show beside its reason otherwise)."""
    if form is None:
        return []
    if in_row:
        return list(form.non_field_errors())
    return [text for errors in form.errors.values() for text in errors]


@role_required("clerk")
@require_POST
def shortlist_add(request, kind):
    kind = list_kind(kind)
    campaign = campaign_from(request)
    candidate = request.POST.get("candidate", "")
    add_for = int(candidate) if candidate.isdigit() else None
    form = AddEntryForm(request.POST, auto_id=f"id_c{add_for}_%s")
    if form.is_valid():
        with refusals_onto(form):
            entry = services.shortlist_add(
                campaign=campaign,
                kind=kind,
                user=request.user,
                candidate_id=form.cleaned_data["candidate"],
                reason=form.cleaned_data["reason"],
            )
            messages.success(request, _("Added to the list: %(title)s.") % {"title": entry.title})
            query = request.GET.urlencode()
            return redirect(reverse("selection:shortlist", args=[kind]) + f"?{query}")
    return shortlist(request, kind, add_form=form, add_for=add_for, status=form_status(form))


@role_required("clerk")
@require_POST
def entry_edit(request, pk):
    entry = selectors.entry_for_center(pk)
    data = cleaned(EntryReasonForm(request.POST), record=entry)
    services.shortlist_entry_update(
        entry=entry,
        user=request.user,
        reason=data["reason"],
        expected_version=data["version"],
    )
    messages.success(request, _("The reason was saved."))
    return redirect(entry)


@role_required("clerk")
@require_POST
def entry_remove(request, pk):
    entry = selectors.entry_for_center(pk)
    data = cleaned(VersionForm(request.POST), record=entry)
    campaign, kind = entry.campaign, entry.kind
    title = services.shortlist_remove(
        entry=entry, user=request.user, expected_version=data["version"]
    )
    messages.success(request, _("Taken off the list: %(title)s.") % {"title": title})
    return redirect(_shortlist_url(campaign, kind))


# --- the panel ----------------------------------------------------------------------------


@role_required("leader")
def panel_members(request):
    campaign = campaign_from(request)
    panel = selectors.panel_for(campaign)
    choices = selectors.reviewer_choices().order_by("full_name", "username")
    current = selectors.members(panel)
    if request.method == "POST":
        form = PanelMembersForm(request.POST, choices=choices)
        if form.is_valid():
            with refusals_onto(form):
                services.panel_set_reviewers(
                    campaign=campaign,
                    user=request.user,
                    reviewers=list(form.cleaned_data["reviewers"]),
                    expected_version=form.cleaned_data["version"],
                )
                messages.success(request, _("The panel was saved."))
                return redirect(_desk_url(campaign))
    else:
        form = PanelMembersForm(
            choices=choices,
            initial={"version": panel.version, "reviewers": [m.reviewer_id for m in current]},
        )
    return render(
        request,
        "selection/panel_members.html",
        {
            "campaign": campaign,
            "panel": panel,
            "form": form,
            "members": current,
            # Why the reviewers can no longer change (the table's refusal), if they cannot.
            "refusal": workflow_for(panel).refusal(panel, "name_reviewers", request.user),
        },
        status=form_status(form),
    )


PANEL_DONE = {
    "open": gettext_lazy("The panel is open; the reviewers were told."),
    "reopen": gettext_lazy("The panel is open; the reviewers were told."),
    "close": gettext_lazy("The panel is closed; the scores are final."),
}


@role_required("clerk")
@require_POST
def panel_state(request):
    campaign = campaign_from(request)
    panel = selectors.panel_for(campaign)
    data = cleaned(StepForm(request.POST), record=panel)
    services.panel_step(
        campaign=campaign,
        user=request.user,
        action=data["action"],
        expected_version=data["version"],
    )
    messages.success(request, PANEL_DONE[data["action"]])
    return redirect(_desk_url(campaign))


# --- ranking runs ---------------------------------------------------------------------------


@role_required("clerk")
@require_POST
def run_start(request):
    campaign = campaign_from(request)
    run = services.ranking_start(campaign=campaign, user=request.user)
    messages.success(request, _("The ranking was started."))
    return redirect(run)


def _run_lists(run):
    results, changes = run.results or {}, (run.changes or {}).get("lists", {})
    return [
        {
            "kind": kind,
            "label": label,
            "ranked": results.get(kind, {}).get("ranked", []),
            "incomplete": results.get(kind, {}).get("incomplete", []),
            "changes": changes.get(kind, []),
        }
        for kind, label in ListKind.choices
    ]


@role_required("clerk", "leader")
def run_detail(request, pk):
    run = selectors.run_for_center(pk)
    latest = selectors.latest_done_run(run.campaign)
    offered = buttons(run, request.user)
    why_not = None
    if not offered and run.is_finished and run.is_pending and request.user.role == "leader":
        why_not = workflow_for(run).refusal(run, "approve", request.user)
    return render(
        request,
        "selection/run_detail.html",
        {
            "run": run,
            "campaign": run.campaign,
            "lists": _run_lists(run),
            "top_n": TOP_N,
            "awards": list(selectors.awards(run.campaign)) if run.is_approved else [],
            "history": history(run),
            "buttons": offered,
            "why_not": why_not,
            "is_latest": latest is not None and latest.pk == run.pk,
            "panel": selectors.panel_for(run.campaign),
        },
    )


@role_required("clerk", "leader")
def run_progress(request, pk):
    """What the run's page polls while it runs."""
    run = selectors.run_for_center(pk)
    return JsonResponse(
        {
            "id": run.pk,
            "status": run.status,
            "status_label": run.get_status_display(),
            "stage": run.stage,
            "progress": run.progress,
            "finished": not run.is_in_progress,
            "error": run.error,
            "url": run.get_absolute_url(),
        }
    )


RUN_DONE = {
    "approve": gettext_lazy("Approved: the selection is published and the bonuses recorded."),
    "refuse": gettext_lazy("The ranking was sent back to the clerks."),
}


@role_required("leader")
@require_POST
def run_decide(request, pk):
    run = selectors.run_for_center(pk)
    data = cleaned(StepForm(request.POST), record=run)
    services.ranking_decide(
        run=run,
        user=request.user,
        action=data["action"],
        expected_version=data["version"],
        comment=data["comment"],
    )
    messages.success(request, RUN_DONE[data["action"]])
    return redirect(run)


@role_required("clerk", "leader")
def ledger(request):
    campaign = campaign_from(request)
    return render(
        request,
        "selection/ledger.html",
        {"campaign": campaign, "units": selectors.ledger(campaign)},
    )
