"""Believable demo plans and projects for seed_demo, made through the services with the dates
of the year (county.at), so that every document has the history the services write: each demo
unit's plan accepted and project published in March, its quarterly progress reported (县财政局
five days late for Q3, recorded as a late filing the day after the deadline), the latest
quarter of 县药监局 awaiting the clerk and of its 稽查大队 awaiting 县药监局's endorsement, and a
second project of 县环保局 returned with comments. Re-running is safe: a campaign that already has
demo projects is left alone.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from efficiency_center.review import State

from . import services
from .models import FilingKind, MilestoneStatus, Project, UnitIndicator

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
RETURN_COMMENT = "目标偏少，请补充办理时限等可量化指标，并细化各阶段措施。"
AWAITING = {"D18": State.SUBMITTED, "S03": State.SIGNED}  # latest report awaiting review
MILESTONES = [
    "制定实施方案并动员部署",
    "流程再造与制度建设",
    "全面推行并督查",
    "总结评估、巩固提升",
]
ONE_DAY = datetime.timedelta(days=1)


class _Unit:
    """A unit's people and the year's clock: its staff files, its head signs off, the head of
    its supervising department endorses (for a sub-unit), the clerk reviews."""

    def __init__(self, county, code):
        self.county, self.unit = county, county.units[code]
        self.staff = county.unit_user(self.unit, "staff")
        self.head = county.unit_user(self.unit, "head")
        supervisor = self.unit.supervisor
        self.supervising_head = county.unit_user(supervisor, "head") if supervisor else None
        self.clerk = county.users["clerk"]

    def at(self, day, hour=10):
        return self.county.at(day.month, day.day, hour)

    def step(self, doc, user, action, at, comment=""):
        doc.refresh_from_db()
        services.document_step(
            document=doc,
            user=user,
            action=action,
            expected_version=doc.version,
            comment=comment,
            at=at,
        )

    def sign_off(self, doc, day, *, endorse=True):
        """The head signs off at 11:00; a sub-unit's document is endorsed at 15:00."""
        self.step(doc, self.head, "submit", self.at(day, 11))
        if self.supervising_head and endorse:
            self.step(doc, self.supervising_head, "endorse", self.at(day, 15))

    def approve(self, approval, day, **document):
        """The clerk approves (`approval`, the service) two days after the sign-off, 10:00."""
        (doc,) = document.values()
        doc.refresh_from_db()
        approval(
            **document,
            user=self.clerk,
            expected_version=doc.version,
            at=self.at(day + 2 * ONE_DAY),
        )


def _plan(people, number, day):
    campaign, unit = people.county.campaign, people.unit
    plan = services.plan_create(
        campaign=campaign,
        department=unit,
        user=people.staff,
        title=f"{unit.short_name}“优服务、助发展”主题实践暨公开承诺、践诺活动方案",
        doc_number=number.format(y=campaign.year),
        text="一、指导思想\n二、活动内容\n三、工作步骤\n四、保障措施",
        at=people.at(day, 9),
    )
    people.sign_off(plan, day)
    people.step(plan, people.clerk, "approve", people.at(day + 2 * ONE_DAY))


def _milestone_rows(campaign):
    deadlines = campaign.quarter_deadlines()
    rows = []
    for position, title in enumerate(MILESTONES):
        due = deadlines[position + 1] - datetime.timedelta(days=10 if position < 3 else 0)
        rows.append({"title": title, "due_date": max(due, campaign.start_date)})
    return rows


def _file(people, day, *, name, theme, indicator, problem, targets, measures):
    campaign, unit = people.county.campaign, people.unit
    project = services.project_file(
        campaign=campaign,
        department=unit,
        user=people.staff,
        data={
            "name": name,
            "theme": "" if indicator else theme,
            "indicator": indicator,
            "leader": "分管副局长",
            "contact_person": people.staff.full_name or "联络员",
            "contact_phone": "0517-8680" + unit.code[-2:].zfill(4),
            "problem": problem,
            "measures": measures,
            "expected_results": "办事时限明显压缩，群众和企业满意度提升。",
            "start_date": campaign.start_date,
            "end_date": campaign.end_date,
        },
        targets=[
            {"what": what, "unit": of, "baseline": Decimal(baseline), "target_value": Decimal(to)}
            for what, of, baseline, to in targets
        ],
        milestones=_milestone_rows(campaign),
        at=people.at(day, 9),
    )
    return project.filings.get()


def _entries(project, quarter):
    """Milestones due by the quarter's deadline are done (one delayed in Q3 for 县环保局 and
    稽查大队), the quarter's own is under way; targets move a quarter of the way each time."""
    filing = project.current
    deadline = project.campaign.quarter_deadlines()[quarter]
    delayed_unit = project.department.code in ("D06", "S03")
    milestones = []
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
        milestones.append({"milestone_id": milestone.pk, "status": status, "percent": percent})
    share = Decimal(quarter) / 4
    targets = [
        {"target_id": t.pk, "value": t.baseline + (t.target_value - t.baseline) * share}
        for t in filing.targets.all()
    ]
    return milestones, targets


def _progress(people, project, quarter, day, state):
    """A quarter's report filed on `day`, taken as far as `state`."""
    milestones, targets = _entries(project, quarter)
    report = services.progress_report_save(
        user=people.staff,
        project=project,
        quarter=quarter,
        work_done=f"第{quarter}季度：按计划推进各项措施，完成阶段任务。",
        problems="部分环节需上级部门协同。" if quarter == 3 else "",
        next_steps="继续推进，加强督查。",
        milestone_entries=milestones,
        target_entries=targets,
        at=people.at(day, 9),
    )
    people.sign_off(report, day, endorse=state != State.SIGNED)
    if state == State.PUBLISHED:
        people.approve(services.progress_report_approve, day, report=report)
    return report


def _quarters(people, project, filed, today):
    """The progress of every quarter whose deadline has passed; the late unit's Q3 is filed five
    days after the deadline, and recorded late the day after it."""
    campaign, code = people.county.campaign, people.unit.code
    deadlines = campaign.quarter_deadlines()
    for quarter, deadline in deadlines.items():
        if deadline >= today:
            break
        late = code == LATE_UNIT and quarter == LATE_QUARTER
        if late:
            services.project_late_record(
                campaign=campaign,
                department=people.unit,
                kind=FilingKind.for_quarter(quarter),
                deadline=deadline,
                at=people.at(deadline + ONE_DAY, 8),
            )
        day = deadline + 5 * ONE_DAY if late else deadline - 3 * ONE_DAY
        is_last = deadlines.get(quarter + 1, today) >= today
        state = AWAITING[code] if is_last and code in AWAITING else State.PUBLISHED
        _progress(people, project, quarter, max(day, filed), state)


def seed(county):
    campaign = county.campaign
    if Project.objects.filter(campaign=campaign, department__code__in=PROJECTS).exists():
        return
    today = timezone.localdate(county.now)
    filed = campaign.plan_deadline - 8 * ONE_DAY
    code, text = INDICATOR
    indicator, _created = UnitIndicator.objects.get_or_create(
        campaign=campaign, department=county.units[code], defaults={"text": text}
    )
    themes = campaign.themes
    for code, (number, name, theme, problem, targets, measures) in PROJECTS.items():
        people = _Unit(county, code)
        _plan(people, number, filed)
        filing = _file(
            people,
            filed,
            name=name,
            theme=themes[(theme or 0) % len(themes)],
            indicator=indicator if theme is None else None,
            problem=problem,
            targets=targets,
            measures=measures,
        )
        people.sign_off(filing, filed)
        people.approve(services.filing_approve, filed, filing=filing)
        _quarters(people, Project.objects.get(pk=filing.project_id), filed, today)
    _returned_project(county, filed + 60 * ONE_DAY)


def _returned_project(county, day):
    people = _Unit(county, RETURNED_UNIT)
    filing = _file(
        people,
        day,
        name="排污许可“网上办”",
        theme=county.campaign.themes[0],
        indicator=None,
        problem="排污许可证申领需多次到现场提交材料。",
        targets=[("网上办理率", "%", "20", "80")],
        measures="开通网上申领。",
    )
    people.sign_off(filing, day)
    people.step(filing, people.clerk, "return", people.at(day + ONE_DAY), RETURN_COMMENT)
