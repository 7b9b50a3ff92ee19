"""The center imports a unit's achievements sent by email (seed 000 §五.4) as the unit's drafts."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from efficiency_center import review
from efficiency_center.notifications import notify
from efficiency_center.review import State

from ..models import Achievement
from ..rules import check_content
from ._common import unit_users
from .reports import _check_room, _content, lock_department


@transaction.atomic
def achievements_import(*, user, campaign, department, quarter, rows):
    """Create one draft per validated row (cleaned_data of AchievementForm), all or nothing."""
    if user.role != user.Role.CLERK:
        raise PermissionDenied
    department = lock_department(department)
    for data in rows:
        check_content(campaign=campaign, quarter=quarter, data=data)
    _check_room(campaign=campaign, department=department, quarter=quarter, adding=len(rows))
    created = Achievement.objects.bulk_create(
        Achievement(
            campaign=campaign,
            department=department,
            quarter=quarter,
            created_by=user,
            imported=True,
            **_content(data),
        )
        for data in rows
    )
    for achievement in created:
        review.record_state_change(
            achievement,
            action="create",
            from_state="",
            to_state=State.DRAFT,
            actor=user,
            comment=_("Imported by the center"),
        )
    if created:
        notify(
            unit_users(department.pk),
            _(
                "The center imported %(count)s achievement(s) of Q%(quarter)s as your drafts: "
                "please check and submit them."
            )
            % {"count": len(created), "quarter": quarter},
            url=reverse("achievements:mine"),
        )
    return created
