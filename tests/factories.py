import datetime

import factory
from django.contrib.auth import get_user_model

from efficiency_center.models import Campaign, DayOverride, Department


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"T{n:03d}")
    name = factory.Sequence(lambda n: f"县测试局{n}")
    short_name = factory.LazyAttribute(lambda o: o.name[:6])
    kind = Department.Kind.KEY
    approval_duty = True


class SubUnitFactory(DepartmentFactory):
    name = factory.Sequence(lambda n: f"县测试局第{n}所")
    kind = Department.Kind.STATION
    supervisor = factory.SubFactory(DepartmentFactory)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"测试用户{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    role = "staff"
    department = factory.SubFactory(DepartmentFactory)
    password = factory.django.Password("pw-for-tests-1")


class CenterUserFactory(UserFactory):
    role = "clerk"
    department = None


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign
        django_get_or_create = ("year",)

    year = 2026
    name = "“优服务、助发展”主题实践暨公开承诺、践诺活动"
    start_date = factory.LazyAttribute(lambda o: datetime.date(o.year, 3, 20))
    end_date = factory.LazyAttribute(lambda o: datetime.date(o.year, 12, 25))
    plan_deadline = factory.LazyAttribute(lambda o: datetime.date(o.year, 3, 20))
    q1_deadline = factory.LazyAttribute(lambda o: datetime.date(o.year, 3, 20))
    q2_deadline = factory.LazyAttribute(lambda o: datetime.date(o.year, 6, 20))
    q3_deadline = factory.LazyAttribute(lambda o: datetime.date(o.year, 9, 20))
    q4_deadline = factory.LazyAttribute(lambda o: datetime.date(o.year, 12, 20))


class DayOverrideFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DayOverride

    date = datetime.date(2027, 1, 1)
    is_workday = False
