"""The unit's pages: the cases forwarded to it, one case with its reply, the reply's sign-offs
and the return of a case that is not the unit's own.

Unit users read `forwarded_text`, never the description, and nothing about the complainant;
another unit's user gets 404 on every URL here (before anything else is checked). What each
user may do is the tables' (workflows.py): the case's for returning it or asking for more
time, the reply's for its sign-offs. Center users are sent to the center's case page.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

from efficiency_center.forms import StepForm
from efficiency_center.permissions import own_head, own_unit, role_required
from efficiency_center.shortcuts import cleaned, form_status, refusals_onto
from efficiency_center.workflow import allowed_actions, buttons, workflow_for

from ..forms.unit import DeclineForm, ReplyForm
from ..models import Reply, Status
from ..rules import decline_open
from ..selectors import unit as selectors
from ..selectors.case import deadlines_context
from ..services import extensions, replies

PAGE_SIZE = 50


@role_required("staff", "head")
def unit_queue(request):
    show = request.GET.get("show", "todo")
    if show not in selectors.QUEUE_VIEWS:
        show = "todo"
    page = Paginator(selectors.unit_queue(request.user, show=show), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    page.object_list = selectors.queue_rows(page.object_list)
    return render(
        request,
        "complaints/unit_queue.html",
        {
            "page": page,
            "show": show,
            "views": [
                ("todo", _("With our unit")),
                ("open", _("Still open")),
                ("all", _("All")),
            ],
            "department": request.user.department,
            "shows_sub_units": request.user.role == "head",
        },
    )


def _case_or_redirect(request, pk):
    """The case for a unit page: 404 if the user may not read it; center users are sent to
    the center's page (returned as the second item)."""
    user = request.user
    complaint = selectors.case_for_unit(user, pk)
    if user.is_center_user:
        return complaint, redirect(complaint)
    if not user.is_unit_user:
        raise PermissionDenied
    return complaint, None


def render_case(request, complaint, *, status=200, reply_form=None, decline_form=None):
    user = request.user
    today = timezone.localdate()
    page = selectors.unit_case_page(complaint, user, today)
    reply = page["reply"]
    offered = allowed_actions(complaint, user)
    can_edit = (
        own_unit(user, complaint)
        and complaint.status == Status.FORWARDED
        and (reply is None or reply.is_editable)
    )
    if can_edit and reply_form is None:
        reply_form = ReplyForm(
            initial={
                "facts": reply.facts if reply else "",
                "actions_taken": reply.actions_taken if reply else "",
                "version": reply.version if reply else None,
            }
        )
    if "decline" in offered and decline_form is None:
        decline_form = DeclineForm(initial={"version": complaint.version})
    for form, shown in ((reply_form, can_edit), (decline_form, "decline" in offered)):
        if form is not None and form.is_bound and not shown:
            # Refused, and no longer offered: say why on top.
            messages.error(request, " ".join(str(e) for e in form.non_field_errors()))
    with_unit = complaint.status == Status.FORWARDED
    head_with_case = own_head(user, complaint) and with_unit
    context = {
        "complaint": complaint,
        **page,
        **deadlines_context(complaint, today),
        "with_unit": with_unit,
        "reply_form": reply_form if can_edit else None,
        "reply_buttons": buttons(reply, user) if reply is not None else [],
        "decline_form": decline_form if "decline" in offered else None,
        "decline_closed": head_with_case and not decline_open(complaint, today),
        "can_request_extension": "request_extension" in offered,
        "extension_refusal": (
            extensions.extension_refusal(complaint, user)
            if head_with_case and "request_extension" not in offered
            else None
        ),
    }
    return render(request, "complaints/unit_case.html", context, status=status)


@login_required
def unit_case(request, pk):
    complaint, elsewhere = _case_or_redirect(request, pk)
    if elsewhere is not None:
        return elsewhere
    return render_case(request, complaint)


def _post_only(request, complaint):
    """The POST-only URLs answer a GET (after the access check) with the case page."""
    if request.method != "POST":
        return redirect("complaints:unit_case", complaint.pk)
    return None


@login_required
def reply_save(request, pk):
    complaint, elsewhere = _case_or_redirect(request, pk)
    if elsewhere is not None or request.method != "POST":
        return elsewhere or _post_only(request, complaint)
    form = ReplyForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        with refusals_onto(form):
            replies.reply_save(
                complaint=complaint,
                user=request.user,
                expected_version=data.get("version"),
                data=data,
                evidence=data.get("evidence"),
            )
            messages.success(request, _("The reply was saved. Your head signs it off."))
            return redirect("complaints:unit_case", complaint.pk)
    return render_case(request, complaint, status=form_status(form), reply_form=form)


@login_required
def reply_act(request, pk):
    """A button of the reply (sign off, endorse, send back): a refusal goes back to the page
    with its message (DomainErrorMiddleware)."""
    complaint, elsewhere = _case_or_redirect(request, pk)
    if elsewhere is not None or request.method != "POST":
        return elsewhere or _post_only(request, complaint)
    data = cleaned(StepForm(request.POST), record=complaint)
    replies.reply_step(
        complaint=complaint,
        user=request.user,
        action=data["action"],
        expected_version=data["version"],
        comment=data["comment"],
    )
    label = workflow_for(Reply).label(data["action"])
    messages.success(request, _("Done: %(action)s.") % {"action": label})
    return redirect("complaints:unit_case", complaint.pk)


@login_required
def decline(request, pk):
    complaint, elsewhere = _case_or_redirect(request, pk)
    if elsewhere is not None or request.method != "POST":
        return elsewhere or _post_only(request, complaint)
    form = DeclineForm(request.POST)
    if form.is_valid():
        with refusals_onto(form):
            replies.complaint_decline(
                complaint=complaint,
                user=request.user,
                expected_version=form.cleaned_data["version"],
                comment=form.cleaned_data["comment"],
            )
            messages.success(request, _("The case was returned to the center as not your unit's."))
            return redirect("complaints:unit_case", complaint.pk)
    complaint = selectors.case_for_unit(request.user, pk)
    return render_case(request, complaint, status=form_status(form), decline_form=form)


urlpatterns = [
    path("unit/", unit_queue, name="unit_queue"),
    path("unit/<int:pk>/", unit_case, name="unit_case"),
    path("unit/<int:pk>/reply/", reply_save, name="reply_save"),
    path("unit/<int:pk>/reply/act/", reply_act, name="reply_act"),
    path("unit/<int:pk>/decline/", decline, name="decline"),
]
