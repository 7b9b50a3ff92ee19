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


def _record_department_id(record):
    return record.department_id


def _record_supervisor_id(record):
    return record.department.supervisor_id


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
    if not user.is_unit_user:
        return False
    if user.department_id == _record_department_id(record):
        return True
    return user.role == Role.HEAD and user.department_id == _record_supervisor_id(record)


def can_edit_record(user, record):
    """Staff and heads edit their own unit's records while the record is editable."""
    return (
        user.is_authenticated
        and user.is_unit_user
        and user.department_id == _record_department_id(record)
        and getattr(record, "is_editable", True)
    )


def scope_for_user(queryset, user, *, department_field="department"):
    """The rows of `queryset` that `user` may read (published rows excluded unless theirs)."""
    if not user.is_authenticated:
        return queryset.none()
    if is_center(user):
        return queryset
    if not user.is_unit_user:
        return queryset.none()
    own = Q(**{f"{department_field}_id": user.department_id})
    if user.role == Role.HEAD:
        own |= Q(**{f"{department_field}__supervisor_id": user.department_id})
    return queryset.filter(own)


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
