"""What the views share: the running campaign, review buttons, turning service errors into
form errors or messages."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from efficiency_center import review
from efficiency_center import selectors as core_selectors
from efficiency_center.permissions import can_edit_record
from efficiency_center.shortcuts import error_messages, show_error  # noqa: F401
from efficiency_center.uploads import attachments_of

from ..forms import ActionForm

# Approval publishes in the same step, so "publish" is never offered as a button of its own.
HIDDEN_ACTIONS = ("publish",)
# The buttons' look: the actions that send a document back are secondary.
ACTION_STYLES = {"return": "outline-danger", "send_back": "outline-danger"}


def running_campaign():
    return core_selectors.running_campaign()


def require_unit_user(user, department_id=None):
    """Only a unit's own staff and head write its documents (403 for everyone else)."""
    if not user.is_unit_user or (department_id is not None and user.department_id != department_id):
        raise PermissionDenied


def require_editable(user, doc):
    if not can_edit_record(user, doc):
        raise PermissionDenied


def review_context(doc, user):
    actions = [a for a in review.allowed_actions(doc, user) if a not in HIDDEN_ACTIONS]
    return {
        "doc": doc,
        "actions": [
            (name, review.ACTION_LABELS[name], ACTION_STYLES.get(name, "primary"))
            for name in actions
        ],
        "action_form": ActionForm(initial={"version": doc.version}),
        "history": list(review.history(doc)),
        "can_edit": can_edit_record(user, doc),
        "attachments": list(attachments_of(doc).select_related("uploaded_by")),
    }


def run_action(request, doc, service, doc_arg, **extra):
    """Take the posted review action through `service`; report the outcome as a message."""
    form = ActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The request was incomplete. Reload the page and try again."))
        return redirect(doc)
    action = form.cleaned_data["action"]
    if action == "approve" and "rating" in extra:
        extra["rating"] = form.cleaned_data["rating"]
    try:
        service(
            **{doc_arg: doc},
            user=request.user,
            action=action,
            comment=form.cleaned_data["comment"],
            expected_version=form.cleaned_data["version"],
            **extra,
        )
    except (review.ReviewError, ValidationError) as error:
        for message in error_messages(error):
            messages.error(request, message)
    else:
        messages.success(request, _("Done: %(action)s.") % {"action": review.ACTION_LABELS[action]})
    return redirect(doc)
