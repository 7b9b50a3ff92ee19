"""The center imports a unit's achievements sent by email (seed 000 §五.4) as the unit's drafts."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from efficiency_center.accounts import unit_users
from efficiency_center.models import User
from efficiency_center.notifications import notify
from efficiency_center.permissions import require_role
from efficiency_center.workflow import record_created

from ..models import Achievement
from .reports import check_room, check_rules, content_of, lock_department


@transaction.atomic
def achievements_import(*, user, campaign, department, quarter, rows, at=None):
    """Create one draft per validated row (cleaned_data of AchievementForm), all or nothing."""
    at = at or timezone.now()
    require_role(user, User.Role.CLERK, message=_("Only the center's clerks import reports."))
    department = lock_department(department)
    for data in rows:
        check_rules(campaign=campaign, quarter=quarter, data=data)
    check_room(campaign=campaign, department=department, quarter=quarter, adding=len(rows))
    created = Achievement.objects.bulk_create(
        Achievement(
            campaign=campaign,
            department=department,
            quarter=quarter,
            created_by=user,
            created_at=at,
            imported=True,
            **content_of(data),
        )
        for data in rows
    )
    for achievement in created:
        record_created(achievement, actor=user, at=at, comment=_("Imported by the center"))
    if created:
        notify(
            unit_users(department.pk),
            _(
                "The center imported %(count)s achievement(s) of Q%(quarter)s as your drafts: "
                "please check and submit them."
            )
            % {"count": len(created), "quarter": quarter},
            url=reverse("achievements:mine"),
            at=at,
        )
    return created
