"""The reviewer's page: every shortlisted candidate with its evidence, one score each."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from efficiency_center.permissions import role_required
from efficiency_center.shortcuts import campaign_from, form_status, refusals_onto

from .. import selectors, services
from ..forms import ScoresForm
from ..models import ListKind


@role_required("reviewer")
def my_scores(request):
    campaign = campaign_from(request)
    user = request.user
    data = selectors.reviewer_page(campaign, user)
    panel = data["panel"]
    entries = [entry for kind in ListKind.values for entry in data["lists"][kind]]
    can_score = data["is_member"] and panel.is_open
    form = None
    if can_score:
        if request.method == "POST":
            form = ScoresForm(request.POST, entries=entries, reviewer=user)
            if form.is_valid():
                with refusals_onto(form):
                    saved, removed = services.scores_save(
                        campaign=campaign, reviewer=user, scores=form.scores()
                    )
                    messages.success(
                        request,
                        _("Your scores were saved (%(saved)s changed, %(removed)s taken back).")
                        % {"saved": saved, "removed": removed},
                    )
                    return redirect(reverse("selection:my_scores") + f"?year={campaign.year}")
        else:
            form = ScoresForm(entries=entries, reviewer=user)
    elif request.method == "POST":
        # Not a member, or the panel not open: the service says which (a refusal).
        services.scores_save(campaign=campaign, reviewer=user, scores={})
    rows = {entry.pk: (None, None) for entry in entries}
    if form is not None:
        rows = {entry.pk: (score, comment) for entry, score, comment in form.rows()}
    sections = []
    for kind, label in ListKind.choices:
        items = [(entry, *rows[entry.pk]) for entry in data["lists"][kind]]
        sections.append(
            {"kind": kind, "label": label, "rows": items, "progress": data["progress"].get(kind)}
        )
    return render(
        request,
        "selection/my_scores.html",
        {
            "campaign": campaign,
            "panel": panel,
            "is_member": data["is_member"],
            "can_score": can_score,
            "form": form,
            "sections": sections,
        },
        status=form_status(form),
    )
