"""The unit's pages (report, edit, sign off) and the achievement's work page for everyone who
may read it at work."""

from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from efficiency_center.permissions import can_edit_record, role_required
from efficiency_center.review import ReviewError, StaleVersionError, State, allowed_actions

from .. import selectors, services
from ..forms import AchievementForm, ActionForm, NotAcceptForm, TypicalForm, VersionForm
from ..models import Quarter
from ._helpers import campaign_from, current_quarter, error_text

DONE = {
    "submit": _("Signed off and submitted."),
    "endorse": _("Endorsed and submitted to the center."),
    "send_back": _("Sent back to the unit."),
    "return": _("Returned to the unit with your comment."),
    "approve": _("Verified."),
}


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
            try:
                achievement = services.achievement_report(
                    user=request.user,
                    campaign=campaign,
                    quarter=data["quarter"],
                    data=data,
                    evidence=data.get("evidence"),
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The achievement was saved as a draft."))
                return redirect(achievement)
    else:
        form = AchievementForm(campaign=campaign, initial={"quarter": current_quarter(campaign)})
    return render(
        request, "achievements/form.html", {"form": form, "campaign": campaign, "creating": True}
    )


@login_required
def detail(request, pk, status=200, extra=None):
    user = request.user
    achievement = selectors.achievement_for_user(user, pk)
    actions = [] if achievement.not_accepted_at else allowed_actions(achievement, user)
    is_clerk = user.role == user.Role.CLERK
    context = {
        "achievement": achievement,
        **selectors.achievement_page(achievement),
        "actions": actions,
        "can_edit": can_edit_record(user, achievement),
        "can_delete": can_edit_record(user, achievement) and achievement.filed_at is None,
        "can_not_accept": is_clerk
        and achievement.state == State.SUBMITTED
        and not achievement.not_accepted_at,
        "can_mark_typical": is_clerk
        and achievement.state == State.APPROVED
        and not achievement.is_typical,
        "can_forward": is_clerk and achievement.is_typical and not achievement.forwarded_at,
        "typical_form": TypicalForm(initial={"version": achievement.version}),
        "not_accept_form": NotAcceptForm(initial={"version": achievement.version}),
        **(extra or {}),
    }
    return render(request, "achievements/detail.html", context, status=status)


def refused(request, pk, exc):
    """Show the work page again with the reason; a stale version answers 409 (Conflict)."""
    messages.error(request, error_text(exc))
    return detail(request, pk, status=409 if isinstance(exc, StaleVersionError) else 400)


@login_required
def edit(request, pk):
    user = request.user
    achievement = selectors.achievement_for_user(user, pk)
    if not can_edit_record(user, achievement):
        messages.warning(request, _("This achievement can no longer be edited."))
        return redirect(achievement)
    status = 200
    kwargs = {"campaign": achievement.campaign, "quarter": achievement.quarter}
    if request.method == "POST":
        form = AchievementForm(request.POST, request.FILES, instance=achievement, **kwargs)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.achievement_update(
                    achievement=achievement,
                    user=user,
                    expected_version=data.get("version") or 0,
                    data=data,
                    evidence=data.get("evidence"),
                )
            except (ValidationError, ReviewError) as exc:
                status = 409 if isinstance(exc, StaleVersionError) else 400
                form.add_error(None, error_text(exc))
            else:
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
        "last_comment": next(
            (s.comment for s in reversed(selectors.achievement_page(achievement)["history"])
             if s.action in ("return", "send_back")),
            "",
        ) if achievement.state == State.RETURNED else "",
    }  # fmt: skip
    return render(request, "achievements/form.html", context, status=status)


@login_required
@require_POST
def act(request, pk):
    achievement = selectors.achievement_for_user(request.user, pk)
    form = ActionForm(request.POST)
    if not form.is_valid():
        return refused(request, pk, ValidationError(_("The request was incomplete.")))
    action = form.cleaned_data["action"]
    try:
        services.achievement_act(
            achievement=achievement,
            user=request.user,
            action=action,
            comment=form.cleaned_data["comment"],
            expected_version=form.cleaned_data["version"],
        )
    except ReviewError as exc:
        return refused(request, pk, exc)
    messages.success(request, DONE[action])
    return redirect(achievement)


@login_required
@require_POST
def delete(request, pk):
    achievement = selectors.achievement_for_user(request.user, pk)
    form = VersionForm(request.POST)
    try:
        if not form.is_valid():
            raise ReviewError(_("The request was incomplete."))
        services.achievement_delete(
            achievement=achievement,
            user=request.user,
            expected_version=form.cleaned_data["version"],
        )
    except ReviewError as exc:
        return refused(request, pk, exc)
    messages.success(request, _("The draft was deleted."))
    return redirect("achievements:mine")
