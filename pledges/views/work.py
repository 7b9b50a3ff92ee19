"""The unit's and the center's working pages of a pledge: start, edit, review, correct."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from efficiency_center.models import Campaign
from efficiency_center.permissions import can_edit_record, role_required
from efficiency_center.review import ReviewError, StaleVersionError, State, allowed_actions

from .. import selectors, services
from ..forms import (
    BreachForm,
    ItemFormSet,
    PublishForm,
    ReviewActionForm,
    StartReportForm,
    VersionForm,
    item_initial,
)
from ..models import MAX_ITEMS, Quarter
from ._helpers import error_text, is_own_unit

DONE = {
    "submit": gettext_lazy("Signed off and submitted."),
    "endorse": gettext_lazy("Endorsed and submitted to the center."),
    "send_back": gettext_lazy("Sent back to the unit."),
    "return": gettext_lazy("Returned to the unit with your comment."),
    "approve": gettext_lazy("Approved and published."),
}


@role_required("staff", "head")
def mine(request):
    campaign = Campaign.objects.running()
    overview = selectors.unit_overview(request.user, campaign) if campaign else None
    return render(request, "pledges/mine.html", {"campaign": campaign, "overview": overview})


@role_required("staff", "head")
@require_POST
def start(request):
    try:
        pledge = services.pledge_start(user=request.user, campaign=Campaign.objects.running())
    except ReviewError as exc:
        messages.error(request, error_text(exc))
        return redirect("pledges:mine")
    messages.success(
        request, _("The reference pledge was filled in for your unit: adapt it and save.")
    )
    return redirect("pledges:edit", pk=pledge.pk)


@login_required
def detail(request, pk):
    user = request.user
    pledge = selectors.pledge_for_user(user, pk)
    page = selectors.pledge_page(pledge, user)
    is_latest = page["revisions"][-1].pk == pledge.pk
    published = pledge.state == State.PUBLISHED
    own = is_own_unit(user, pledge)
    context = {
        "pledge": pledge,
        **page,
        "actions": allowed_actions(pledge, user),
        "can_edit": can_edit_record(user, pledge),
        "can_correct": own and published and is_latest,
        "can_record_breach": published and user.role == user.Role.CLERK,
    }
    if "approve" in context["actions"]:
        context["publish_form"] = PublishForm(pledge=pledge)
    if own and published and not page["superseded"]:
        context["start_report_form"] = StartReportForm()
        context["quarters_open"] = [
            (q, label) for q, label in Quarter.choices if q not in page["reported_quarters"]
        ]
    return render(request, "pledges/detail.html", context)


@login_required
def edit(request, pk):
    user = request.user
    pledge = selectors.pledge_for_user(user, pk)
    if not can_edit_record(user, pledge):
        if is_own_unit(user, pledge):
            messages.warning(request, _("This pledge can no longer be edited."))
            return redirect(pledge)
        raise PermissionDenied
    status, stale_error, service_error = 200, None, None
    if request.method == "POST":
        version_form = VersionForm(request.POST)
        formset = ItemFormSet(request.POST, prefix="items")
        if version_form.is_valid() and formset.is_valid():
            try:
                services.pledge_save_draft(
                    pledge=pledge,
                    user=user,
                    expected_version=version_form.cleaned_data["version"],
                    items=formset.items(),
                )
            except StaleVersionError as exc:
                # The user's input is shown again as they left it; nothing was saved.
                status, stale_error = 409, str(exc)
            except (ValidationError, ReviewError) as exc:
                service_error = error_text(exc)
            else:
                messages.success(request, _("The pledge was saved."))
                return redirect(pledge)
    else:
        version_form = VersionForm(initial={"version": pledge.version})
        formset = ItemFormSet(initial=item_initial(pledge.items.all()), prefix="items")
    last_return = selectors.last_return(pledge)
    context = {
        "pledge": pledge,
        "version_form": version_form,
        "formset": formset,
        "stale_error": stale_error,
        "service_error": service_error,
        "max_items": MAX_ITEMS,
        "last_return": last_return,
    }
    return render(request, "pledges/edit.html", context, status=status)


@login_required
@require_POST
def act(request, pk):
    user = request.user
    pledge = selectors.pledge_for_user(user, pk)
    form = ReviewActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The request was incomplete; nothing was changed."))
        return redirect(pledge)
    action, data = form.cleaned_data["action"], form.cleaned_data
    try:
        if action == "approve":
            publish_form = PublishForm(request.POST, pledge=pledge)
            if not publish_form.is_valid():
                raise ValidationError(
                    [e for errors in publish_form.errors.values() for e in errors]
                )
            services.pledge_publish(
                pledge=pledge,
                user=user,
                expected_version=data["version"],
                comment=data["comment"],
                **publish_form.cleaned_data,
            )
        else:
            services.pledge_act(
                pledge=pledge,
                user=user,
                action=action,
                expected_version=data["version"],
                comment=data["comment"],
            )
    except (ReviewError, ValidationError) as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, DONE[action])
    return redirect(pledge)


@login_required
@require_POST
def correct(request, pk):
    pledge = selectors.pledge_for_user(request.user, pk)
    try:
        correction = services.pledge_start_correction(pledge=pledge, user=request.user)
    except ReviewError as exc:
        messages.error(request, error_text(exc))
        return redirect(pledge)
    messages.success(
        request,
        _("Revision %(revision)s was started: make the correction, then it goes through review.")
        % {"revision": correction.revision},
    )
    return redirect("pledges:edit", pk=correction.pk)


@role_required("clerk")
def breach_new(request, pk):
    """A clerk records that an item of this published pledge was not kept."""
    pledge = selectors.pledge_for_user(request.user, pk)
    if pledge.state != State.PUBLISHED:
        messages.error(request, _("Only an item of a published pledge can be found not kept."))
        return redirect(pledge)
    items = list(pledge.items.all())
    form = BreachForm(request.POST or None, request.FILES or None, items=items)
    if request.method == "POST" and form.is_valid():
        try:
            breach = services.broken_pledge_record(
                item=form.cleaned_data["item"],
                quarter=form.cleaned_data["quarter"],
                description=form.cleaned_data["description"],
                evidence=form.cleaned_data["evidence"],
                user=request.user,
            )
        except (ReviewError, ValidationError) as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, _("Recorded. A leader must confirm it before it counts."))
            return redirect(breach)
    return render(request, "pledges/breach_form.html", {"pledge": pledge, "form": form})
