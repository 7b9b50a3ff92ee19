"""What the pledge services share: who is told about a step, and the checks every write makes."""

from django.utils.translation import gettext as _

from efficiency_center.accounts import center_users, unit_users  # noqa: F401
from efficiency_center.models import User
from efficiency_center.notifications import notify
from efficiency_center.permissions import can_edit_record
from efficiency_center.review import ReviewError, State

Role = User.Role


def require_editor(user, doc):
    """The unit's own staff and heads edit, and only while the document is editable."""
    if not can_edit_record(user, doc):
        if doc.is_editable:
            raise ReviewError(_("Only the unit's own staff and head may change this document."))
        raise ReviewError(_("This document is no longer editable."))


def require_role(user, *roles):
    if not user.is_authenticated or user.role not in roles:
        raise ReviewError(_("You may not do this."))


def notify_step(doc, change):
    """Tell whoever must act next, or the unit, about the workflow step `change` on `doc`."""
    action, to_state = change.action, change.to_state
    if action == "submit" and to_state == State.SIGNED:
        recipients = unit_users(doc.department.supervisor_id, roles=[Role.HEAD])
        verb = _("%(doc)s was signed off by the unit's head and awaits your endorsement.")
    elif action in ("submit", "endorse"):
        recipients = center_users(Role.CLERK)
        verb = _("%(doc)s was submitted to the center for review.")
    elif action == "send_back":
        recipients = unit_users(doc.department_id)
        verb = _("%(doc)s was sent back by the supervising department: see the comment.")
    elif action == "return":
        recipients = unit_users(doc.department_id)
        verb = _("%(doc)s was returned by the center: see the comment.")
    elif action == "publish":
        recipients = unit_users(doc.department_id)
        verb = _("%(doc)s was approved and published.")
    else:
        return []
    recipients = [user for user in recipients if user.pk != change.actor_id]
    return notify(recipients, verb % {"doc": doc}, doc)
