"""Believable demo plans and projects for seed_demo.

Records are written directly (not through the services) because they carry dates in the past:
filed in March, approved days later, progress for each quarter already past. The review
history is written with the same dates. Re-running is safe: a campaign that already has demo
projects is left alone.
"""

import datetime
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from efficiency_center.review import State, StateChange
from efficiency_center.scoring import ScoreKind, record_score

from .models import (
    CampaignPlan,
    FilingKind,
    LateFiling,
    Milestone,
    MilestoneProgress,
    MilestoneStatus,
    ProgressReport,
    Project,
    ProjectFiling,
    Target,
    TargetProgress,
    UnitIndicator,
)
from .services._common import system_user

# unit code -> (plan document number, project name, theme index or None for the city
# indicator, problem, [(target, unit, baseline, target value)], measures)
PROJECTS = {
    "D01": (
        "金发改发〔{y}〕8号",
        "重大项目审批“绿色通道”提速工程",
        None,
        "重大项目审批环节多、材料重复提交，平均办结时间长。",
        [
            ("重大项目审批平均办结时间", "工作日", "20", "8"),
            ("固定资产投资项目网上审批率", "%", "60", "100"),
        ],
        "推行并联审批和容缺受理；建立重大项目代办员制度；每月通报办理进度。",
    ),
    "D03": (
        "金财发〔{y}〕5号",
        "惠企资金“直达快享”",
        0,
        "惠企资金拨付流程长，企业多头跑、反复跑。",
        [("惠企资金拨付平均时限", "工作日", "30", "10")],
        "梳理资金拨付流程；建立惠企政策清单；实行资金拨付限时办结。",
    ),
    "D06": (
        "金环发〔{y}〕11号",
        "环评审批“一次不用跑”",
        1,
        "建设项目环评审批材料繁杂，企业多次往返。",
        [("环评审批承诺时限", "工作日", "30", "15"), ("网上申报率", "%", "40", "90")],
        "编制环评审批指南；开通网上预审；对小微项目实行告知承诺制。",
    ),
    "D18": (
        "金食药监发〔{y}〕6号",
        "食品经营许可“当场办结”",
        2,
        "荷花展期间餐饮经营许可需求集中，现场核查排队时间长。",
        [("许可办理时限", "工作日", "15", "1"), ("现场核查覆盖率", "%", "70", "100")],
        "设立荷花展许可专窗；推行“先证后查”；组建现场核查快速小组。",
    ),
    "S03": (
        "金食药稽发〔{y}〕2号",
        "执法检查“无事不扰”",
        0,
        "对企业重复检查、多头检查。",
        [("涉企检查次数", "次", "48", "24")],
        "推行“双随机、一公开”；涉企检查一律报备；首错不罚清单。",
    ),
    # Key departments without demo accounts: their approved projects fill the public list.
    "D02": (
        "金经信发〔{y}〕3号",
        "工业企业技改服务专班",
        0,
        "技改项目备案与奖补兑现慢。",
        [("技改项目备案时限", "工作日", "5", "1")],
        "成立服务专班；备案即时办理；奖补资金季度兑现。",
    ),
    "D04": (
        "金人社发〔{y}〕9号",
        "社保业务“一窗通办”",
        1,
        "社保业务分散在多个窗口办理。",
        [("一窗通办事项占比", "%", "30", "95")],
        "整合社保经办窗口；推行综合柜员制；开展延时服务。",
    ),
    "D05": (
        "金住建发〔{y}〕7号",
        "施工许可“拿地即开工”",
        0,
        "项目拿地后施工许可等待时间长。",
        [("施工许可办理时限", "工作日", "20", "5")],
        "提前介入图审；并联办理施工许可；推行容缺审批。",
    ),
}
ACCOUNT_UNITS = ("D01", "D03", "D06", "D18", "S03")
INDICATOR = ("D01", "市对县科学跨越发展考核：固定资产投资增幅")
LATE_UNIT, LATE_QUARTER = "D03", 3  # files Q3 progress five days late
RETURNED_UNIT = "D06"  # has a second project, returned with comments
AWAITING = {"D18": State.SUBMITTED, "S03": State.SIGNED}  # latest report awaiting review


def _at(day, hour=10):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _history(doc, steps):
    content_type = ContentType.objects.get_for_model(doc)
    StateChange.objects.bulk_create(
        StateChange(
            content_type=content_type,
            object_id=doc.pk,
            action=action,
            from_state=src,
            to_state=dst,
            actor=actor,
            comment=comment,
            created_at=when,
        )
        for action, src, dst, actor, comment, when in steps
    )


def _approved_steps(staff, head, clerk, day, sub_unit_head=None, supervising_head=None):
    """create → submit (→ endorse) → approve → publish, on and after `day`."""
    steps = [("create", "", State.DRAFT, staff, "", _at(day, 9))]
    if sub_unit_head:
        steps += [
            ("submit", State.DRAFT, State.SIGNED, sub_unit_head, "", _at(day, 11)),
            ("endorse", State.SIGNED, State.SUBMITTED, supervising_head, "", _at(day, 15)),
        ]
    else:
        steps.append(("submit", State.DRAFT, State.SUBMITTED, head, "", _at(day, 11)))
    later = day + datetime.timedelta(days=2)
    steps += [
        ("approve", State.SUBMITTED, State.APPROVED, clerk, "", _at(later, 10)),
        ("publish", State.APPROVED, State.PUBLISHED, clerk, "", _at(later, 10)),
    ]
    return steps


class _People:
    def __init__(self, county, code):
        users, unit = county.users, county.units[code]
        by_unit = {u.department_id: u for u in users.values() if u.role == "staff"}
        heads = {u.department_id: u for u in users.values() if u.role == "head"}
        self.clerk = users["clerk"]
        self.staff = by_unit.get(unit.pk) or self.clerk
        self.head = heads.get(unit.pk) or self.clerk
        self.sub_head = self.head if unit.supervisor_id else None
        self.supervising_head = heads.get(unit.supervisor_id) if unit.supervisor_id else None

    def approved(self, day):
        if self.staff is self.clerk:  # a unit without demo accounts: only the center's steps
            return _approved_steps(self.staff, self.head, self.clerk, day)[-2:]
        if self.sub_head and self.supervising_head:
            return _approved_steps(
                self.staff, self.head, self.clerk, day, self.sub_head, self.supervising_head
            )
        return _approved_steps(self.staff, self.head, self.clerk, day)


def _plan(campaign, unit, number, people, day):
    plan = CampaignPlan.objects.create(
        campaign=campaign,
        department=unit,
        created_by=people.staff,
        title=f"{unit.short_name}“优服务、助发展”主题实践暨公开承诺、践诺活动方案",
        doc_number=number.format(y=campaign.year),
        text="一、指导思想\n二、活动内容\n三、工作步骤\n四、保障措施",
        state=State.APPROVED,
        version=4,
        filed_at=_at(day, 11),
        submitted_at=_at(day, 11),
        approved_at=_at(day + datetime.timedelta(days=2)),
    )
    _history(plan, people.approved(day)[:-1])


def _filing(
    project,
    unit,
    people,
    name,
    theme,
    indicator,
    problem,
    targets,
    measures,
    state=State.PUBLISHED,
    day=None,
):
    campaign = project.campaign
    filing = ProjectFiling.objects.create(
        project=project,
        department=unit,
        created_by=people.staff,
        name=name,
        theme="" if indicator else theme,
        indicator=indicator,
        leader="分管副局长",
        contact_person=people.staff.full_name or "联络员",
        contact_phone="0517-8680" + unit.code[-2:].zfill(4),
        problem=problem,
        measures=measures,
        expected_results="办事时限明显压缩，群众和企业满意度提升。",
        start_date=campaign.start_date,
        end_date=campaign.end_date,
        state=state,
        version=5,
        filed_at=_at(day, 11),
        submitted_at=_at(day, 11),
    )
    for position, (what, unit_of_measure, baseline, target) in enumerate(targets):
        Target.objects.create(
            filing=filing,
            key=position + 1,
            position=position,
            what=what,
            unit=unit_of_measure,
            baseline=Decimal(baseline),
            target_value=Decimal(target),
        )
    deadlines = campaign.quarter_deadlines()
    titles = [
        "制定实施方案并动员部署",
        "流程再造与制度建设",
        "全面推行并督查",
        "总结评估、巩固提升",
    ]
    for position, title in enumerate(titles):
        due = deadlines[position + 1] - datetime.timedelta(days=10 if position < 3 else 0)
        Milestone.objects.create(
            filing=filing,
            key=position + 1,
            position=position,
            title=title,
            due_date=max(due, campaign.start_date),
        )
    return filing


def _progress(project, filing, people, quarter, filed_day, state, today):
    """A quarter's report: milestones due by then are done, except one delayed in Q3."""
    deadline = project.campaign.quarter_deadlines()[quarter]
    report = ProgressReport.objects.create(
        project=project,
        department=project.department,
        filing=filing,
        quarter=quarter,
        work_done=f"第{quarter}季度：按计划推进各项措施，完成阶段任务。",
        problems="部分环节需上级部门协同。" if quarter == 3 else "",
        next_steps="继续推进，加强督查。",
        created_by=people.staff,
        state=state,
        version=4,
        filed_at=_at(filed_day, 16),
        submitted_at=None if state == State.SIGNED else _at(filed_day, 16),
    )
    delayed_unit = project.department.code in ("D06", "S03")
    for milestone in filing.milestones.all():
        if milestone.due_date <= deadline:
            late_one = delayed_unit and quarter == 3 and milestone.position == 2
            status, percent = (
                (MilestoneStatus.DELAYED, 60) if late_one else (MilestoneStatus.DONE, 100)
            )
        elif milestone.position == quarter:
            status, percent = MilestoneStatus.IN_PROGRESS, 30
        else:
            status, percent = MilestoneStatus.NOT_STARTED, 0
        MilestoneProgress.objects.create(
            report=report, milestone=milestone, status=status, percent=percent
        )
        if state == State.PUBLISHED:
            milestone.status, milestone.percent, milestone.reported_quarter = (
                status,
                percent,
                quarter,
            )
            milestone.save(update_fields=["status", "percent", "reported_quarter"])
    for target in filing.targets.all():
        share = Decimal(quarter) / 4
        value = target.baseline + (target.target_value - target.baseline) * share
        TargetProgress.objects.create(report=report, target=target, value=value)
        if state == State.PUBLISHED:
            target.current_value, target.reported_quarter = value, quarter
            target.save(update_fields=["current_value", "reported_quarter"])
    steps = people.approved(filed_day)
    if state == State.SUBMITTED:
        steps = steps[:-2]
    elif state == State.SIGNED:
        steps = steps[:2]
    _history(report, steps)
    return report


def seed(county):
    campaign = county.campaign
    if Project.objects.filter(campaign=campaign, department__code__in=PROJECTS).exists():
        return
    today = timezone.localdate()
    filed = campaign.plan_deadline - datetime.timedelta(days=8)
    code, text = INDICATOR
    indicator = UnitIndicator.objects.create(
        campaign=campaign, department=county.units[code], text=text
    )
    themes = campaign.themes or ["—"]
    for code, (number, name, theme, problem, targets, measures) in PROJECTS.items():
        unit, people = county.units[code], _People(county, code)
        _plan(campaign, unit, number, people, filed)
        project = Project.objects.create(
            campaign=campaign, department=unit, created_at=_at(filed, 9)
        )
        filing = _filing(
            project,
            unit,
            people,
            name,
            themes[(theme or 0) % len(themes)],
            indicator if theme is None else None,
            problem,
            targets,
            measures,
            day=filed,
        )
        _history(filing, people.approved(filed))
        project.current = filing
        project.first_approved_at = _at(filed + datetime.timedelta(days=2))
        project.save(update_fields=["current", "first_approved_at"])
        for quarter, deadline in campaign.quarter_deadlines().items():
            if deadline >= today:
                break
            late = code == LATE_UNIT and quarter == LATE_QUARTER
            day = (
                deadline + datetime.timedelta(days=5)
                if late
                else deadline - datetime.timedelta(days=3)
            )
            is_last = campaign.quarter_deadlines().get(quarter + 1, today) >= today
            state = AWAITING[code] if is_last and code in AWAITING else State.PUBLISHED
            _progress(project, filing, people, quarter, max(day, filed), state, today)
            if late:
                row = LateFiling.objects.create(
                    campaign=campaign,
                    department=unit,
                    filing=FilingKind.for_quarter(quarter),
                    deadline=deadline,
                    recorded_at=_at(deadline + datetime.timedelta(days=1), 8),
                )
                record_score(
                    department=unit,
                    campaign=campaign,
                    kind=ScoreKind.REPORT_LATE,
                    cause=row,
                    recorded_by=system_user(),
                    note=f"Q{quarter} 进展报告逾期",
                    once_key=f"pp-late:{campaign.pk}:{unit.pk}:{row.filing}",
                )
    _returned_project(county, campaign, filed)


def _returned_project(county, campaign, filed):
    unit, people = county.units[RETURNED_UNIT], _People(county, RETURNED_UNIT)
    day = filed + datetime.timedelta(days=60)
    project = Project.objects.create(campaign=campaign, department=unit, created_at=_at(day, 9))
    filing = _filing(
        project,
        unit,
        people,
        "排污许可“网上办”",
        (campaign.themes or ["—"])[0],
        None,
        "排污许可证申领需多次到现场提交材料。",
        [("网上办理率", "%", "20", "80")],
        "开通网上申领。",
        state=State.RETURNED,
        day=day,
    )
    comment = "目标偏少，请补充办理时限等可量化指标，并细化各阶段措施。"
    _history(
        filing,
        [
            ("create", "", State.DRAFT, people.staff, "", _at(day, 9)),
            ("submit", State.DRAFT, State.SUBMITTED, people.head, "", _at(day, 11)),
            (
                "return",
                State.SUBMITTED,
                State.RETURNED,
                people.clerk,
                comment,
                _at(day + datetime.timedelta(days=1)),
            ),
        ],
    )
