"""The demo county: units from demo_data/units.csv, this year's campaign, the demo accounts.

Each app adds its own believable records in `<app>/demo.py: seed(county)`, called in order,
through the app's services with the dates of the year (`county.at(month, day)`), so that the
demo's history is the one the services write."""

import csv
import datetime
import functools
import importlib
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from .models import Campaign, Department

DEMO_PASSWORD = "demo-pass-2014"


@functools.cache
def demo_password_hash():
    """The demo password hashed once: a hundred demo accounts share it, and hashing it for each
    would take most of seed_demo's time."""
    return make_password(DEMO_PASSWORD)


UNITS_CSV = Path(__file__).parent / "demo_data" / "units.csv"
CAMPAIGN_NAME = "“优服务、助发展”主题实践暨公开承诺、践诺活动"
APPS_WITH_DEMO = (
    "pledges",
    "practice_projects",
    "achievements",
    "complaints",
    "selection",
    "assessment",
)

# username, full name, role, unit code (None for the center's own people)
ACCOUNTS = [
    ("admin", "系统管理员", "admin", None),
    ("clerk", "王敏（综合科）", "clerk", None),
    ("clerk2", "李静（综合科）", "clerk", None),
    ("leader", "张建国（中心主任）", "leader", None),
    ("reviewer", "陈平（特邀监督员）", "reviewer", None),
    ("fgw_staff", "刘洋", "staff", "D01"),
    ("fgw_head", "赵志强", "head", "D01"),
    ("czj_staff", "孙丽", "staff", "D03"),
    ("czj_head", "周伟", "head", "D03"),
    ("hbj_staff", "吴芳", "staff", "D06"),
    ("hbj_head", "郑海", "head", "D06"),
    ("ypj_staff", "冯磊", "staff", "D18"),
    ("ypj_head", "何军", "head", "D18"),
    ("jcdd_staff", "许娟", "staff", "S03"),
    ("jcdd_head", "韩涛", "head", "S03"),
]


@dataclass
class County:
    campaign: Campaign
    units: dict = field(default_factory=dict)  # code -> Department
    users: dict = field(default_factory=dict)  # username -> User
    now: datetime.datetime = field(default_factory=timezone.now)

    def at(self, month, day, hour=10, minute=0):
        """A moment of the campaign's year (local time), never later than now: a demo loaded
        early in the year tells what has happened so far."""
        moment = timezone.make_aware(
            datetime.datetime(self.campaign.year, month, day, hour, minute)
        )
        return min(moment, self.now - datetime.timedelta(minutes=1))

    def day(self, month, day):
        return timezone.localdate(self.at(month, day))

    def unit_user(self, unit, role):
        """The demo account of `unit` with `role` (staff or head): one of ACCOUNTS where the
        unit has one, else one created here ("<code>_<role>", the demo password), so that what
        a unit without demo accounts files and signs has a real author."""
        for user in self.users.values():
            if user.department_id == unit.pk and user.role == role:
                return user
        username = f"{unit.code.lower()}_{role}"
        user, created = get_user_model().objects.get_or_create(
            username=username,
            defaults={
                "full_name": f"{unit.short_name}{'负责人' if role == 'head' else '经办人'}",
                "role": role,
                "department": unit,
                "email": f"{username}@example.org",
            },
        )
        if created:
            user.password = demo_password_hash()
            user.save(update_fields=["password"])
        self.users[username] = user
        return user


def load_units(path=UNITS_CSV):
    with open(path, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    units = {}
    # Key departments first: sub-units point at them.
    for row in sorted(rows, key=lambda r: r["kind"] != "key"):
        units[row["code"]], _ = Department.objects.update_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "short_name": row["short_name"],
                "kind": row["kind"],
                "supervisor": units.get(row["supervisor_code"]) if row["supervisor_code"] else None,
                "approval_duty": row["approval_duty"] == "yes",
            },
        )
    return units


def ensure_campaign(year=None):
    year = year or timezone.localdate().year
    defaults = Campaign.defaults_for_year(year)
    defaults.update(name=CAMPAIGN_NAME, themes=["一主四辅", "12345战略", "第28届中国荷花展"])
    campaign, _ = Campaign.objects.get_or_create(year=year, defaults=defaults)
    return campaign


def ensure_accounts(units):
    User = get_user_model()
    users = {}
    for username, full_name, role, code in ACCOUNTS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "full_name": full_name,
                "role": role,
                "department": units[code] if code else None,
                "is_staff": role == "admin",
                "is_superuser": role == "admin",
                "email": f"{username}@example.org",
            },
        )
        if created:
            user.password = demo_password_hash()
            user.save(update_fields=["password"])
        users[username] = user
    return users


@transaction.atomic
def seed():
    from .notifications import without_email

    units = load_units()
    county = County(campaign=ensure_campaign(), units=units, users=ensure_accounts(units))
    with without_email():
        for app in APPS_WITH_DEMO:
            try:
                module = importlib.import_module(f"{app}.demo")
            except ModuleNotFoundError:
                continue
            module.seed(county)
    return county
