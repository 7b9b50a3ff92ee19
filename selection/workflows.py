"""The selection's workflow tables (efficiency_center.workflow): the review panel, and a
leader's decision on a ranking run.

    panel:  preparing --open(clerk)--> open --close(clerk)--> closed --reopen(clerk)--> open
            name_reviewers(leader), in any state: who scores (the state stays)
    run:    pending --approve(leader)--> approved      (awards, public lists, ledger bonus)
            pending --refuse(leader, a reason)--> refused   ("sent back" to the clerks)

Nothing changes once a ranking of the campaign is approved. A run is decided on only when it is
the latest finished one, computed after the panel closed on inputs that have not changed since,
and complete (see `why_undecidable`); its job status (queued → running → done/failed) is the
job's progress, not a step.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from efficiency_center.accounts import clerks
from efficiency_center.decisions import decision_workflow
from efficiency_center.errors import DomainError
from efficiency_center.permissions import role
from efficiency_center.workflow import Action, Workflow, register

from .models import ListKind, Panel, PanelMember, RankingRun, ShortlistEntry

State = Panel.PanelState
CLERK = role("clerk")
LEADER = role("leader")


# --- conditions shared by the services ------------------------------------------------------


def campaign_approved(campaign_id):
    return RankingRun.objects.filter(
        campaign_id=campaign_id, decision=RankingRun.Outcome.APPROVED
    ).exists()


def approved_refusal(campaign):
    return _("The %(year)s selection is approved and published: it can no longer change.") % {
        "year": campaign.year
    }


def refuse_if_approved(campaign):
    if campaign_approved(campaign.pk):
        raise DomainError(approved_refusal(campaign))


# --- the panel --------------------------------------------------------------------------------


def _not_approved(panel):
    return not campaign_approved(panel.campaign_id)


def _approved(panel):
    return approved_refusal(panel.campaign)


def _ready_to_open(panel, fields):
    if not panel.members.exists():
        raise DomainError(_("No reviewers are named yet: a leader names the panel first."))
    if not ShortlistEntry.objects.filter(campaign_id=panel.campaign_id).exists():
        raise DomainError(_("Both shortlists are empty: shortlist the candidates first."))


def scores_url(campaign):
    return reverse("selection:my_scores") + f"?year={campaign.year}"


def _tell_members(verb):
    def rule(panel, change):
        members = PanelMember.objects.filter(panel=panel).select_related("reviewer")
        verb_now = verb % {"year": panel.campaign.year}
        return [([m.reviewer for m in members], verb_now, scores_url(panel.campaign))]

    return rule


_unchanged_once_approved = {"when": _not_approved, "refusal": _approved}

PANEL = register(
    Panel,
    Workflow(
        actions={
            "name_reviewers": Action(
                _("Reviewers named"),
                sources=None,
                may=LEADER,
                button=_("Name the reviewers"),
                **_unchanged_once_approved,
            ),
            "open": Action(
                _("Panel opened"),
                sources=(State.PREPARING,),
                target=State.OPEN,
                may=CLERK,
                button=_("Open the panel for scoring"),
                style="success",
                check=_ready_to_open,
                notify=_tell_members(
                    _("The %(year)s selection panel is open: please score the candidates.")
                ),
                **_unchanged_once_approved,
            ),
            "close": Action(
                _("Panel closed"),
                sources=(State.OPEN,),
                target=State.CLOSED,
                may=CLERK,
                button=_("Close the panel"),
                style="warning",
                notify=_tell_members(
                    _(
                        "The %(year)s selection panel is closed: all scores are now visible to "
                        "the panel."
                    )
                ),
                **_unchanged_once_approved,
            ),
            "reopen": Action(
                _("Panel reopened"),
                sources=(State.CLOSED,),
                target=State.OPEN,
                may=CLERK,
                button=_("Reopen the panel"),
                style="success",
                check=_ready_to_open,
                notify=_tell_members(
                    _("The %(year)s selection panel is open again: please check your scores.")
                ),
                **_unchanged_once_approved,
            ),
        },
        # History rows written beside the steps (workflow.record_history): shortlist changes,
        # and the reviewers named one by one before the panel's steps were one table.
        labels={
            "shortlist_add": _("Shortlisted"),
            "shortlist_remove": _("Taken off a shortlist"),
            "reviewer_add": _("Reviewer named"),
            "reviewer_remove": _("Reviewer removed"),
        },
        stamps={State.OPEN: "opened_at", State.CLOSED: "closed_at"},
    ),
)


# --- a leader's decision on a ranking run ---------------------------------------------------


def incomplete_candidates(run):
    """The incomplete rows of both lists of a finished run."""
    return [
        {**row, "kind": kind}
        for kind in ListKind.values
        for row in (run.results or {}).get(kind, {}).get("incomplete", [])
    ]


def why_undecidable(run):
    """Why a leader cannot decide on `run` now (a message), or None."""
    if not run.is_finished:
        return _("Only a finished ranking can be decided on.")
    campaign = run.campaign
    if campaign_approved(campaign.pk):
        return approved_refusal(campaign)
    newer = RankingRun.objects.filter(campaign=campaign, status=RankingRun.Status.DONE)
    newer = newer.exclude(pk=run.pk)
    if run.finished_at is not None:
        newer = newer.filter(finished_at__gt=run.finished_at)
    if newer.exists():
        return _("A newer ranking exists: decide on the latest one.")
    panel = Panel.objects.filter(campaign=campaign).only("state", "inputs_revision").first()
    if (
        panel is None
        or not panel.is_closed
        or not run.is_final
        or run.inputs_revision != panel.inputs_revision
    ):
        return _(
            "The panel is open, or scores, reviewers or shortlists changed after this ranking "
            "was computed: the clerk closes the panel and runs the ranking again."
        )
    incomplete = incomplete_candidates(run)
    if incomplete:
        return _(
            "This ranking cannot be approved: %(n)s candidates are incomplete (not scored by "
            "every expected reviewer, or no longer candidates): %(titles)s."
        ) % {
            "n": len(incomplete),
            "titles": "、".join(f"{row['department']} · {row['title']}" for row in incomplete),
        }
    return None


def _decidable(run):
    return why_undecidable(run) is None


def _tell_clerks_approved(run, change):
    return [
        (
            clerks(),
            _("The %(year)s selection was approved and published.") % {"year": run.campaign.year},
        )
    ]


def _tell_clerks_sent_back(run, change):
    return [
        (
            clerks(),
            _("The %(year)s selection ranking was sent back: %(reason)s")
            % {"year": run.campaign.year, "reason": change.comment},
        )
    ]


RANKING_RUN = register(
    RankingRun,
    decision_workflow(
        approve=_("Approved"),
        refuse=_("Sent back"),
        refuse_button=_("Send back"),
        refuse_comment=_("Say why the ranking is sent back."),
        notify_approve=_tell_clerks_approved,
        notify_refuse=_tell_clerks_sent_back,
        when=_decidable,
        refusal=why_undecidable,
    ),
)
