"""The unit's and the center's working pages of a pledge: start, edit, review, correct."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from efficiency_center.forms import StepForm
from efficiency_center.models import Campaign
from efficiency_center.permissions import can_edit_record, own_unit, role_required
from efficiency_center.review import State, document_step
from efficiency_center.shortcuts import cleaned, form_status, refusals_onto
from efficiency_center.vocabulary import Quarter
from efficiency_center.workflow import buttons, workflow_for

from .. import selectors, services
from ..forms import (
    BreachForm,
    ItemFormSet,
    PublishForm,
    StartReportForm,
    VersionForm,
    item_initial,
)
from ..models import MAX_ITEMS


def step_done(document, action):
    """The message after a step: the action's label in the record's table."""
    return _("Done: %(action)s.") % {"action": workflow_for(document).label(action)}


@role_required("staff", "head")
def mine(request):
    campaign = Campaign.objects.running()
    overview = selectors.unit_overview(request.user, campaign) if campaign else None
    return render(request, "pledges/mine.html", {"campaign": campaign, "overview": overview})


@role_required("staff", "head")
@require_POST
def start(request):
    pledge = services.pledge_start(user=request.user, campaign=Campaign.objects.running())
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
    own = own_unit(user, pledge)
    context = {
        "pledge": pledge,
        **page,
        "buttons": buttons(pledge, user, {"approve": PublishForm(pledge=pledge)}),
        "can_edit": can_edit_record(user, pledge),
        "can_correct": own and published and is_latest,
        "can_record_breach": published and user.role == user.Role.CLERK,
    }
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
        if own_unit(user, pledge):
            messages.warning(request, _("This pledge can no longer be edited."))
            return redirect(pledge)
        raise PermissionDenied
    if request.method == "POST":
        version_form = VersionForm(request.POST)
        formset = ItemFormSet(request.POST, prefix="items")
        if version_form.is_valid() and formset.is_valid():
            with refusals_onto(version_form):
                services.pledge_save(
                    pledge=pledge,
                    user=user,
                    expected_version=version_form.cleaned_data["version"],
                    items=formset.items(),
                )
                messages.success(request, _("The pledge was saved."))
                return redirect(pledge)
    else:
        version_form = VersionForm(initial={"version": pledge.version})
        formset = ItemFormSet(initial=item_initial(pledge.items.all()), prefix="items")
    context = {
        "pledge": pledge,
        "version_form": version_form,
        "formset": formset,
        "max_items": MAX_ITEMS,
        "last_return": selectors.last_return(pledge),
    }
    return render(request, "pledges/edit.html", context, status=form_status(version_form, formset))


@login_required
@require_POST
def act(request, pk):
    user = request.user
    pledge = selectors.pledge_for_user(user, pk)
    data = cleaned(StepForm(request.POST), record=pledge)
    action = data["action"]
    if action == "approve":
        services.pledge_publish(
            pledge=pledge,
            user=user,
            expected_version=data["version"],
            comment=data["comment"],
            **cleaned(PublishForm(request.POST, pledge=pledge), record=pledge),
        )
    else:
        document_step(
            document=pledge,
            user=user,
            action=action,
            expected_version=data["version"],
            comment=data["comment"],
        )
    messages.success(request, step_done(pledge, action))
    return redirect(pledge)


@login_required
@require_POST
def correct(request, pk):
    pledge = selectors.pledge_for_user(request.user, pk)
    correction = services.pledge_start_correction(pledge=pledge, user=request.user)
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
    form = BreachForm(request.POST or None, request.FILES or None, items=list(pledge.items.all()))
    if request.method == "POST" and form.is_valid():
        with refusals_onto(form):
            breach = services.broken_pledge_record(user=request.user, **form.cleaned_data)
            messages.success(request, _("Recorded. A leader must confirm it before it counts."))
            return redirect(breach)
    return render(
        request,
        "pledges/breach_form.html",
        {"pledge": pledge, "form": form},
        status=form_status(form),
    )
