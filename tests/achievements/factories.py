import datetime
from decimal import Decimal

import factory

from achievements.models import Achievement, Category
from efficiency_center.review import State
from tests.factories import CampaignFactory, DepartmentFactory, UserFactory


class AchievementFactory(factory.django.DjangoModelFactory):
    """An achievement in any state, written directly (service paths are tested separately)."""

    class Meta:
        model = Achievement

    campaign = factory.SubFactory(CampaignFactory)
    department = factory.SubFactory(DepartmentFactory)
    quarter = 1
    title = factory.Sequence(lambda n: f"窗口“提前介入”服务第{n}项")
    focus_area = "approval"
    category = factory.LazyAttribute(
        lambda o: Category.objects.filter(campaign=o.campaign).order_by("position").first()
    )
    is_101 = False
    description = "提前了解项目情况，提前草拟审批意见，受理后即时办结。"
    cases_handled = 46
    workdays_saved = 12
    enterprises_served = 0
    people_served = 0
    money_saved = Decimal("0")
    beneficiaries = "建设项目业主"
    period_start = factory.LazyAttribute(
        lambda o: datetime.date(o.campaign.year, 3 * o.quarter - 2, 1)
    )
    period_end = factory.LazyAttribute(
        lambda o: datetime.date(o.campaign.year, 3 * o.quarter - 2, 28)
    )
    state = State.DRAFT
    created_by = factory.LazyAttribute(lambda o: UserFactory(role="staff", department=o.department))


def verified(**kwargs):
    """A verified achievement (state approved)."""
    kwargs.setdefault("state", State.APPROVED)
    return AchievementFactory(**kwargs)


def form_data(campaign, quarter=1, **overrides):
    """POST data of a valid AchievementForm."""
    category = Category.objects.filter(campaign=campaign).order_by("position").first()
    data = {
        "quarter": quarter,
        "title": "企业开办“一窗通办”",
        "focus_area": "service",
        "category": category.pk,
        "is_101": "on",
        "description": "设立企业开办专窗，材料一次告知，当天办结。",
        "cases_handled": "120",
        "workdays_saved": "",
        "enterprises_served": "85",
        "people_served": "",
        "money_saved": "",
        "beneficiaries": "新开办企业",
        "period_start": f"{campaign.year}-{3 * quarter - 2:02d}-01",
        "period_end": f"{campaign.year}-{3 * quarter - 2:02d}-25",
    }
    data.update(overrides)
    return data
