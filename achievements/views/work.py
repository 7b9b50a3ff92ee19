"""The unit's pages (report, edit, sign off) and the achievement's work page for everyone who
may read it at work, with the steps its table offers them."""

from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from efficiency_center.forms import StepForm
from efficiency_center.permissions import can_edit_record, role_required
from efficiency_center.shortcuts import campaign_from, cleaned, form_status, refusals_onto
from efficiency_center.vocabulary import Quarter
from efficiency_center.workflow import buttons

from .. import selectors, services
from ..forms import AchievementForm, TypicalForm, VersionForm
from ._helpers import current_quarter, step_done


@role_required("staff", "head")
def mine(request):
    campaign = campaign_from(request)
    achievements = list(selectors.unit_achievements(request.user, campaign)) if campaign else []
    quarters = [
        (quarter, Quarter(quarter).label, list(rows))
        for quarter, rows in groupby(achievements, key=lambda a: a.quarter)
    ]
    return render(
        request,
        "achievements/mine.html",
        {"campaign": campaign, "quarters": quarters, "department": request.user.department},
    )


@role_required("staff", "head")
def create(request):
    campaign = campaign_from(request)
    if request.method == "POST":
        form = AchievementForm(request.POST, request.FILES, campaign=campaign)
        if form.is_valid():
            data = form.cleaned_data
            with refusals_onto(form):
                achievement = services.achievement_report(
                    user=request.user,
                    campaign=campaign,
                    quarter=data["quarter"],
                    data=data,
                    evidence=data.get("evidence"),
                )
                messages.success(request, _("The achievement was saved as a draft."))
                return redirect(achievement)
    else:
        form = AchievementForm(campaign=campaign, initial={"quarter": current_quarter(campaign)})
    return render(
        request,
        "achievements/form.html",
        {"form": form, "campaign": campaign, "creating": True},
        status=form_status(form),
    )


@login_required
def detail(request, pk):
    user = request.user
    achievement = selectors.achievement_for_user(user, pk)
    can_edit = can_edit_record(user, achievement)
    context = {
        "achievement": achievement,
        **selectors.achievement_page(achievement),
        "buttons": buttons(achievement, user, {"mark_typical": TypicalForm()}),
        "can_edit": can_edit,
        "can_delete": can_edit and achievement.filed_at is None,
    }
    return render(request, "achievements/detail.html", context)


@login_required
def edit(request, pk):
    user = request.user
    achievement = selectors.achievement_for_user(user, pk)
    if not can_edit_record(user, achievement):
        messages.warning(request, _("This achievement can no longer be edited."))
        return redirect(achievement)
    kwargs = {"campaign": achievement.campaign, "quarter": achievement.quarter}
    if request.method == "POST":
        form = AchievementForm(request.POST, request.FILES, instance=achievement, **kwargs)
        if form.is_valid():
            data = form.cleaned_data
            with refusals_onto(form):
                services.achievement_update(
                    achievement=achievement,
                    user=user,
                    expected_version=data.get("version") or 0,
                    data=data,
                    evidence=data.get("evidence"),
                )
                messages.success(request, _("The achievement was saved."))
                return redirect(achievement)
    else:
        form = AchievementForm(
            instance=achievement, initial={"version": achievement.version}, **kwargs
        )
    context = {
        "form": form,
        "achievement": achievement,
        "campaign": achievement.campaign,
        "last_comment": selectors.last_return_comment(achievement),
    }
    return render(request, "achievements/form.html", context, status=form_status(form))


@login_required
@require_POST
def act(request, pk):
    """Every step the achievement's page offers (workflow.buttons), by its table's name."""
    user = request.user
    achievement = selectors.achievement_for_user(user, pk)
    data = cleaned(StepForm(request.POST), record=achievement)
    action = data["action"]
    common = {"achievement": achievement, "user": user, "expected_version": data["version"]}
    if action == "not_accept":
        services.achievement_not_accept(**common, reason=data["comment"])
    elif action == "mark_typical":
        forward = cleaned(TypicalForm(request.POST), record=achievement)["forward"]
        services.achievement_mark_typical(**common, forward=forward)
    elif action == "forward":
        services.achievement_forward(**common)
    else:
        services.achievement_step(**common, action=action, comment=data["comment"])
    messages.success(request, step_done(achievement, action))
    return redirect(achievement)


@login_required
@require_POST
def delete(request, pk):
    achievement = selectors.achievement_for_user(request.user, pk)
    version = cleaned(VersionForm(request.POST), record=achievement)["version"]
    services.achievement_delete(
        achievement=achievement, user=request.user, expected_version=version
    )
    messages.success(request, _("The draft was deleted."))
    return redirect("achievements:mine")
