"""Who gets told, and who signs what a job does: the user look-ups every app's services share."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

User = get_user_model()
SYSTEM_USERNAME = "system"


def unit_users(department_id, *, roles=User.UNIT_ROLES):
    """The active staff and heads (or only `roles`) of one unit."""
    return list(User.objects.filter(department_id=department_id, role__in=roles, is_active=True))


def center_users(role):
    """The active center users of one role (clerk, leader)."""
    return list(User.objects.filter(role=role, is_active=True))


def clerks():
    return center_users(User.Role.CLERK)


def system_user():
    """The author of what jobs record (the ledger needs a `recorded_by`): an inactive account
    that cannot log in, shared by every app's jobs."""
    user, created = User.objects.get_or_create(
        username=SYSTEM_USERNAME,
        defaults={
            "role": User.Role.ADMIN,
            "is_active": False,
            "full_name": _("System (automatic)"),
        },
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user
