"""The quarterly deadline: a unit with nothing filed by it loses points, once per quarter."""

from django.db.models import Min
from django.utils import timezone

from efficiency_center.lateness import LateFiling, late_filing_record
from efficiency_center.models import Department

from ..models import Achievement
from .reports import LATE_SOURCE, late_period, late_what


def missed_deadlines_sweep(*, campaign, at=None):
    """For every quarter whose deadline has passed by the day of `at`, record each active unit
    that filed nothing by it. Safe to run twice: one LateFiling per unit × quarter, one ledger
    entry. With the assessment closed each unit is a logged skip (late_filing_record) and the
    sweep goes on. Returns how many were recorded."""
    at = at or timezone.now()
    today = timezone.localdate(at)
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
        done = LateFiling.objects.filter(campaign=campaign, period=late_period(quarter))
        for department in Department.objects.filter(is_active=True).exclude(
            pk__in=done.values("department_id")
        ):
            filed = first_filed.get(department.pk)
            if filed is not None and timezone.localdate(filed) <= deadline:
                continue
            row = late_filing_record(
                campaign=campaign,
                department=department,
                source=LATE_SOURCE,
                period=late_period(quarter),
                deadline=deadline,
                what=late_what(quarter),
                at=at,
            )
            recorded += row is not None
    return recorded
