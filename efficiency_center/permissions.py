"""Every "may this user do X to this record" and every per-user queryset scope.

Records are anything with a `department` (the owning unit) and, if reviewable, `state` and
`is_public`. A unit user sees their own unit's records; a key department's head also reads (never
edits) its sub-units' records; the center's clerks and leaders see everything; the public sees
what is published.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Q

from .models import User

Role = User.Role


def has_role(user, *roles):
    if not user.is_authenticated:
        return False
    if user.is_superuser and Role.ADMIN in roles:
        return True
    return user.role in roles


def is_center(user):
    return user.is_authenticated and user.is_center_user


# --- who may act: rules `rule(user, record) -> bool`, read by the workflow tables ------------


def role(*roles):
    """A rule: the user has one of `roles` (whatever the record)."""

    def rule(user, record=None):
        return has_role(user, *roles)

    rule.roles = roles
    return rule


def any_of(*rules):
    def rule(user, record=None):
        return any(r(user, record) for r in rules)

    return rule


def nobody(user, record=None):
    return False


def is_system(user, record=None):
    """The account jobs act as (accounts.system_user)."""
    from .accounts import SYSTEM_USERNAME

    return getattr(user, "username", None) == SYSTEM_USERNAME and not user.is_active


def own_unit(user, record):
    """Staff or head of the unit the record belongs to."""
    return (
        user.is_authenticated
        and user.is_unit_user
        and record.department_id is not None
        and user.department_id == record.department_id
    )


def own_head(user, record):
    return own_unit(user, record) and user.role == Role.HEAD


def supervising_head(user, record):
    """The head of the key department that supervises the record's sub-unit."""
    return (
        user.is_authenticated
        and user.role == Role.HEAD
        and user.department_id is not None
        and record.department_id is not None
        and user.department_id == record.department.supervisor_id
    )


def reads_record(user, record):
    """A unit's own users read its records, and so does the head of the key department that
    supervises it (reading only: never editing)."""
    return own_unit(user, record) or supervising_head(user, record)


def reads_unit(user, department):
    """reads_record for the unit itself (its pages in the assessment)."""
    if not (user.is_authenticated and user.is_unit_user) or department is None:
        return False
    if user.department_id == department.pk:
        return True
    return user.role == Role.HEAD and user.department_id == department.supervisor_id


def readable_units_q(user, department_field="department"):
    """The Q that keeps the rows of units `user` reads (see reads_unit); with
    `department_field=""`, the Q over Department itself."""
    if department_field:
        own, prefix = Q(**{f"{department_field}_id": user.department_id}), f"{department_field}__"
    else:
        own, prefix = Q(pk=user.department_id), ""
    if user.role == Role.HEAD:
        own |= Q(**{f"{prefix}supervisor_id": user.department_id})
    return own


# Rules apps add for readers beyond a unit and the center, e.g. the review panel reading its
# shortlisted candidates; each is `rule(user, record) -> bool`.
extra_read_rules = []


def can_view_record(user, record):
    # A record with its own rule (a complaint is seen by its unit only once forwarded) says so.
    if hasattr(record, "is_viewable_by"):
        return record.is_viewable_by(user)
    if getattr(record, "is_public", False):
        return True
    if not user.is_authenticated:
        return False
    if is_center(user):
        return True
    if any(rule(user, record) for rule in extra_read_rules):
        return True
    return reads_record(user, record)


def can_edit_record(user, record):
    """Staff and heads edit their own unit's records while the record is editable."""
    return own_unit(user, record) and getattr(record, "is_editable", True)


def scope_for_user(queryset, user, *, department_field="department"):
    """The rows of `queryset` that `user` may read (published rows excluded unless theirs)."""
    if not user.is_authenticated:
        return queryset.none()
    if is_center(user):
        return queryset
    if not user.is_unit_user:
        return queryset.none()
    return queryset.filter(readable_units_q(user, department_field))


def role_required(*roles):
    """View decorator: anonymous users go to the login page, the wrong role gets 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_role(request.user, *roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def get_visible_or_404(queryset, user, **lookup):
    """Fetch one record the user may read; another unit's record answers 404, like a missing one."""
    from django.http import Http404

    record = queryset.filter(**lookup).first()
    if record is None or not can_view_record(user, record):
        raise Http404
    return record


# --- the same rules, as refusals a service raises -----------------------------------------------


def require_role(user, *roles, message=None):
    from django.utils.translation import gettext as _

    from .errors import Forbidden

    if not has_role(user, *roles):
        raise Forbidden(message or _("You may not do this."))


def require_editor(user, record):
    """The unit's own staff and heads edit a record, and only while it is editable."""
    from django.utils.translation import gettext as _

    from .errors import DomainError, Forbidden

    if not own_unit(user, record):
        raise Forbidden(_("Only the unit's own staff and head may change this document."))
    if not getattr(record, "is_editable", True):
        raise DomainError(_("This document is no longer editable."))
