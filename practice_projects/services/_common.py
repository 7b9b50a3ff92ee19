"""What every write of this app shares: who is told, and the sign-off bookkeeping."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from efficiency_center import review
from efficiency_center.accounts import clerks, system_user, unit_users  # noqa: F401
from efficiency_center.notifications import notify
from efficiency_center.permissions import can_edit_record
from efficiency_center.review import State

User = get_user_model()


def ensure_editable_by(doc, user):
    if not can_edit_record(user, doc):
        raise review.ReviewError(_("You may not edit this document now."))


def require_text(value, field, message):
    if not (value or "").strip():
        raise ValidationError({field: message}, code="required")


def record_created(doc, user):
    review.record_state_change(
        doc, action="create", from_state="", to_state=State.DRAFT, actor=user
    )


def take_action(doc, *, action, user, comment, expected_version):
    """review.transition plus what this app keeps: when the unit's own head first signed the
    document off (`filed_at`, the date deadlines are judged by)."""
    change = review.transition(
        doc, action, user, comment=comment, expected_version=expected_version
    )
    if action == "submit" and doc.filed_at is None:
        doc.filed_at = change.created_at
        type(doc).objects.filter(pk=doc.pk).update(filed_at=doc.filed_at)
    return change


def publish_after_approval(doc, user):
    """Documents that are public once approved are published in the same step."""
    review.transition(doc, "publish", user, expected_version=doc.version)


def tell_about_transition(doc, *, action, actor, comment, what):
    """Who hears of a review step: the next signer, the center, or the unit."""
    department = doc.department
    params = {"what": what, "doc": doc, "unit": department.name}
    if action == "submit" and doc.state == State.SIGNED:
        users = unit_users(department.supervisor_id, roles=(User.Role.HEAD,))
        verb = _("%(unit)s asks you to endorse: %(what)s “%(doc)s”.") % params
    elif action in ("submit", "endorse"):
        users = clerks()
        verb = _("%(unit)s submitted %(what)s “%(doc)s” for review.") % params
    elif action in ("return", "send_back"):
        users = unit_users(department.pk)
        verb = _("%(what)s “%(doc)s” was returned: %(comment)s") % {**params, "comment": comment}
    elif action == "approve":
        users = unit_users(department.pk)
        verb = _("%(what)s “%(doc)s” was approved.") % params
    else:
        return []
    return notify([u for u in users if u.pk != actor.pk], verb, doc)


def touch(doc):
    doc.updated_at = timezone.now()
