"""What the document pages share: the buttons and history their table gives, and a step taken
from a button."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from efficiency_center.forms import StepForm
from efficiency_center.permissions import can_edit_record
from efficiency_center.shortcuts import cleaned
from efficiency_center.uploads import attachments_of
from efficiency_center.workflow import buttons, history, workflow_for

from .. import services


def document_page(doc, user, forms=None):
    """The context of a document's page: its buttons (workflow.buttons, with `forms` for the
    actions that take more than a comment), its history and files."""
    return {
        "doc": doc,
        "buttons": buttons(doc, user, forms),
        "history": history(doc),
        "can_edit": can_edit_record(user, doc),
        "attachments": list(attachments_of(doc).select_related("uploaded_by")),
    }


def take_step(request, doc, approve=None):
    """A button of `doc`'s page, posted: `approve(**fields)` for an approval that does more
    than the step (publish, rate), else the step itself. A refusal goes back to the page with
    its message (DomainErrorMiddleware)."""
    data = cleaned(StepForm(request.POST), record=doc)
    fields = {
        "user": request.user,
        "expected_version": data["version"],
        "comment": data["comment"],
    }
    if data["action"] == "approve" and approve is not None:
        approve(**fields)
    else:
        services.document_step(document=doc, action=data["action"], **fields)
    label = workflow_for(doc).label(data["action"])
    messages.success(request, _("Done: %(action)s.") % {"action": label})
    return redirect(doc)
