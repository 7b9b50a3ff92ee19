"""Believable demo achievements for seed_demo.

Q1 carries seed 002's own figures: 82 achievements from 42 units verified, 22 of them from 17
units typical, forwarded to the city and shown on the government website. Q2 and Q3 have
believable numbers, a few late filers and an answered objection; the running quarter has work in
every state and one public display batch open with an objection waiting for the clerk.

Records are written in bulk (not through the services) because they carry past dates; the
review history, ledger entries (record_score) and batches are written to match. Re-running is
safe: a campaign that already has achievements is left alone.
"""

import datetime
import random
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from efficiency_center import workdays
from efficiency_center.review import State, StateChange
from efficiency_center.scoring import ScoreKind, record_score

from .models import (
    Achievement,
    Category,
    MissedDeadline,
    Objection,
    PublicityBatch,
    quarter_bounds,
    quarter_of,
)
from .services.categories import categories_ensure_defaults
from .services.deadlines import once_key as late_once_key
from .services.verification import forward_once_key

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


def _moment(day, hour=10):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


class _Seeder:
    def __init__(self, county):
        self.campaign = county.campaign
        self.users = county.users
        self.clerk = county.users["clerk"]
        self.rng = random.Random(2014)
        self.categories = {c.name: c for c in Category.objects.filter(campaign=self.campaign)}
        units = sorted(county.units.values(), key=lambda u: (u.is_sub_unit, u.code))
        by_code = {u.code: u for u in units}
        leaders = [by_code[c] for c in LEADERS if c in by_code]
        self.units = leaders + [u for u in units if u not in leaders]
        self.staff = {u.department_id: u for u in county.users.values() if u.role == "staff"}
        self.heads = {u.department_id: u for u in county.users.values() if u.role == "head"}
        self.history = []

    def build(self, unit, quarter, index, **fields):
        first, last = quarter_bounds(self.campaign.year, quarter)
        if unit.code in STORIES and index == 0:
            title, focus, category, description, figures, beneficiaries = STORIES[unit.code]
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
        last = min(last, max(first, timezone.localdate()))
        start = min(last, first + datetime.timedelta(days=self.rng.randint(0, 30)))
        staff = self.staff.get(unit.pk)
        return Achievement(
            campaign=self.campaign,
            department=unit,
            quarter=quarter,
            title=title[:200],
            focus_area=focus,
            category=self.categories[category],
            is_101=category == "101%服务",
            description=description,
            beneficiaries=beneficiaries,
            period_start=start,
            period_end=min(last, start + datetime.timedelta(days=45)),
            created_by=staff or self.clerk,
            imported=staff is None,
            **figures,
            **fields,
        )

    def past_quarter(self, quarter):
        total, unit_count, typical, typical_units = PLAN[quarter]
        deadline = self.campaign.quarter_deadlines()[quarter]
        units = self.units[:unit_count]
        per_unit = [1] * unit_count
        for i in range(total - unit_count):
            per_unit[i % unit_count] += 1
        doubles = typical - typical_units  # units with two typical achievements
        late_units = set() if quarter == 1 else {units[-1].pk, units[-2].pk}
        rows = []
        for position, (unit, count) in enumerate(zip(units, per_unit, strict=True)):
            late = unit.pk in late_units
            filed = _moment(deadline + datetime.timedelta(days=3 if late else -2))
            approved = _moment(deadline + datetime.timedelta(days=5))
            marks = 2 if position < doubles else (1 if position < typical_units else 0)
            for index in range(count):
                is_typical = index < marks
                rows.append(
                    self.build(
                        unit,
                        quarter,
                        index,
                        state=State.PUBLISHED if is_typical else State.APPROVED,
                        created_at=filed - datetime.timedelta(days=4),
                        filed_at=filed,
                        submitted_at=filed,
                        approved_at=approved,
                        is_late=late,
                        is_typical=is_typical,
                        typical_at=approved if is_typical else None,
                        forwarded_at=approved if is_typical else None,
                        published_at=approved if is_typical else None,
                        version=4 if is_typical else 3,
                    )
                )
        # Seed 002: "3月25日 … 核实、筛选 … 通过金湖政府网向社会公示".
        starts = deadline + datetime.timedelta(days=5)
        batch = PublicityBatch.objects.create(
            campaign=self.campaign,
            quarter=quarter,
            starts=starts,
            ends=workdays.add_workdays(starts, self.campaign.publicity_workdays),
            state=PublicityBatch.BatchState.CLOSED,
            opened_by=self.clerk,
            created_at=_moment(starts, 9),
        )
        batch.closed_at = _moment(batch.ends + datetime.timedelta(days=1), 0)
        batch.save(update_fields=["closed_at"])
        for row in rows:
            if row.is_typical:
                row.batch = batch
        created = Achievement.objects.bulk_create(rows)
        for unit in units:
            if unit.pk in late_units:
                self.missed(unit, quarter)
        return created

    def current_quarter(self, quarter):
        """Work in progress in every state, and typical ones on display right now."""
        today = timezone.localdate()
        first, _last = quarter_bounds(self.campaign.year, quarter)
        demo_units = [u for u in self.units if u.pk in self.staff]
        others = [u for u in self.units if u.pk not in self.staff][:16]
        starts = today - datetime.timedelta(days=2)
        batch = PublicityBatch.objects.create(
            campaign=self.campaign,
            quarter=quarter,
            starts=starts,
            ends=workdays.add_workdays(starts, self.campaign.publicity_workdays),
            opened_by=self.clerk,
            created_at=_moment(starts, 9),
        )
        filed = _moment(max(first, today - datetime.timedelta(days=12)))
        approved = _moment(max(first, today - datetime.timedelta(days=4)))
        rows = []
        states = [State.DRAFT, State.SUBMITTED, State.RETURNED, State.APPROVED]
        for i, unit in enumerate(demo_units):
            state = State.SIGNED if unit.is_sub_unit else states[i % len(states)]
            rows.append(self.work_row(unit, quarter, 0, state, filed, approved))
            rows.append(self.work_row(unit, quarter, 1, State.DRAFT, filed, approved))
        for i, unit in enumerate(others):
            typical = i < 6
            state = State.PUBLISHED if typical else (State.APPROVED, State.SUBMITTED)[i % 2]
            row = self.work_row(unit, quarter, 0, state, filed, approved, typical=typical)
            row.batch = batch if typical else None
            rows.append(row)
        created = Achievement.objects.bulk_create(rows)
        on_display = [a for a in created if a.batch_id]
        Objection.objects.create(
            achievement=on_display[0],
            text="据了解，该项目实际办结用时5个工作日，并非材料中所述的当天办结，请核实。",
            name="李先生",
            contact="139****0000",
            ip_address="203.0.113.7",
            created_at=_moment(today - datetime.timedelta(days=1), 15),
        )
        return created

    def work_row(self, unit, quarter, index, state, filed, approved, typical=False):
        reached_center = state not in (State.DRAFT,)
        verified = state in (State.APPROVED, State.PUBLISHED)
        return self.build(
            unit,
            quarter,
            index + 5,
            state=state,
            created_at=filed - datetime.timedelta(days=3),
            filed_at=filed if reached_center else None,
            submitted_at=filed
            if state in (State.SUBMITTED, State.APPROVED, State.PUBLISHED)
            else None,
            approved_at=approved if verified else None,
            published_at=approved if state == State.PUBLISHED else None,
            is_typical=typical,
            typical_at=approved if typical else None,
            forwarded_at=approved if typical else None,
            version=4 if typical else 2,
        )

    def missed(self, unit, quarter):
        missed = MissedDeadline.objects.create(
            campaign=self.campaign, department=unit, quarter=quarter
        )
        record_score(
            department=unit,
            campaign=self.campaign,
            kind=ScoreKind.REPORT_LATE,
            cause=missed,
            recorded_by=self.clerk,
            note=f"Q{quarter}",
            once_key=late_once_key(self.campaign, unit.pk, quarter),
        )

    def ledger_and_history(self, achievements):
        content_type = ContentType.objects.get_for_model(Achievement)
        changes = []
        for a in achievements:
            actor = self.heads.get(a.department_id, self.clerk)

            def step(action, from_state, to_state, when, by=self.clerk, a=a, comment=""):
                changes.append(
                    StateChange(
                        content_type=content_type, object_id=a.pk, action=action,
                        from_state=from_state, to_state=to_state, actor=by,
                        created_at=when, comment=comment,
                    )
                )  # fmt: skip

            step("create", "", State.DRAFT, a.created_at, by=a.created_by)
            if a.state == State.RETURNED:
                step("submit", State.DRAFT, State.SUBMITTED, a.filed_at, by=actor)
                step(
                    "return",
                    State.SUBMITTED,
                    State.RETURNED,
                    a.filed_at,
                    comment="请补充量化数据和佐证材料。",
                )  # noqa: E501
            elif a.state == State.SIGNED:
                step("submit", State.DRAFT, State.SIGNED, a.filed_at, by=actor)
            elif a.submitted_at:
                step("submit", State.DRAFT, State.SUBMITTED, a.submitted_at, by=actor)
            if a.approved_at:
                step("approve", State.SUBMITTED, State.APPROVED, a.approved_at)
            if a.is_typical:
                step("mark_typical", State.APPROVED, State.APPROVED, a.typical_at)
                step("forward", State.APPROVED, State.APPROVED, a.forwarded_at)
                record_score(
                    department=a.department,
                    campaign=self.campaign,
                    kind=ScoreKind.TYPICAL_FORWARDED,
                    cause=a,
                    recorded_by=self.clerk,
                    confirmed_by=self.clerk,
                    note=a.title[:200],
                    once_key=forward_once_key(a),
                )
            if a.published_at:
                step("publish", State.APPROVED, State.PUBLISHED, a.published_at)
        StateChange.objects.bulk_create(changes)


def seed(county):
    campaign = county.campaign
    if Achievement.objects.filter(campaign=campaign).exists():
        return
    categories_ensure_defaults(campaign=campaign)
    seeder = _Seeder(county)
    today = timezone.localdate()
    running = quarter_of(today) if today.year == campaign.year else 4
    created = []
    for quarter in PLAN:
        if quarter < running or quarter == 1:
            created += seeder.past_quarter(quarter)
    if running != 1:
        created += seeder.current_quarter(running)
    seeder.ledger_and_history(created)
    # One answered objection in Q3's display shows the public how answers appear.
    typical_q3 = next((a for a in created if a.quarter == 3 and a.is_typical), None)
    if typical_q3 is not None:
        Objection.objects.create(
            achievement=typical_q3,
            text="这项服务是单位的本职工作，不应算作典型实绩。",
            ip_address="198.51.100.23",
            outcome=Objection.Outcome.DISMISSED,
            answer="经核实，该单位在法定职责之外主动提供上门帮办和延时服务，"
            "属于101%服务，异议不成立。",
            answered_by=county.users["clerk"],
            answered_at=typical_q3.published_at + datetime.timedelta(days=3),
            created_at=typical_q3.published_at + datetime.timedelta(days=1),
        )
    return created
