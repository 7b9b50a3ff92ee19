"""Believable demo complaints for seed_demo: 120 cases over the campaign year, made through the
services with the year's dates (`county.at`), so that every timeline, deadline, ledger entry and
notice is the one the services write.

Each case gets a planned course (accepted the next working day, forwarded, replied, checked,
concluded, answered, followed up, closed — or not accepted, merged, investigated by the center,
returned by the unit), dated in working days from its filing. The courses and the daily job
(reminders, 督办, the deduction of a late reply, the leaders told of a very overdue case) run
together in the order of their dates, up to now: older cases are closed and recent ones sit in
every queue. A few units never reply (overdue and very overdue, one with a supervision notice
waiting for a leader), one case is extended, one reopened for re-examination; cases found true
carry their ledger deduction, accountability measures, and most a public notice. Skipped when
the campaign already has complaints.
"""

import datetime
import heapq
import random
from dataclasses import dataclass

from django.utils import timezone

from efficiency_center import workdays

from .models import (
    Accountability,
    CaseNote,
    Channel,
    Complaint,
    ContactChannel,
    Finding,
    Kind,
    Status,
)
from .services import (
    aftercare,
    complainant,
    conclusion,
    extensions,
    handling,
    intake,
    overdue_notices,
    replies,
    reply_review,
)
from .services.reminders import deadline_checks_run

CASES = 120
# The newest cases are held at these stages (newest first), so that every queue of the desk
# has cases whatever day the demo is loaded; the older ones run their course to today.
RECENT_STAGES = [
    "registered",
    "registered",
    "accepted",
    "declined",
    "forwarded",
    "forwarded",
    "direct",
    "replied",
    "replied",
    "concluding",
    "proposed",
    "proposed",
    "concluded",
    "answered",
    "answered",
]
# Query codes of two demo cases, printed in the README (closed; with its unit).
KNOWN_CODES = ("JHXN-DEMQ-K7QX", "JHXN-DEMQ-W4RT")
# The units people complain about most (windows, approvals, enforcement) get most cases, so
# that the public ranking (units with at least 5 cases) has entries.
BUSY_UNITS = ["D35", "D04", "D05", "D07", "D24", "D26", "D16", "S01", "S05", "D48", "D45"]
CHANNEL_WEIGHTS = [
    (Channel.WEB, 40),
    (Channel.HOTLINE, 28),
    (Channel.VISIT, 10),
    (Channel.LETTER, 6),
    (Channel.MAILBOX, 6),
    (Channel.INSPECTION, 5),
    (Channel.REFERRAL, 3),
    (Channel.MEDIA, 2),
]
# kind, what the complainant wrote, what the clerk forwards (nothing identifying)
MATTERS = [
    (
        Kind.ATTITUDE,
        "我到{unit}窗口咨询办事材料，工作人员一边玩手机一边回答，态度生硬，"
        "问第二遍就不耐烦，让我“自己去看墙上的告示”。",
        "投诉人反映：到{unit}窗口咨询办事材料时，工作人员态度生硬、不耐心解答。请核实处理。",
    ),
    (
        Kind.INEFFICIENCY,
        "在{unit}办理营业执照变更，承诺3个工作日办结，已经过去12天还没有结果，"
        "打电话问了三次都说“在走流程”。",
        "投诉人反映：在{unit}办理的变更登记超过承诺时限仍未办结，多次询问未获明确答复。"
        "请核实办理进度及超时原因。",
    ),
    (
        Kind.INEFFICIENCY,
        "为一份证明在{unit}来回跑了四趟，每次都说缺一样材料，一次性告知制度形同虚设。",
        "投诉人反映：在{unit}办理证明事项多次往返，未执行一次性告知制度。请核实。",
    ),
    (
        Kind.INACTION,
        "小区旁边的工地夜里施工噪音很大，向{unit}反映了两次，一直没有人来处理。",
        "投诉人反映：向{unit}反映夜间施工噪音问题后无人处理。请核实履职情况。",
    ),
    (
        Kind.MISCONDUCT,
        "{unit}执法人员检查我的门店时未出示证件，当场要求罚款，也不给开票据。",
        "投诉人反映：{unit}执法人员检查时未出示执法证件，处罚程序不规范。请核实。",
    ),
    (
        Kind.RESPONSIBILITY,
        "{unit}办事大厅上午十点窗口就没人了，取号机显示暂停服务，等了一个小时。",
        "投诉人反映：{unit}办事大厅工作时间窗口无人、暂停服务。请核实在岗情况。",
    ),
    (
        Kind.INTEGRITY,
        "{unit}有工作人员暗示“找人可以快一点”，让我去指定的中介代办。",
        "投诉人反映：{unit}有工作人员暗示通过指定中介代办可加快办理。请核实。",
    ),
    (
        Kind.ORDERS,
        "县里已经公布取消的收费项目，{unit}还在收，问他们说“还没接到通知”。",
        "投诉人反映：{unit}仍在收取已公布取消的费用。请核实并说明。",
    ),
    (
        Kind.INEFFICIENCY,
        "在{unit}申请的退费，公开承诺是10个工作日到账，一个多月了还没到。",
        "投诉人反映：{unit}退费超过公开承诺时限未到账。请核实。",
    ),
    (
        Kind.ATTITUDE,
        "打{unit}公开的服务电话，连续两天都无人接听，好不容易打通了说不归他们管。",
        "投诉人反映：{unit}公开服务电话长期无人接听，接通后推诿。请核实。",
    ),
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = ["建华", "秀英", "志强", "丽娟", "海峰", "桂兰", "国庆", "春梅", "小军", "玉珍"]
NOT_ACCEPTED = [
    (
        "反映的是邻里之间的民事纠纷，不属于效能投诉受理范围。",
        "县人民调解委员会或所在镇人民调解委员会",
    ),
    ("反映的事项已进入行政复议程序，依法不再作为效能投诉受理。", "县人民政府行政复议办公室"),
    ("反映的是劳动合同工资争议。", "县劳动人事争议仲裁委员会"),
]
MEASURES = [
    (Accountability.Measure.ADMONISHMENT, "窗口工作人员 某某"),
    (Accountability.Measure.CRITICISM, "科室负责人 某某"),
    (Accountability.Measure.RECTIFICATION, "办事大厅"),
]
FINDINGS = {
    Finding.TRUE: "经核查，反映问题属实。相关工作人员违反首问负责和一次性告知制度。",
    Finding.PARTLY_TRUE: "经核查，反映问题部分属实：办理超时属实，态度问题无证据支持。",
    Finding.FALSE: "经核查，该事项已按规定时限办结，反映问题不属实，已向投诉人解释。",
}
DRAFT_FACTS = "已调取当日窗口录像，正在核实。"
ACTIONS_TAKEN = "已对相关人员进行批评教育，并在科室会议上通报，完善了一次性告知清单。"
REEXAM_REASON = "单位只是口头批评，问题没有真正解决，要求复核。"


@dataclass
class Plan:
    """What happens to one case, drawn before anything is written."""

    number: int
    filed_on: datetime.date
    stop: str | None  # the stage a recent case is held at (RECENT_STAGES)
    unit: object
    known_unit: bool
    matter: tuple
    channel: str
    anonymous: bool
    name: str
    says_name: bool
    course: str  # normal | direct | not_accepted | merged
    fate: float  # < 0.2 a unit that never replies (recent cases), 0.2–0.25 extended
    reply_days: int
    draft_when_pending: bool
    finding_roll: float
    follow_days: int
    satisfaction: int
    measure: tuple
    with_notice: bool
    code: str = ""
    reexamined: bool = False


class _Seeder:
    def __init__(self, county):
        self.county = county
        self.campaign = county.campaign
        self.today = timezone.localdate(county.now)
        self.rng = random.Random(2014)
        self.clerks = [county.users["clerk"], county.users.get("clerk2", county.users["clerk"])]
        self.leader = county.users["leader"]
        self.calendar = workdays.WorkdayCalendar(
            datetime.date(self.campaign.year, 1, 1), self.today + datetime.timedelta(days=120)
        )
        self.cases = {}  # plan number -> Complaint
        self.typical_cases = 0
        self.extended = False
        self.notice_drafted = False

    # -- dates -----------------------------------------------------------------------------
    def wd(self, day, n):
        return self.calendar.add_workdays(day, n)

    def at(self, day, hour, minute=0):
        """The moment of the year, or None when it has not come yet (the course stops there)."""
        moment = self.county.at(day.month, day.day, hour, minute)
        if day.year != self.campaign.year or moment >= self.county.now - datetime.timedelta(
            minutes=1
        ):
            return None
        return moment

    def filing_dates(self):
        start = datetime.date(self.campaign.year, 1, 5)
        last = min(
            self.today - datetime.timedelta(days=1), datetime.date(self.campaign.year, 12, 20)
        )
        recent_from = max(start, last - datetime.timedelta(days=35))
        span_old = max((recent_from - start).days, 1)
        old = [start + datetime.timedelta(days=self.rng.randrange(span_old)) for _ in range(90)]
        span_new = max((last - recent_from).days, 1)
        new = [
            recent_from + datetime.timedelta(days=self.rng.randrange(span_new + 1))
            for _ in range(CASES - 90)
        ]
        return sorted(old + new)

    # -- people ----------------------------------------------------------------------------
    def unit_user(self, unit, role):
        return self.county.unit_user(unit, role)

    # -- the plan --------------------------------------------------------------------------
    def pick_unit(self):
        units = self.county.units
        if self.rng.random() < 0.7:
            return units[self.rng.choice(BUSY_UNITS)]
        return self.rng.choice([u for code, u in units.items() if code not in BUSY_UNITS])

    def plans(self):
        rng = self.rng
        dates = self.filing_dates()
        held = dict(zip(range(len(dates), 0, -1), RECENT_STAGES, strict=False))
        plans = []
        for number, filed_on in enumerate(dates, start=1):
            stop = held.get(number)
            roll = rng.random()
            if stop:
                course = "direct" if stop == "direct" else "normal"
            elif roll < 0.07:
                course = "not_accepted"
            elif roll < 0.10 and plans:
                course = "merged"
            else:
                course = "direct" if roll > 0.92 else "normal"
            plans.append(
                Plan(
                    number=number,
                    filed_on=filed_on,
                    stop=stop,
                    unit=self.pick_unit(),
                    known_unit=rng.random() >= 0.05,
                    matter=rng.choice(MATTERS),
                    channel=rng.choices(
                        [c for c, _w in CHANNEL_WEIGHTS], [w for _c, w in CHANNEL_WEIGHTS]
                    )[0],
                    anonymous=rng.random() < 0.3 and stop != "answered",
                    name=rng.choice(SURNAMES) + rng.choice(GIVEN),
                    says_name=rng.random() < 0.3,
                    course=course,
                    fate=1 if stop else rng.random(),
                    reply_days=1 if stop else rng.randrange(3, 10) if rng.random() < 0.88 else 12,
                    draft_when_pending=rng.random() < 0.5,
                    finding_roll=rng.random(),
                    follow_days=rng.randrange(1, 4),
                    satisfaction=rng.choices([5, 4, 3, 2, 1], [45, 35, 12, 6, 2])[0],
                    measure=rng.choice(MEASURES),
                    with_notice=rng.random() < 0.7,
                )
            )
        self.choose_known_cases(plans)
        return plans

    def choose_known_cases(self, plans):
        """The README's two cases: an early one that runs its whole course (answered and
        closed), and the newest held with its unit; and the one reopened for re-examination."""
        early = [
            p
            for p in plans
            if p.course == "normal" and not p.stop and p.fate >= 0.25 and p.known_unit
        ]
        if early:
            early[0].code, early[0].anonymous = KNOWN_CODES[0], False
            early[0].channel = Channel.HOTLINE
            early[0].reply_days = min(early[0].reply_days, 9)
            middle = early[len(early) // 2]
            if middle is not early[0] and self.today - middle.filed_on > datetime.timedelta(60):
                middle.reexamined, middle.anonymous = True, False
                middle.reply_days = min(middle.reply_days, 9)
        with_unit = next((p for p in plans if p.stop == "forwarded"), None)
        if with_unit is not None:
            with_unit.code, with_unit.channel = KNOWN_CODES[1], Channel.HOTLINE

    # -- running the year ------------------------------------------------------------------
    def run(self):
        plans = self.plans()
        courses = [self.job(plans[0].filed_on if plans else self.today)]
        courses += [self.course(plan, plans) for plan in plans]
        queue = []
        for order, course in enumerate(courses):
            self.schedule(queue, order, course, None)
        while queue:
            _at, order, course = heapq.heappop(queue)
            self.schedule(queue, order, course, _at)
        return [self.cases[p.number] for p in plans if p.number in self.cases]

    @staticmethod
    def schedule(queue, order, course, at):
        """Let `course` act at `at` (None: start it) and queue its next moment, if it has one
        that has come."""
        try:
            moment = next(course) if at is None else course.send(at)
        except StopIteration:
            return
        if moment is None:
            course.close()
            return
        heapq.heappush(queue, (moment, order, course))

    def job(self, first_day):
        """The daily deadline job, at 08:30 every working day of the year so far (what it
        would do on a day off, it does on the next working day)."""
        day = first_day
        while True:
            moment = self.at(day, 8, 30)
            if moment is None:
                return
            if self.calendar.is_workday(day):
                yield moment
                deadline_checks_run(day=day)
            day += datetime.timedelta(days=1)

    def refreshed(self, plan):
        """The case as it is now (the daily job may have stepped it since)."""
        case = Complaint.objects.select_related("campaign", "department").get(
            pk=self.cases[plan.number].pk
        )
        self.cases[plan.number] = case
        return case

    def course(self, plan, plans):
        """One case's course, as a generator: it yields the moment of its next step and takes
        the step when the scheduler comes back to it at that moment."""
        at = yield self.at(plan.filed_on, 9)
        self.file(plan, at)
        if plan.course == "not_accepted":
            yield from self.not_accepted(plan)
        elif plan.course == "merged":
            yield from self.merged(plan, plans)
        else:
            yield from self.handled(plan)

    def file(self, plan, at):
        unit = plan.unit.short_name
        kind, text, _forwarded = plan.matter
        description = text.format(unit=unit)
        if not plan.anonymous and plan.says_name:
            description = f"我是{plan.name}，" + description
        data = {
            "department": plan.unit if plan.known_unit else None,
            "kind": kind,
            "description": description,
            "occurred_on": plan.filed_on - datetime.timedelta(days=1 + plan.number % 9),
            "place": f"{unit}办事大厅",
            "is_anonymous": plan.anonymous,
            "name": plan.name,
            "phone": f"139{self.rng.randrange(10**8):08d}",
            "channel": plan.channel,
            "address": "",
        }
        clerk = self.clerks[plan.number % 2]
        if plan.code:
            complaint, _code = intake.complaint_register_with_code(
                user=clerk, data=data, code=plan.code, at=at
            )
        elif plan.channel == Channel.WEB:
            complaint, _code = intake.complaint_file(
                data=data, address=f"198.51.100.{plan.number}", at=at
            )
        else:
            complaint, _code = intake.complaint_register(user=clerk, data=data, at=at)
        self.cases[plan.number] = complaint

    def not_accepted(self, plan):
        at = yield self.at(self.wd(plan.filed_on, 1), 10)
        reason, where = self.rng.choice(NOT_ACCEPTED)
        case = self.refreshed(plan)
        handling.complaint_not_accept(
            complaint=case,
            user=self.clerks[0],
            expected_version=case.version,
            comment=reason,
            redirect_to=where,
            at=at,
        )

    def merged(self, plan, plans):
        at = yield self.at(self.wd(plan.filed_on, 1), 10)
        target = self.cases.get(plan.number - 1)
        if target is None:
            return
        target.refresh_from_db()
        if target.status in (Status.MERGED, Status.NOT_ACCEPTED):
            return  # left for a clerk to decide
        case = self.refreshed(plan)
        handling.complaint_merge(
            complaint=case,
            user=self.clerks[1],
            expected_version=case.version,
            target_number=target.number,
            comment="反映同一事项，并案办理。",
            at=at,
        )

    def handled(self, plan):
        clerk = self.clerks[plan.number % 2]
        filed_on = plan.filed_on
        if plan.stop == "registered" or filed_on >= self.today - datetime.timedelta(days=1):
            # Just in: one received by a clerk, the others still new.
            if plan.number % 2:
                at = yield self.at(filed_on, 15)
                case = self.refreshed(plan)
                handling.complaint_open(
                    complaint=case, user=clerk, expected_version=case.version, at=at
                )
            return
        accepted_on = self.wd(filed_on, 1)
        at = yield self.at(accepted_on, 9)
        case = self.refreshed(plan)
        handling.complaint_accept(complaint=case, user=clerk, expected_version=case.version, at=at)
        if plan.stop == "accepted":
            return
        if plan.course == "direct":
            at = yield self.at(accepted_on, 10)
            case = self.refreshed(plan)
            handling.complaint_investigate(
                complaint=case,
                user=clerk,
                expected_version=case.version,
                department=plan.unit,
                comment="涉及多个部门，由中心直接调查。",
                at=at,
            )
            if plan.stop == "direct":
                return
            concluded_on = self.wd(accepted_on, 5 + plan.number % 7)
            yield from self.conclusion(plan, clerk, concluded_on)
            return
        at = yield self.at(accepted_on, 10)
        case = self.refreshed(plan)
        handling.complaint_forward(
            complaint=case,
            user=clerk,
            expected_version=case.version,
            department=plan.unit,
            forwarded_text=plan.matter[2].format(unit=plan.unit.short_name),
            at=at,
        )
        yield from self.with_unit(plan, clerk, accepted_on)

    def with_unit(self, plan, clerk, forwarded_on):
        unit = plan.unit
        head, staff = self.unit_user(unit, "head"), self.unit_user(unit, "staff")
        if plan.stop == "forwarded":
            yield from self.draft_reply(plan, staff, forwarded_on)
            return
        if plan.stop == "declined":
            at = yield self.at(self.wd(forwarded_on, 1), 11)
            case = self.refreshed(plan)
            replies.complaint_decline(
                complaint=case,
                user=head,
                expected_version=case.version,
                comment="经核实，该事项属县行政服务中心综合窗口职责，不属本单位办理范围。",
                at=at,
            )
            return
        # Units that never replied: only among recent cases (an old one would have been
        # escalated long ago), so the overdue queues hold weeks, not months.
        if plan.fate < 0.2 and self.today - plan.filed_on <= datetime.timedelta(days=50):
            yield from self.silent_unit(plan)
            return
        if 0.2 <= plan.fate < 0.25 and not self.extended:
            self.extended = True
            yield from self.extend(plan, head, forwarded_on)
        replied_on = self.wd(forwarded_on, plan.reply_days)
        if self.at(replied_on, 16) is None:
            if plan.draft_when_pending:
                yield from self.draft_reply(plan, staff, forwarded_on)
            return
        at = yield self.at(replied_on, 10)
        case = self.refreshed(plan)
        kind = case.get_kind_display()
        facts = f"经调取记录并询问当事工作人员，{kind}的情况" + (
            "基本属实。" if plan.finding_roll < 0.4 else "与反映不完全一致。"
        )
        replies.reply_save(
            complaint=case,
            user=staff,
            expected_version=None,
            data={"facts": facts, "actions_taken": ACTIONS_TAKEN},
            at=at,
        )
        at = yield self.at(replied_on, 16)
        self.sign_off(plan, head, at)
        if unit.is_sub_unit:
            at = yield self.at(replied_on, 17)
            self.sign_off(plan, self.unit_user(unit.supervisor, "head"), at, action="endorse")
        if plan.stop == "replied":
            return
        checked_on = self.wd(replied_on, 1)
        at = yield self.at(checked_on, 10)
        case = self.refreshed(plan)
        reply = replies.current_reply(case)
        reply_review.reply_accept(
            complaint=case, reply=reply, user=clerk, expected_version=case.version, at=at
        )
        if plan.stop == "concluding":
            return
        yield from self.conclusion(plan, clerk, self.wd(checked_on, 1))

    def sign_off(self, plan, head, at, action="submit"):
        case = self.refreshed(plan)
        reply = replies.current_reply(case)
        replies.reply_step(
            complaint=case, user=head, action=action, expected_version=reply.version, at=at
        )

    def draft_reply(self, plan, staff, forwarded_on):
        """The unit has started its reply (a draft its head has not signed off)."""
        at = yield self.at(self.wd(forwarded_on, 1), 15)
        replies.reply_save(
            complaint=self.refreshed(plan),
            user=staff,
            expected_version=None,
            data={"facts": DRAFT_FACTS, "actions_taken": "正在整改。"},
            at=at,
        )

    def silent_unit(self, plan):
        """A unit that never replied: the daily job sends the 督办 the day after its deadline,
        deducts the points and tells the leaders once it is very overdue; the first such case
        gets a supervision notice, drafted by a clerk for a leader to issue."""
        case = self.refreshed(plan)
        if self.notice_drafted or case.very_overdue_on is None:
            return
        at = yield self.at(case.very_overdue_on, 10)
        case = self.refreshed(plan)
        if self.notice_drafted or not case.is_open:
            return
        self.notice_drafted = True
        title, body = overdue_notices.draft_text(case)
        overdue_notices.overdue_notice_draft(
            complaint=case,
            user=self.clerks[0],
            expected_version=case.version,
            title=title,
            body=body,
            at=at,
        )

    def extend(self, plan, head, forwarded_on):
        asked = self.wd(forwarded_on, 4)
        at = yield self.at(asked, 11)
        case = self.refreshed(plan)
        extension = extensions.extension_request(
            complaint=case,
            user=head,
            workdays=10,
            reason="涉及跨部门调取档案，需省级系统协查，申请延期10个工作日。",
            expected_version=case.version,
            at=at,
        )
        at = yield self.at(self.wd(asked, 1), 9)
        extension.refresh_from_db()
        extensions.extension_decide(
            extension=extension,
            user=self.leader,
            action="approve",
            expected_version=extension.version,
            comment="同意延期，请抓紧办理。",
            at=at,
        )

    def conclusion(self, plan, clerk, day):
        roll = plan.finding_roll
        finding = (
            Finding.TRUE if roll < 0.2 else Finding.PARTLY_TRUE if roll < 0.35 else Finding.FALSE
        )
        if plan.stop == "proposed":
            finding = Finding.TRUE if roll < 0.5 else Finding.PARTLY_TRUE
        elif plan.stop in ("concluded", "answered") or plan.code:
            finding = Finding.FALSE
        at = yield self.at(day, 15)
        case = self.refreshed(plan)
        conclusion.conclusion_propose(
            complaint=case,
            user=clerk,
            expected_version=case.version,
            finding=finding,
            findings=FINDINGS[finding],
            at=at,
        )
        if finding != Finding.FALSE:
            if plan.stop == "proposed":
                return
            day = self.wd(day, 1)
            at = yield self.at(day, 11)
            case = self.refreshed(plan)
            conclusion.conclusion_approve(
                complaint=case, user=self.leader, expected_version=case.version, at=at
            )
            yield from self.found_true(plan, clerk, day)
        if plan.stop == "concluded":
            return
        yield from self.aftercare(plan, clerk, self.wd(day, 1))

    def found_true(self, plan, clerk, day):
        at = yield self.at(day, 16)
        case = self.refreshed(plan)
        measure, person = plan.measure
        conclusion.accountability_record(
            complaint=case,
            user=clerk,
            expected_version=case.version,
            measure=measure,
            person=person,
            note="已书面报中心备案。",
            at=at,
        )
        unit, kind = case.department.short_name, case.get_kind_display()
        if plan.with_notice:
            at = yield self.at(day, 17)
            case = self.refreshed(plan)
            conclusion.public_notice_issue(
                complaint=case,
                user=clerk,
                expected_version=case.version,
                title=f"关于{unit}被投诉查实的通报（{case.number}）",
                body=f"经调查，群众反映{unit}{kind}问题{case.get_finding_display()}。"
                f"{case.findings}现予以通报，责令限期整改。",
                at=at,
            )
        if case.finding == Finding.TRUE and self.typical_cases < 3:
            self.typical_cases += 1
            at = yield self.at(day, 17, 30)
            case = self.refreshed(plan)
            conclusion.typical_case_publish(
                complaint=case,
                user=clerk,
                expected_version=case.version,
                title=f"{unit}{kind}典型案例",
                body=f"群众到{unit}办事，{kind}。经中心调查属实，对相关责任人进行了问责，"
                "单位已完成整改。各单位要引以为戒，切实转变作风、提升效能。",
                at=at,
            )

    def aftercare(self, plan, clerk, day):
        at = yield self.at(day, 10)
        case = self.refreshed(plan)
        aftercare.complaint_answer(
            complaint=case,
            user=clerk,
            expected_version=case.version,
            channel=ContactChannel.WEB if case.is_anonymous else ContactChannel.PHONE,
            answered_on=day,
            text=f"您反映的问题经调查{case.get_finding_display()}。{case.findings}"
            "感谢您对效能建设的关心和监督。",
            at=at,
        )
        if plan.stop == "answered":
            return  # real name: waiting for the follow-up call
        follow_on = self.wd(day, plan.follow_days)
        if not case.is_anonymous:
            at = yield self.at(follow_on, 15)
            case = self.refreshed(plan)
            level = max(plan.satisfaction, 3) if plan.reexamined else plan.satisfaction
            aftercare.follow_up_record(
                complaint=case,
                user=clerk,
                expected_version=case.version,
                satisfaction=level,
                channel=ContactChannel.PHONE,
                note="电话回访，投诉人对处理结果表示认可。"
                if level >= 3
                else "投诉人认为处理偏轻。",
                at=at,
            )
        at = yield self.at(follow_on, 16)
        case = self.refreshed(plan)
        aftercare.complaint_close(complaint=case, user=clerk, expected_version=case.version, at=at)
        if plan.reexamined:
            yield from self.reexamination(plan, follow_on)

    def reexamination(self, plan, closed_on):
        """The complainant rates the handling poorly on the query page and asks for 复核: the
        case is open again; the clerk tells them it is being handled."""
        at = yield self.at(closed_on, 20)
        complainant.satisfaction_rate(complaint=self.refreshed(plan), satisfaction=2, at=at)
        reopened_on = closed_on + datetime.timedelta(days=1)
        at = yield self.at(reopened_on, 9)
        complainant.reexamination_request(
            complaint=self.refreshed(plan), reason=REEXAM_REASON, at=at
        )
        at = yield self.at(reopened_on, 11)
        handling.note_add(
            complaint=self.refreshed(plan),
            user=self.clerks[0],
            audience=CaseNote.Audience.PUBLIC,
            text="已收到您的复核申请，中心将重新调查并在规定时限内答复。",
            at=at,
        )


def seed(county):
    if Complaint.objects.filter(campaign=county.campaign).exists():
        return []
    return _Seeder(county).run()
