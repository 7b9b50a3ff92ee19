"""The center's pages: the verification queue per quarter, the public display batches and the
answers to objections. (Verification itself is taken on the achievement's page: views.work.act.)"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from efficiency_center.permissions import role_required
from efficiency_center.shortcuts import campaign_from, form_status, refusals_onto
from efficiency_center.vocabulary import Quarter
from efficiency_center.workflow import allowed_actions

from .. import selectors, services
from ..forms import ObjectionAnswerForm, PublicityOpenForm
from ..workflows import ANSWER_ACTIONS
from ._helpers import quarter_from


def _queue(request, campaign, quarter, publicity_form=None):
    eligible = selectors.typical_not_on_display(campaign, quarter)
    context = {
        "campaign": campaign,
        "quarter": quarter,
        "quarters": Quarter.choices,
        **selectors.review_queue(campaign, quarter),
        "publicity_form": publicity_form or PublicityOpenForm(eligible=eligible),
        "has_eligible": eligible.exists(),
        "objections": list(selectors.pending_objections(campaign)),
        "is_clerk": request.user.role == request.user.Role.CLERK,
    }
    return render(
        request, "achievements/review_queue.html", context, status=form_status(publicity_form)
    )


@role_required("clerk", "leader")
def review_queue(request):
    campaign = campaign_from(request)
    return _queue(request, campaign, quarter_from(request, campaign))


@role_required("clerk")
@require_POST
def publicity_open(request):
    campaign = campaign_from(request)
    quarter = quarter_from(request, campaign)
    eligible = selectors.typical_not_on_display(campaign, quarter)
    form = PublicityOpenForm(request.POST, eligible=eligible)
    if form.is_valid():
        with refusals_onto(form):
            batch = services.publicity_open(
                user=request.user,
                campaign=campaign,
                quarter=quarter,
                achievement_ids=[a.pk for a in form.cleaned_data["achievements"]],
                starts=form.cleaned_data["starts"],
            )
            messages.success(
                request,
                _("On public display from %(starts)s to %(ends)s.")
                % {"starts": batch.starts, "ends": batch.ends},
            )
            return redirect(
                reverse("achievements:review_queue") + f"?year={campaign.year}&quarter={quarter}"
            )
    return _queue(request, campaign, quarter, publicity_form=form)


@role_required("clerk", "leader")
def objection_answer(request, pk):
    objection = selectors.objection_for_center(pk)
    actions = allowed_actions(objection, request.user)
    if request.method == "POST":
        # Any answer is read; the objection's table refuses what this user may not do now.
        form = ObjectionAnswerForm(request.POST, actions=ANSWER_ACTIONS.values())
        if form.is_valid():
            with refusals_onto(form):
                services.objection_answer(
                    objection=objection,
                    user=request.user,
                    outcome=form.cleaned_data["outcome"],
                    answer=form.cleaned_data["answer"],
                    expected_version=form.cleaned_data["version"],
                )
                messages.success(request, _("The objection was answered."))
                achievement = objection.achievement
                return redirect(
                    reverse("achievements:review_queue")
                    + f"?year={achievement.campaign.year}&quarter={achievement.quarter}"
                )
        objection.refresh_from_db()  # a refused answer may have been half applied in memory
    else:
        form = ObjectionAnswerForm(actions=actions, initial={"version": objection.version})
    return render(
        request,
        "achievements/objection_answer.html",
        {"objection": objection, "form": form, "actions": actions},
        status=form_status(form),
    )
