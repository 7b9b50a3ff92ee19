"""What every app names the same way: the quarters of a campaign and the focus areas of the
notice (seed 000 §四.2)."""

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _


class Quarter(models.IntegerChoices):
    Q1 = 1, _("Q1")
    Q2 = 2, _("Q2")
    Q3 = 3, _("Q3")
    Q4 = 4, _("Q4")


class FocusArea(models.TextChoices):
    """Seed 000 §四.2: 审批提速、服务提质、规范执法、控减收费及执行制度 (the Chinese labels)."""

    APPROVAL = "approval", _("Faster approvals")
    SERVICE = "service", _("Better service")
    ENFORCEMENT = "enforcement", _("Lawful enforcement")
    FEES = "fees", _("Fewer and lower fees")
    RULES = "rules", _("Keeping to the rules")


def calendar_quarter(day):
    """The calendar quarter a date falls in (1–4)."""
    return (day.month - 1) // 3 + 1


def quarter_bounds(year, quarter):
    """First and last day of a calendar quarter."""
    start = datetime.date(year, 3 * quarter - 2, 1)
    end = (
        datetime.date(year, 12, 31)
        if quarter == 4
        else datetime.date(year, 3 * quarter + 1, 1) - datetime.timedelta(days=1)
    )
    return start, end
