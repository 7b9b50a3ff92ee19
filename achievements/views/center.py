"""The center's pages: the verification queue per quarter, typical marking, the public display
batches and the answers to objections."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from efficiency_center.permissions import role_required
from efficiency_center.review import ReviewError

from .. import selectors, services
from ..forms import NotAcceptForm, ObjectionAnswerForm, PublicityOpenForm, TypicalForm
from ..models import Quarter
from ._helpers import campaign_from, error_text, quarter_from
from .work import refused


@role_required("clerk", "leader")
def review_queue(request):
    campaign = campaign_from(request)
    quarter = quarter_from(request, campaign)
    eligible = selectors.typical_not_on_display(campaign, quarter)
    return render(
        request,
        "achievements/review_queue.html",
        {
            "campaign": campaign,
            "quarter": quarter,
            "quarters": Quarter.choices,
            **selectors.review_queue(campaign, quarter),
            "publicity_form": PublicityOpenForm(eligible=eligible),
            "has_eligible": eligible.exists(),
            "objections": list(selectors.pending_objections(campaign)),
            "is_clerk": request.user.role == request.user.Role.CLERK,
        },
    )


@role_required("clerk")
@require_POST
def not_accept(request, pk):
    achievement = selectors.achievement_for_user(request.user, pk)
    form = NotAcceptForm(request.POST)
    if not form.is_valid():
        return refused(request, pk, ReviewError(_("Please give the reason.")))
    try:
        services.achievement_not_accept(
            achievement=achievement,
            user=request.user,
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data["version"],
        )
    except ReviewError as exc:
        return refused(request, pk, exc)
    messages.success(request, _("The achievement was not accepted; the unit was told why."))
    return redirect(achievement)


@role_required("clerk")
@require_POST
def mark_typical(request, pk):
    achievement = selectors.achievement_for_user(request.user, pk)
    form = TypicalForm(request.POST)
    if not form.is_valid():
        return refused(request, pk, ReviewError(_("The request was incomplete.")))
    try:
        services.achievement_mark_typical(
            achievement=achievement,
            user=request.user,
            expected_version=form.cleaned_data["version"],
            forward=form.cleaned_data["forward"],
        )
    except ReviewError as exc:
        return refused(request, pk, exc)
    messages.success(request, _("Marked typical."))
    return redirect(achievement)


@role_required("clerk")
@require_POST
def forward(request, pk):
    achievement = selectors.achievement_for_user(request.user, pk)
    form = TypicalForm(request.POST)
    if not form.is_valid():
        return refused(request, pk, ReviewError(_("The request was incomplete.")))
    try:
        services.achievement_forward(
            achievement=achievement,
            user=request.user,
            expected_version=form.cleaned_data["version"],
        )
    except ReviewError as exc:
        return refused(request, pk, exc)
    messages.success(request, _("Forwarded to the city; the bonus was recorded."))
    return redirect(achievement)


@role_required("clerk")
@require_POST
def publicity_open(request):
    campaign = campaign_from(request)
    quarter = quarter_from(request, campaign)
    eligible = selectors.typical_not_on_display(campaign, quarter)
    form = PublicityOpenForm(request.POST, eligible=eligible)
    back = reverse("achievements:review_queue") + f"?year={campaign.year}&quarter={quarter}"
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(back)
    try:
        batch = services.publicity_open(
            user=request.user,
            campaign=campaign,
            quarter=quarter,
            achievement_ids=[a.pk for a in form.cleaned_data["achievements"]],
            starts=form.cleaned_data["starts"],
        )
    except (ValidationError, ReviewError) as exc:
        messages.error(request, error_text(exc))
        return redirect(back)
    messages.success(
        request,
        _("On public display from %(starts)s to %(ends)s.")
        % {"starts": batch.starts, "ends": batch.ends},
    )
    return redirect(back)


@role_required("clerk", "leader")
def objection_answer(request, pk):
    objection = selectors.objection_for_center(pk)
    is_clerk = request.user.role == request.user.Role.CLERK
    status = 200
    if request.method == "POST" and is_clerk and objection.is_pending:
        form = ObjectionAnswerForm(request.POST)
        if form.is_valid():
            try:
                services.objection_answer(
                    objection=objection,
                    user=request.user,
                    outcome=form.cleaned_data["outcome"],
                    answer=form.cleaned_data["answer"],
                )
            except (ValidationError, ReviewError) as exc:
                status = 409
                form.add_error(None, error_text(exc))
            else:
                messages.success(request, _("The objection was answered."))
                return redirect(
                    reverse("achievements:review_queue")
                    + f"?year={objection.achievement.campaign.year}"
                    f"&quarter={objection.achievement.quarter}"
                )
    elif request.method == "POST":
        messages.error(request, _("This objection cannot be answered now."))
        status = 403 if not is_clerk else 409
        form = ObjectionAnswerForm()
    else:
        form = ObjectionAnswerForm()
    return render(
        request,
        "achievements/objection_answer.html",
        {"objection": objection, "form": form, "is_clerk": is_clerk},
        status=status,
    )
