"""Believable demo achievements for seed_demo, made through the services with the year's dates
(county.at), so that every record has the history, the ledger entries and the notifications the
services write.

Q1 carries seed 002's own figures: 82 achievements from 42 units verified, 22 of them from 17
units typical, forwarded to the city and shown in a public display (公示) that the job closed.
Q2 and Q3 have believable numbers, two late filers each (their late filing costs them the
quarter's points) and, in Q3, an objection the clerk answered. The running quarter has work in
every state and a public display open now with an objection waiting for the clerk.

The units with demo accounts report themselves; the others emailed their reports, which the
center imported, and their heads signed them off (accounts made by county.unit_user). Re-running
is safe: a campaign that already has achievements is left alone.
"""

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from efficiency_center.demo import ACCOUNTS
from efficiency_center.review import State
from efficiency_center.vocabulary import calendar_quarter, quarter_bounds

from . import services
from .models import Achievement, Category

# quarter -> (achievements, units, typical, units with typical) for the past quarters.
PLAN = {1: (82, 42, 22, 17), 2: (95, 47, 25, 19), 3: (88, 45, 20, 16)}
# Seed 002's named units lead the typical lists (工商、财政、环保…) and seed 000's stories.
LEADERS = ["D16", "D03", "D06", "S01", "D33", "D11", "S03", "D35", "D09", "D01", "D18"]
STORIES = {
    "S01": (
        "四个“提前介入”优化环评审批服务",
        "approval",
        "101%服务",
        "在项目咨询、环评文件编制、受理、审批四个阶段提前介入，提前草拟审批意见，受理后立即批复。",
        {"cases_handled": 46, "workdays_saved": 230},
        "建设项目业主",
    ),
    "D33": (
        "促成银企对接，助力实体经济",
        "service",
        "百户企业大走访",
        "主导召开“金融支持实体经济”银企融资对接签约大会，168户企业与10个银行、3个小贷"
        "公司达成融资合作意向19.2亿元。",
        {"enterprises_served": 168},
        "全县中小微企业",
    ),
    "D11": (
        "渔业科技入户，服务到家",
        "service",
        "百个站所进万家",
        "组织专家组和指导员深入乡镇、村组、塘口，举办养殖技术培训班5期，建立技术会诊制度。",
        {"people_served": 300},
        "渔（农）民群众",
    ),
    "S03": (
        "全面推行“痕迹化”监管模式",
        "enforcement",
        "其他",
        "检查有方案、现场有笔录、处理有结果，行政处罚各环节留痕，规范执法办案程序。",
        {"cases_handled": 57},
        "食品药品经营者",
    ),
    "D35": (
        "重大项目代办员全程帮办",
        "approval",
        "101%服务",
        "为重大项目配备代办员，实行一对一全程代办，审批材料一次告知。",
        {"cases_handled": 31, "workdays_saved": 186, "enterprises_served": 31},
        "重大项目业主",
    ),
}
PATTERNS = [
    ("推行“容缺受理”，项目审批提速", "approval", "101%服务"),
    ("延时服务、预约服务常态化", "service", "101%服务"),
    ("领导班子走访挂钩企业，现场解决难题", "service", "百户企业大走访"),
    ("科长挂钩联系中小微企业，上门帮办", "service", "百名科长联百企"),
    ("基层站所人员每月入户服务", "service", "百个站所进万家"),
    ("涉企检查报备，“无过错不打扰”", "enforcement", "其他"),
    ("首错不罚、轻微不罚，规范自由裁量", "enforcement", "其他"),
    ("亮证收费，落实惠企减负政策", "fees", "其他"),
    ("执行首问负责、限时办结制度", "rules", "其他"),
    ("精简审批材料，压缩办理时限", "approval", "其他"),
]
FIGURE_RANGES = {
    "approval": {"cases_handled": (12, 160), "workdays_saved": (20, 400)},
    "service": {"enterprises_served": (5, 120), "people_served": (30, 2000)},
    "enforcement": {"cases_handled": (8, 90)},
    "fees": {"enterprises_served": (10, 200), "money_saved": (5, 300)},
    "rules": {"cases_handled": (20, 500), "people_served": (50, 3000)},
}
RETURN_COMMENT = "请补充量化数据和佐证材料。"
DISMISSED_OBJECTION = (
    "这项服务是单位的本职工作，不应算作典型实绩。",
    "经核实，该单位在法定职责之外主动提供上门帮办和延时服务，属于101%服务，异议不成立。",
)
PENDING_OBJECTION = "据了解，该项目实际办结用时5个工作日，并非材料中所述的当天办结，请核实。"
DAY = datetime.timedelta(days=1)


class _Seeder:
    def __init__(self, county):
        self.county = county
        self.campaign = county.campaign
        self.clerk = county.users["clerk"]
        self.rng = random.Random(2014)
        self.today = timezone.localdate(county.now)
        self.categories = {c.name: c for c in Category.objects.filter(campaign=self.campaign)}
        units = sorted(county.units.values(), key=lambda u: (u.is_sub_unit, u.code))
        by_code = {u.code: u for u in units}
        leaders = [by_code[c] for c in LEADERS if c in by_code]
        self.units = leaders + [u for u in units if u not in leaders]
        # The units whose own staff report (the demo logins); the others' reports are imported.
        self.reporting = {code for _name, _full, role, code in ACCOUNTS if role == "staff"}

    def at(self, day, hour):
        return self.county.at(day.month, day.day, hour)

    # --- what a unit reports -----------------------------------------------------------------

    def content(self, unit, quarter, index):
        """The cleaned data of one report, as AchievementForm hands it to the services."""
        first, last = quarter_bounds(self.campaign.year, quarter)
        if unit.code in STORIES and index == 0:
            title, focus, category, description, figures, beneficiaries = STORIES[unit.code]
            figures = dict(figures)
        else:
            text, focus, category = PATTERNS[(index * 3 + int(unit.code[1:])) % len(PATTERNS)]
            title = f"{unit.short_name}{text}"
            description = f"{unit.short_name}{text}，本季度持续推进，群众和企业反映良好。"
            figures = {
                name: self.rng.randint(low, high)
                for name, (low, high) in FIGURE_RANGES[focus].items()
            }
            beneficiaries = "办事群众和企业"
        if "money_saved" in figures:
            figures["money_saved"] = Decimal(figures["money_saved"])
        # A period inside the quarter and not in the future.
        last = min(last, max(first, self.today))
        start = min(last, first + datetime.timedelta(days=self.rng.randint(0, 30)))
        return {
            "title": title[:200],
            "focus_area": focus,
            "category": self.categories[category],
            "is_101": category == "101%服务",
            "description": description,
            "beneficiaries": beneficiaries,
            "period_start": start,
            "period_end": min(last, start + datetime.timedelta(days=45)),
            **figures,
        }

    def report(self, unit, quarter, indexes, day):
        """The unit's drafts: written by its staff, or imported by the center from its email."""
        rows = [self.content(unit, quarter, index) for index in indexes]
        at = self.at(day, 9)
        if unit.code not in self.reporting:
            return services.achievements_import(
                user=self.clerk,
                campaign=self.campaign,
                department=unit,
                quarter=quarter,
                rows=rows,
                at=at,
            )
        staff = self.county.unit_user(unit, "staff")
        return [
            services.achievement_report(
                user=staff, campaign=self.campaign, quarter=quarter, data=data, at=at
            )
            for data in rows
        ]

    # --- the steps ---------------------------------------------------------------------------

    def step(self, achievement, user, action, at, comment=""):
        services.achievement_step(
            achievement=achievement,
            user=user,
            action=action,
            expected_version=achievement.version,
            comment=comment,
            at=at,
        )

    def sign_off(self, achievement, day, *, endorse=True):
        """The head files it; a sub-unit's goes on to its supervising department's head."""
        unit = achievement.department
        self.step(achievement, self.county.unit_user(unit, "head"), "submit", self.at(day, 10))
        if achievement.state == State.SIGNED and endorse:
            supervisor = self.county.unit_user(unit.supervisor, "head")
            self.step(achievement, supervisor, "endorse", self.at(day, 14))

    def verify(self, achievement, day):
        self.step(achievement, self.clerk, "approve", self.at(day, 16))

    def mark_typical(self, achievement, day):
        """Typical and forwarded to the city at once (its bonus in the ledger)."""
        services.achievement_mark_typical(
            achievement=achievement,
            user=self.clerk,
            expected_version=achievement.version,
            at=self.at(day, 17),
        )

    def display(self, quarter, typical, starts):
        return services.publicity_open(
            user=self.clerk,
            campaign=self.campaign,
            quarter=quarter,
            achievement_ids=[a.pk for a in typical],
            starts=starts,
            at=self.at(starts, 18),
        )

    # --- the quarters ------------------------------------------------------------------------

    def past_quarter(self, quarter):
        """Filed two days before the deadline (two units three days after it from Q2 on),
        verified and the typical ones forwarded five days after it, then on public display
        until the job closes the batch."""
        total, unit_count, typical_count, typical_units = PLAN[quarter]
        deadline = self.campaign.quarter_deadlines()[quarter]
        units = self.units[:unit_count]
        per_unit = [1] * unit_count
        for i in range(total - unit_count):
            per_unit[i % unit_count] += 1
        doubles = typical_count - typical_units  # units with two typical achievements
        late = set() if quarter == 1 else {units[-1].pk, units[-2].pk}
        verified_on = deadline + 5 * DAY  # seed 002: "3月25日 … 核实、筛选 … 公示"
        typical = []
        for position, (unit, count) in enumerate(zip(units, per_unit, strict=True)):
            filed_on = deadline + (3 * DAY if unit.pk in late else -2 * DAY)
            achievements = self.report(unit, quarter, range(count), filed_on - 4 * DAY)
            marks = 2 if position < doubles else (1 if position < typical_units else 0)
            for index, achievement in enumerate(achievements):
                self.sign_off(achievement, filed_on)
                self.verify(achievement, verified_on)
                if index < marks:
                    self.mark_typical(achievement, verified_on)
                    typical.append(achievement)
        batch = self.display(quarter, typical, verified_on)
        if quarter == 3:
            # One answered objection shows the public how answers appear.
            objection = services.objection_raise(
                achievement=typical[0],
                text=DISMISSED_OBJECTION[0],
                ip_address="198.51.100.23",
                at=self.at(verified_on + DAY, 15),
            )
            services.objection_answer(
                objection=objection,
                user=self.clerk,
                outcome="dismissed",
                answer=DISMISSED_OBJECTION[1],
                expected_version=objection.version,
                at=self.at(verified_on + 3 * DAY, 10),
            )
        services.publicity_close_due(at=self.at(batch.ends + DAY, 1))

    def running_quarter(self, quarter):
        """Work in every state in the units with demo logins, and in sixteen others verified
        or waiting, six of them typical and on public display right now, one with an objection
        waiting for the clerk."""
        first, _last = quarter_bounds(self.campaign.year, quarter)
        created_on = max(first, self.today - 15 * DAY)
        filed_on = max(first, self.today - 12 * DAY)
        verified_on = max(first, self.today - 4 * DAY)
        starts = max(first, self.today - 2 * DAY)
        states = [State.DRAFT, State.SUBMITTED, State.RETURNED, State.APPROVED]
        reporting = [u for u in self.units if u.code in self.reporting]
        for i, unit in enumerate(reporting):
            first_one, _draft = self.report(unit, quarter, (5, 6), created_on)
            target = State.SIGNED if unit.is_sub_unit else states[i % len(states)]
            if target == State.DRAFT:
                continue
            self.sign_off(first_one, filed_on, endorse=target != State.SIGNED)
            if target == State.RETURNED:
                self.step(first_one, self.clerk, "return", self.at(verified_on, 16), RETURN_COMMENT)
            elif target == State.APPROVED:
                self.verify(first_one, verified_on)
        typical = []
        others = [u for u in self.units if u.code not in self.reporting][:16]
        for i, unit in enumerate(others):
            (achievement,) = self.report(unit, quarter, (5,), created_on)
            self.sign_off(achievement, filed_on)
            if i < 6 or i % 2 == 0:
                self.verify(achievement, verified_on)
            if i < 6:
                self.mark_typical(achievement, verified_on)
                typical.append(achievement)
        self.display(quarter, typical, starts)
        services.objection_raise(
            achievement=typical[0],
            text=PENDING_OBJECTION,
            name="李先生",
            contact="139****0000",
            ip_address="203.0.113.7",
            at=self.at(max(starts, self.today - DAY), 15),
        )


def seed(county):
    campaign = county.campaign
    if Achievement.objects.filter(campaign=campaign).exists():
        return
    services.categories_ensure_defaults(campaign=campaign)
    seeder = _Seeder(county)
    running = calendar_quarter(seeder.today) if seeder.today.year == campaign.year else 4
    for quarter in PLAN:
        if quarter < running or quarter == 1:
            seeder.past_quarter(quarter)
    if running != 1:
        seeder.running_quarter(quarter=running)
