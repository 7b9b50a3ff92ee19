"""The center's pages: the desk, the shortlists, the panel, the ranking runs, the ledger."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from efficiency_center.permissions import role_required
from efficiency_center.review import ReviewError, history
from efficiency_center.scoring import LedgerError

from .. import selectors, services
from ..forms import (
    AddEntryForm,
    CandidateFilterForm,
    DecisionForm,
    EntryReasonForm,
    PanelMembersForm,
    PanelStateForm,
)
from ..models import TOP_N, ListKind, RankingRun, SelectionSettings
from ._helpers import campaign_from, error_messages, list_kind, show_error

REFUSALS = (services.SelectionError, ReviewError, ValidationError, LedgerError)
CANDIDATES_PER_PAGE = 20


def _desk_url(campaign):
    return reverse("selection:desk") + f"?year={campaign.year}"


def _shortlist_url(campaign, kind):
    return reverse("selection:shortlist", args=[kind]) + f"?year={campaign.year}"


def _refused(request, exc):
    for text in error_messages(exc):
        messages.error(request, text)


@role_required("clerk", "leader")
def desk(request, refused_run=None, status=200):
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
            "panel_form": PanelStateForm(initial={"version": panel.version}),
            "is_clerk": request.user.role == "clerk",
            "is_leader": request.user.role == "leader",
            "kinds": ListKind.choices,
            "shortlists": [
                {"kind": kind, "label": label, "total": data["counts"][kind]["total"]}
                for kind, label in ListKind.choices
            ],
            "refused_run": refused_run,
        },
        status=status,
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
            "editable": not panel.is_open and not approved,
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
        try:
            entry = services.shortlist_add(
                campaign=campaign,
                kind=kind,
                user=request.user,
                candidate_id=form.cleaned_data["candidate"],
                reason=form.cleaned_data["reason"],
            )
        except REFUSALS as exc:
            show_error(form, exc)
        else:
            messages.success(request, _("Added to the list: %(title)s.") % {"title": entry.title})
            query = request.GET.urlencode()
            return redirect(reverse("selection:shortlist", args=[kind]) + f"?{query}")
    return shortlist(request, kind, add_form=form, add_for=add_for, status=400)


@role_required("clerk")
@require_POST
def entry_edit(request, pk):
    entry = selectors.entry_for_center(pk)
    form = EntryReasonForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for text in errors:
                messages.error(request, text)
    else:
        try:
            services.shortlist_entry_update(
                entry=entry,
                user=request.user,
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            )
        except REFUSALS as exc:
            _refused(request, exc)
        else:
            messages.success(request, _("The reason was saved."))
    return redirect(_shortlist_url(entry.campaign, entry.kind) + f"#entry-{entry.pk}")


@role_required("clerk")
@require_POST
def entry_remove(request, pk):
    entry = selectors.entry_for_center(pk)
    version = request.POST.get("version", "")
    try:
        title = services.shortlist_remove(
            entry=entry,
            user=request.user,
            expected_version=int(version) if version.isdigit() else None,
        )
    except REFUSALS as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("Taken off the list: %(title)s.") % {"title": title})
    return redirect(_shortlist_url(entry.campaign, entry.kind))


# --- the panel ----------------------------------------------------------------------------


@role_required("leader")
def panel_members(request):
    campaign = campaign_from(request)
    panel = selectors.panel_for(campaign)
    choices = selectors.reviewer_choices().order_by("full_name", "username")
    current = selectors.members(panel)
    status = 200
    if request.method == "POST":
        form = PanelMembersForm(request.POST, choices=choices)
        if form.is_valid():
            try:
                services.panel_set_reviewers(
                    campaign=campaign,
                    user=request.user,
                    reviewers=list(form.cleaned_data["reviewers"]),
                    expected_version=form.cleaned_data["version"],
                )
            except REFUSALS as exc:
                show_error(form, exc)
                status = 409
            else:
                messages.success(request, _("The panel was saved."))
                return redirect(_desk_url(campaign))
        else:
            status = 400
    else:
        form = PanelMembersForm(
            choices=choices,
            initial={"version": panel.version, "reviewers": [m.reviewer_id for m in current]},
        )
    return render(
        request,
        "selection/panel_members.html",
        {"campaign": campaign, "panel": panel, "form": form, "members": current},
        status=status,
    )


@role_required("clerk")
@require_POST
def panel_state(request):
    campaign = campaign_from(request)
    form = PanelStateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The request was incomplete."))
        return redirect(_desk_url(campaign))
    action = form.cleaned_data["action"]
    service = services.panel_open if action == "open" else services.panel_close
    try:
        service(campaign=campaign, user=request.user, expected_version=form.cleaned_data["version"])
    except REFUSALS as exc:
        _refused(request, exc)
    else:
        messages.success(
            request,
            _("The panel is open; the reviewers were told.")
            if action == "open"
            else _("The panel is closed; the scores are final."),
        )
    return redirect(_desk_url(campaign))


# --- ranking runs ---------------------------------------------------------------------------


@role_required("clerk")
@require_POST
def run_start(request):
    campaign = campaign_from(request)
    try:
        run = services.ranking_start(campaign=campaign, user=request.user)
    except services.RunInProgressError as exc:
        return desk(request, refused_run=exc.run, status=409)
    except REFUSALS as exc:
        _refused(request, exc)
        return redirect(_desk_url(campaign))
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
def run_detail(request, pk, decision_form=None, incomplete=None, status=200):
    run = selectors.run_for_center(pk)
    latest = selectors.latest_done_run(run.campaign)
    approved = selectors.approved_run(run.campaign)
    can_decide = (
        request.user.role == "leader"
        and run.status == RankingRun.Status.DONE
        and not run.decision
        and approved is None
        and latest is not None
        and latest.pk == run.pk
    )
    return render(
        request,
        "selection/run_detail.html",
        {
            "run": run,
            "campaign": run.campaign,
            "lists": _run_lists(run),
            "top_n": TOP_N,
            "awards": list(selectors.awards(run.campaign)) if run.is_approved else [],
            "history": list(history(run)),
            "can_decide": can_decide,
            "decision_form": decision_form or DecisionForm(),
            "incomplete": incomplete,
            "is_latest": latest is not None and latest.pk == run.pk,
            "panel": selectors.panel_for(run.campaign),
        },
        status=status,
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


@role_required("leader")
@require_POST
def run_decide(request, pk):
    run = selectors.run_for_center(pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return run_detail(request, pk, decision_form=form, status=400)
    try:
        if form.cleaned_data["decision"] == "approve":
            services.ranking_approve(run=run, user=request.user)
            messages.success(
                request, _("Approved: the selection is published and the bonuses recorded.")
            )
        else:
            services.ranking_send_back(
                run=run, user=request.user, reason=form.cleaned_data["reason"]
            )
            messages.success(request, _("The ranking was sent back to the clerks."))
    except services.IncompleteCandidatesError as exc:
        messages.error(request, str(exc))
        return run_detail(request, pk, decision_form=form, incomplete=exc.candidates, status=409)
    except REFUSALS as exc:
        show_error(form, exc)
        return run_detail(request, pk, decision_form=form, status=409)
    return redirect(run)


@role_required("clerk", "leader")
def ledger(request):
    campaign = campaign_from(request)
    return render(
        request,
        "selection/ledger.html",
        {"campaign": campaign, "units": selectors.ledger(campaign)},
    )
