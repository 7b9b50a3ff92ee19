"""The unit's pages: the cases forwarded to it, one case with its reply, the reply's sign-offs
and the return of a case that is not the unit's own.

Unit users read `forwarded_text`, never the description, and nothing about the complainant;
another unit's user gets 404 on every URL here (before anything else is checked), a user of the
wrong role 403. Center users are sent to the center's case page.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from efficiency_center.permissions import role_required
from efficiency_center.review import ReviewError, StaleVersionError
from efficiency_center.shortcuts import error_text

from ..forms.unit import DeclineForm, ReplyActionForm, ReplyForm
from ..models import Status
from ..selectors import unit as selectors
from ..selectors.case import deadlines_context
from ..services import extensions, replies
from ..workflow import ComplaintError

PAGE_SIZE = 50

DONE = {
    "submit": gettext_lazy("Signed off."),
    "endorse": gettext_lazy("Endorsed and sent to the center."),
    "send_back": gettext_lazy("Sent back to the sub-unit."),
}


def status_for(exc):
    """409 (Conflict) for a stale page, 400 for a refused request."""
    return 409 if isinstance(exc, StaleVersionError) else 400


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
    is_own = replies.is_own_unit_user(user, complaint)
    can_edit = replies.can_edit_reply(user, complaint, reply)
    is_own_head = replies.is_own_head(user, complaint)
    with_unit = complaint.status == Status.FORWARDED
    decline_open = bool(complaint.decline_due and today <= complaint.decline_due)
    if can_edit and reply_form is None:
        reply_form = ReplyForm(
            initial={
                "facts": reply.facts if reply else "",
                "actions_taken": reply.actions_taken if reply else "",
                "version": reply.version if reply else None,
            }
        )
    if is_own_head and with_unit and decline_open and decline_form is None:
        decline_form = DeclineForm(initial={"version": complaint.version})
    extension_refusal = extensions.refusal(user, complaint, page["extensions"], today)
    context = {
        "complaint": complaint,
        **page,
        **deadlines_context(complaint, today),
        "is_own": is_own,
        "with_unit": with_unit,
        "can_edit_reply": can_edit,
        "reply_form": reply_form if can_edit else None,
        "reply_actions": replies.reply_actions(user, complaint, reply),
        "can_decline": is_own_head and with_unit and decline_open,
        "decline_closed": is_own_head and with_unit and not decline_open,
        "decline_form": decline_form,
        "can_request_extension": is_own_head and with_unit and extension_refusal is None,
        "extension_refusal": extension_refusal if is_own_head and with_unit else None,
    }
    return render(request, "complaints/unit_case.html", context, status=status)


@login_required
def unit_case(request, pk):
    complaint, elsewhere = _case_or_redirect(request, pk)
    if elsewhere is not None:
        return elsewhere
    return render_case(request, complaint)


def refused(request, complaint, exc, **forms):
    messages.error(request, error_text(exc))
    complaint = selectors.case_for_unit(request.user, complaint.pk)
    return render_case(request, complaint, status=status_for(exc), **forms)


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
    if not replies.is_own_unit_user(request.user, complaint):
        raise PermissionDenied
    form = ReplyForm(request.POST, request.FILES)
    if not form.is_valid():
        return render_case(request, complaint, status=400, reply_form=form)
    data = form.cleaned_data
    try:
        replies.reply_save(
            complaint=complaint,
            user=request.user,
            expected_version=data.get("version"),
            data=data,
            evidence=data.get("evidence"),
        )
    except (ValidationError, ReviewError, ComplaintError) as exc:
        form.add_error(None, exc if isinstance(exc, ValidationError) else error_text(exc))
        return render_case(request, complaint, status=status_for(exc), reply_form=form)
    messages.success(request, _("The reply was saved. Your head signs it off."))
    return redirect("complaints:unit_case", complaint.pk)


@login_required
def reply_act(request, pk):
    complaint, elsewhere = _case_or_redirect(request, pk)
    if elsewhere is not None or request.method != "POST":
        return elsewhere or _post_only(request, complaint)
    form = ReplyActionForm(request.POST)
    if not form.is_valid():
        return refused(request, complaint, ValidationError(_("The request was incomplete.")))
    action = form.cleaned_data["action"]
    try:
        replies.reply_act(
            complaint=complaint,
            user=request.user,
            action=action,
            expected_version=form.cleaned_data["version"],
            comment=form.cleaned_data["comment"],
        )
    except (ValidationError, ReviewError, ComplaintError) as exc:
        return refused(request, complaint, exc)
    messages.success(request, DONE[action])
    return redirect("complaints:unit_case", complaint.pk)


@login_required
def decline(request, pk):
    complaint, elsewhere = _case_or_redirect(request, pk)
    if elsewhere is not None or request.method != "POST":
        return elsewhere or _post_only(request, complaint)
    if not replies.is_own_head(request.user, complaint):
        raise PermissionDenied
    form = DeclineForm(request.POST)
    if not form.is_valid():
        return render_case(request, complaint, status=400, decline_form=form)
    try:
        replies.complaint_decline(
            complaint=complaint,
            user=request.user,
            expected_version=form.cleaned_data["version"],
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as exc:
        form.add_error(None, exc)
        return render_case(request, complaint, status=400, decline_form=form)
    except (ReviewError, ComplaintError) as exc:
        return refused(request, complaint, exc)
    messages.success(request, _("The case was returned to the center as not your unit's."))
    return redirect("complaints:unit_case", complaint.pk)


urlpatterns = [
    path("unit/", unit_queue, name="unit_queue"),
    path("unit/<int:pk>/", unit_case, name="unit_case"),
    path("unit/<int:pk>/reply/", reply_save, name="reply_save"),
    path("unit/<int:pk>/reply/act/", reply_act, name="reply_act"),
    path("unit/<int:pk>/decline/", decline, name="decline"),
]
