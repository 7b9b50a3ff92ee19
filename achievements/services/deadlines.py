"""The quarterly deadline: a unit with nothing filed by it loses points, once per quarter."""

from django.db import transaction
from django.db.models import Min
from django.utils import timezone

from efficiency_center.models import Department
from efficiency_center.scoring import ScoreKind, record_score

from ..models import Achievement, MissedDeadline
from ._common import system_user


def once_key(campaign, department_id, quarter):
    return f"achievements-late:{campaign.pk}:{department_id}:Q{quarter}"


@transaction.atomic
def missed_deadline_record(*, campaign, department, quarter, recorded_by):
    """Record (once) that `department` filed nothing of `quarter` by its deadline."""
    missed, _created = MissedDeadline.objects.get_or_create(
        campaign=campaign, department=department, quarter=quarter
    )
    record_score(
        department=department,
        campaign=campaign,
        kind=ScoreKind.REPORT_LATE,
        cause=missed,
        recorded_by=recorded_by,
        note=f"Q{quarter}",
        once_key=once_key(campaign, department.pk, quarter),
    )
    return missed


def missed_deadlines_sweep(*, campaign, today=None):
    """For every quarter whose deadline has passed, record each active unit that filed nothing
    by it. Safe to run twice: MissedDeadline and the ledger key make each record once."""
    today = today or timezone.localdate()
    recorded = 0
    for quarter, deadline in campaign.quarter_deadlines().items():
        if today <= deadline:
            continue
        first_filed = dict(
            Achievement.objects.filter(campaign=campaign, quarter=quarter, filed_at__isnull=False)
            .values_list("department_id")
            .annotate(first=Min("filed_at"))
            .order_by()
        )
        done = set(
            MissedDeadline.objects.filter(campaign=campaign, quarter=quarter).values_list(
                "department_id", flat=True
            )
        )
        for department in Department.objects.filter(is_active=True).exclude(pk__in=done):
            filed = first_filed.get(department.pk)
            if filed is not None and timezone.localdate(filed) <= deadline:
                continue
            missed_deadline_record(
                campaign=campaign, department=department, quarter=quarter, recorded_by=system_user()
            )
            recorded += 1
    return recorded
