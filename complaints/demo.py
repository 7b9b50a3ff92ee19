"""Believable demo complaints for seed_demo: about 120 cases over the campaign year.

Each case gets a planned course (accepted the next working day, forwarded, replied, checked,
concluded, answered, followed up, closed — or not accepted, merged, investigated by the center,
returned by the unit), dated in working days from its filing; the course is cut at today, so
older cases are closed and recent ones sit in every queue. A few units never reply (overdue and
very overdue), one case is extended, one reopened for re-examination; cases found true carry
their ledger deduction, accountability measures, and most a public notice.

Records are written directly (not through the services) because they carry past dates; the
timeline (StateChange), ledger (record_score) and notices are written to match. Re-running is
safe: a campaign that already has complaints is left alone.
"""

import datetime
import random

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from efficiency_center import workdays
from efficiency_center.demo import DEMO_PASSWORD
from efficiency_center.notices import issue_notice
from efficiency_center.review import State, StateChange
from efficiency_center.scoring import ScoreKind, record_score

from . import deadlines
from .models import (
    Accountability,
    CaseNote,
    Channel,
    Complainant,
    Complaint,
    ContactChannel,
    Extension,
    Finding,
    FollowUp,
    Kind,
    OverdueNotice,
    Reply,
    Status,
    TypicalCase,
)
from .services.overdue_notices import draft_text

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


class _Seeder:
    def __init__(self, county):
        self.county = county
        self.campaign = county.campaign
        self.today = timezone.localdate()
        self.rng = random.Random(2014)
        self.clerks = [county.users["clerk"], county.users.get("clerk2", county.users["clerk"])]
        self.stop = None  # the stage the case being written is held at (RECENT_STAGES)
        self.leader = county.users["leader"]
        self.changes = []
        self.complaint_type = ContentType.objects.get_for_model(Complaint)
        self.reply_type = ContentType.objects.get_for_model(Reply)
        self.calendar = workdays.WorkdayCalendar(
            datetime.date(self.campaign.year, 1, 1), self.today + datetime.timedelta(days=120)
        )

    # -- dates -----------------------------------------------------------------------------
    def wd(self, day, n):
        return self.calendar.add_workdays(day, n)

    def at(self, day, hour=10):
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))

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
        """The demo accounts cover a few units; the others get one account per role, created
        here with the demo password, so that replies have a real author."""
        User = get_user_model()
        existing = next(
            (
                u
                for u in self.county.users.values()
                if u.department_id == unit.pk and u.role == role
            ),
            None,
        )
        if existing:
            return existing
        user, created = User.objects.get_or_create(
            username=f"{unit.code.lower()}_{role}",
            defaults={
                "full_name": f"{unit.short_name}{'负责人' if role == 'head' else '经办人'}",
                "role": role,
                "department": unit,
                "email": f"{unit.code.lower()}_{role}@example.org",
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        self.county.users[user.username] = user
        return user

    def code(self):
        from .query_codes import QUERY_CODE_ALPHABET, QUERY_CODE_LENGTH, format_code

        return format_code(
            "".join(self.rng.choice(QUERY_CODE_ALPHABET) for _i in range(QUERY_CODE_LENGTH))
        )

    def publish_known_codes(self, cases):
        """Two cases answer to codes printed in the README, so that a visitor can try the query
        page: one answered and closed, one still with its unit."""
        closed = next((c for c in cases if c.status == Status.CLOSED and c.answer_text), None)
        with_unit = next((c for c in reversed(cases) if c.status == Status.FORWARDED), None)
        for case, code in ((closed, KNOWN_CODES[0]), (with_unit, KNOWN_CODES[1])):
            if case is not None:
                Complainant.objects.filter(complaint=case).update(
                    query_code_digest=_code_digest(code)
                )

    # -- records ---------------------------------------------------------------------------
    def change(self, obj, action, from_state, to_state, actor, when, comment=""):
        self.changes.append(
            StateChange(
                content_type=self.reply_type if isinstance(obj, Reply) else self.complaint_type,
                object_id=obj.pk,
                action=action,
                from_state=from_state,
                to_state=to_state,
                actor=actor,
                comment=comment,
                created_at=when,
            )
        )

    def pick_unit(self):
        units = self.county.units
        if self.rng.random() < 0.7:
            return units[self.rng.choice(BUSY_UNITS)]
        return self.rng.choice([u for code, u in units.items() if code not in BUSY_UNITS])

    def new_case(self, number, filed_on, from_intake):
        unit = self.pick_unit()
        kind, text, forwarded = self.rng.choice(MATTERS)
        channel = self.rng.choices(
            [c for c, _w in CHANNEL_WEIGHTS], [w for _c, w in CHANNEL_WEIGHTS]
        )[0]
        anonymous = self.rng.random() < 0.3 and self.stop != "answered"
        name = self.rng.choice(SURNAMES) + self.rng.choice(GIVEN)
        description = text.format(unit=unit.short_name)
        if not anonymous and self.rng.random() < 0.3:
            description = f"我是{name}，" + description
        case = Complaint.objects.create(
            campaign=self.campaign,
            number=number,
            channel=channel,
            kind=kind,
            department=None if self.rng.random() < 0.05 else unit,
            description=description,
            occurred_on=filed_on - datetime.timedelta(days=self.rng.randrange(1, 10)),
            place=f"{unit.short_name}办事大厅",
            is_anonymous=anonymous,
            forwarded_text=forwarded.format(unit=unit.short_name),
            registered_by=from_intake if channel == Channel.WEB else self.rng.choice(self.clerks),
            filed_at=self.at(filed_on, 9),
            acceptance_due=deadlines.acceptance_due(self.campaign, filed_on),
        )
        Complainant.objects.create(
            complaint=case,
            name="" if anonymous else name,
            phone="" if anonymous else f"139{self.rng.randrange(10**8):08d}",
            query_code_digest=_code_digest(self.code()),
        )
        self.change(case, "register", "", Status.REGISTERED, case.registered_by, case.filed_at)
        return case, unit

    # -- courses ---------------------------------------------------------------------------
    def run(self):
        from efficiency_center.accounts import system_user

        intake = system_user()
        cases = []
        dates = self.filing_dates()
        held = dict(zip(range(len(dates), 0, -1), RECENT_STAGES, strict=False))
        for i, filed_on in enumerate(dates, start=1):
            self.stop = held.get(i)
            case, unit = self.new_case(f"TS{self.campaign.year}-{i:05d}", filed_on, intake)
            roll = self.rng.random()
            if self.stop:
                self.course(case, unit, filed_on, direct=self.stop == "direct")
            elif roll < 0.07:
                self.not_accepted(case, filed_on)
            elif roll < 0.10 and cases:
                self.merged(case, filed_on, cases)
            else:
                self.course(case, unit, filed_on, direct=roll > 0.92)
            cases.append(case)
        StateChange.objects.bulk_create(self.changes)
        return cases

    def save(self, case, **fields):
        for name, value in fields.items():
            setattr(case, name, value)
        case.save()

    def not_accepted(self, case, filed_on):
        day = self.wd(filed_on, 1)
        if day > self.today:
            return
        reason, where = self.rng.choice(NOT_ACCEPTED)
        self.save(
            case,
            status=Status.NOT_ACCEPTED,
            not_accepted_reason=reason,
            redirect_to=where,
            opened_at=self.at(filed_on, 11),
        )
        self.change(
            case,
            "not_accept",
            Status.REGISTERED,
            Status.NOT_ACCEPTED,
            self.clerks[0],
            self.at(day),
            reason,
        )

    def merged(self, case, filed_on, earlier):
        day = self.wd(filed_on, 1)
        target = earlier[-1]
        if day > self.today or target.status in (Status.MERGED, Status.NOT_ACCEPTED):
            return
        self.save(case, status=Status.MERGED, merged_into=target, opened_at=self.at(filed_on, 11))
        self.change(
            case,
            "merge",
            Status.REGISTERED,
            Status.MERGED,
            self.clerks[1],
            self.at(day),
            f"与 {target.number} 反映同一事项，并案办理。",
        )

    def course(self, case, unit, filed_on, *, direct):
        clerk = self.rng.choice(self.clerks)
        accepted_on = self.wd(filed_on, 1)
        if self.stop == "registered" or filed_on >= self.today - datetime.timedelta(days=1):
            # Just in: one opened, the others still new.
            if self.rng.random() < 0.5:
                self.save(case, opened_at=self.at(filed_on, 15))
            return
        if case.department is None:
            case.department = unit
        close_due = deadlines.close_due(self.campaign, accepted_on)
        self.save(
            case,
            status=Status.ACCEPTED,
            opened_at=self.at(filed_on, 14),
            accepted_at=self.at(accepted_on, 9),
            department=case.department,
            close_due=close_due,
            very_overdue_on=deadlines.very_overdue_on(self.campaign, close_due),
        )
        self.change(case, "accept", Status.REGISTERED, Status.ACCEPTED, clerk, case.accepted_at)
        if self.stop == "accepted":
            return
        if direct:
            self.save(case, status=Status.DIRECT)
            self.change(
                case,
                "investigate",
                Status.ACCEPTED,
                Status.DIRECT,
                clerk,
                self.at(accepted_on, 10),
                "涉及多个部门，由中心直接调查。",
            )
            if self.stop == "direct":
                return
            concluded_on = self.wd(accepted_on, self.rng.randrange(5, 12))
            self.conclusion(case, clerk, concluded_on, from_status=Status.DIRECT)
            return
        reply_due = deadlines.reply_due(self.campaign, accepted_on)
        self.save(
            case,
            status=Status.FORWARDED,
            forwarded_at=self.at(accepted_on, 10),
            reply_due=reply_due,
            decline_due=deadlines.decline_due(self.campaign, accepted_on),
            very_overdue_on=deadlines.very_overdue_on(self.campaign, reply_due),
        )
        self.change(
            case,
            "forward",
            Status.ACCEPTED,
            Status.FORWARDED,
            clerk,
            case.forwarded_at,
            f"转{unit.short_name}办理，请于{reply_due:%Y年%m月%d日}前答复。",
        )
        head, staff = self.unit_user(unit, "head"), self.unit_user(unit, "staff")
        if self.stop in ("declined", "forwarded"):
            self.held_with_unit(case, unit, head, staff, accepted_on)
            return
        fate = 1 if self.stop else self.rng.random()
        # Units that never replied: only among recent cases (an old one would have been
        # escalated long ago), so the overdue queues hold weeks, not months.
        if fate < 0.2 and self.today - filed_on <= datetime.timedelta(days=50):
            self.silent_unit(case, unit, head, staff)
            return
        if 0.2 <= fate < 0.25 and not Extension.objects.exists():
            reply_due = self.extended(case, staff, head, accepted_on)
        reply_days = self.rng.randrange(3, 10) if self.rng.random() < 0.88 else 12
        if self.stop:
            reply_days = 1  # held cases move fast, so that they reach their stage by today
        replied_on = self.wd(accepted_on, reply_days)
        if replied_on > self.today:
            if self.rng.random() < 0.5:
                Reply.objects.create(
                    complaint=case,
                    department=unit,
                    created_by=staff,
                    facts="已调取当日窗口录像，正在核实。",
                    state=State.DRAFT,
                )
            return
        late = replied_on > reply_due
        reply = Reply.objects.create(
            complaint=case,
            department=unit,
            created_by=staff,
            facts=f"经调取记录并询问当事工作人员，{case.get_kind_display()}的情况"
            + ("基本属实。" if self.rng.random() < 0.4 else "与反映不完全一致。"),
            actions_taken="已对相关人员进行批评教育，并在科室会议上通报，完善了一次性告知清单。",
            state=State.SUBMITTED,
            submitted_at=self.at(replied_on, 16),
        )
        self.change(reply, "submit", State.DRAFT, State.SUBMITTED, head, reply.submitted_at)
        self.save(case, status=Status.REPLIED, was_late=late)
        self.change(case, "reply", Status.FORWARDED, Status.REPLIED, head, reply.submitted_at)
        if late:
            self._overdue_deduction(case)
        if self.stop == "replied":
            return
        checked_on = self.wd(replied_on, 1)
        if checked_on > self.today:
            return
        Reply.objects.filter(pk=reply.pk).update(
            state=State.APPROVED, approved_at=self.at(checked_on)
        )
        self.change(reply, "approve", State.SUBMITTED, State.APPROVED, clerk, self.at(checked_on))
        self.save(case, status=Status.CONCLUDING)
        self.change(
            case, "accept_reply", Status.REPLIED, Status.CONCLUDING, clerk, self.at(checked_on)
        )
        if self.stop == "concluding":
            return
        self.conclusion(case, clerk, self.wd(checked_on, 1), from_status=Status.CONCLUDING)

    def held_with_unit(self, case, unit, head, staff, forwarded_on):
        """A case the unit is working on (a draft reply), or one it returned as not its own."""
        if self.stop == "forwarded":
            Reply.objects.create(
                complaint=case,
                department=unit,
                created_by=staff,
                facts="已调取当日窗口录像，正在核实。",
                state=State.DRAFT,
            )
            return
        declined_on = self.wd(forwarded_on, 1)
        if declined_on > self.today:
            return
        reason = "经核实，该事项属县行政服务中心综合窗口职责，不属本单位办理范围。"
        self.save(case, status=Status.DECLINED)
        self.change(
            case,
            "decline",
            Status.FORWARDED,
            Status.DECLINED,
            head,
            self.at(declined_on, 11),
            reason,
        )

    def silent_unit(self, case, unit, head, staff):
        """A unit that never replied: overdue (督办 sent), very overdue once past the grace."""
        if self.today <= case.reply_due:
            return
        notified = self.wd(case.reply_due, 1)
        self.save(case, overdue_notified_at=self.at(notified, 8))
        self.change(
            case,
            "escalate",
            Status.FORWARDED,
            Status.FORWARDED,
            self.clerks[0],
            case.overdue_notified_at,
            "答复已超期，发出督办通知。",
        )
        self._overdue_deduction(case)
        if self.today >= case.very_overdue_on:
            self.save(case, very_overdue_notified_at=self.at(case.very_overdue_on, 8))
            if not OverdueNotice.objects.exists():
                # The first very overdue case waits for a leader to issue its 督办通报.
                title, body = draft_text(case)
                OverdueNotice.objects.create(
                    complaint=case, title=title, body=body, drafted_by=self.clerks[0]
                )

    def extended(self, case, staff, head, forwarded_on):
        new_due = deadlines.extend(case.reply_due, 10)
        asked = self.wd(forwarded_on, 4)
        Extension.objects.create(
            complaint=case,
            workdays=10,
            reason="涉及跨部门调取档案，需省级系统协查，申请延期10个工作日。",
            requested_by=head,
            requested_at=self.at(asked, 11),
            decision=Extension.Decision.APPROVED,
            decided_by=self.leader,
            decided_at=self.at(self.wd(asked, 1), 9),
            decision_comment="同意延期，请抓紧办理。",
            old_due=case.reply_due,
            new_due=new_due,
        )
        close_due = deadlines.extend(case.close_due, 10)
        self.save(
            case,
            reply_due=new_due,
            close_due=close_due,
            very_overdue_on=deadlines.very_overdue_on(self.campaign, new_due),
        )
        self.change(
            case,
            "extend",
            Status.FORWARDED,
            Status.FORWARDED,
            self.leader,
            self.at(self.wd(asked, 1), 9),
            "延长10个工作日。",
        )
        return new_due

    def conclusion(self, case, clerk, day, *, from_status):
        if day > self.today:
            return
        roll = self.rng.random()
        finding = (
            Finding.TRUE if roll < 0.2 else Finding.PARTLY_TRUE if roll < 0.35 else Finding.FALSE
        )
        if self.stop == "proposed":
            finding = Finding.TRUE if roll < 0.5 else Finding.PARTLY_TRUE
        elif self.stop in ("concluded", "answered"):
            finding = Finding.FALSE
        findings = {
            Finding.TRUE: "经核查，反映问题属实。相关工作人员违反首问负责和一次性告知制度。",
            Finding.PARTLY_TRUE: "经核查，反映问题部分属实：办理超时属实，态度问题无证据支持。",
            Finding.FALSE: "经核查，该事项已按规定时限办结，反映问题不属实，已向投诉人解释。",
        }[finding]
        if finding == Finding.FALSE:
            self.save(
                case,
                status=Status.CONCLUDED,
                finding=finding,
                findings=findings,
                concluded_at=self.at(day, 15),
            )
            self.change(case, "conclude", from_status, Status.CONCLUDED, clerk, case.concluded_at)
        else:
            self.save(case, status=Status.PROPOSED, finding=finding, findings=findings)
            self.change(case, "propose", from_status, Status.PROPOSED, clerk, self.at(day, 15))
            approved_on = self.wd(day, 1)
            if self.stop == "proposed" or approved_on > self.today:
                return
            self.save(
                case,
                status=Status.CONCLUDED,
                concluded_at=self.at(approved_on, 11),
                conclusion_approved_by=self.leader,
            )
            self.change(
                case,
                "approve_conclusion",
                Status.PROPOSED,
                Status.CONCLUDED,
                self.leader,
                case.concluded_at,
            )
            self.found_true(case, clerk, approved_on)
        if self.stop == "concluded":
            return
        self.aftercare(case, clerk, self.wd(day, 1))

    def found_true(self, case, clerk, day):
        kind = (
            ScoreKind.COMPLAINT_TRUE
            if case.finding == Finding.TRUE
            else (ScoreKind.COMPLAINT_PARTLY_TRUE)
        )
        record_score(
            department=case.department,
            campaign=self.campaign,
            kind=kind,
            cause=case,
            recorded_by=clerk,
            confirmed_by=self.leader,
            once_key=f"complaint:{case.pk}:finding:1",
            note=case.number,
        )
        measure, person = self.rng.choice(MEASURES)
        Accountability.objects.create(
            complaint=case,
            measure=measure,
            person=person,
            recorded_by=clerk,
            note="已书面报中心备案。",
            created_at=self.at(day, 16),
        )
        if self.rng.random() < 0.7:
            notice = issue_notice(
                campaign=self.campaign,
                department=case.department,
                title=f"关于{case.department.short_name}被投诉查实的通报（{case.number}）",
                body=f"经调查，群众反映{case.department.short_name}{case.get_kind_display()}"
                f"问题{case.get_finding_display()}。{case.findings}现予以通报，责令限期整改。",
                cause=case,
                issued_by=clerk,
                approved_by=self.leader,
            )
            type(notice).objects.filter(pk=notice.pk).update(published_at=self.at(day, 17))
        if case.finding == Finding.TRUE and TypicalCase.objects.count() < 3:
            TypicalCase.objects.create(
                complaint=case,
                title=f"{case.department.short_name}{case.get_kind_display()}典型案例",
                body=f"群众到{case.department.short_name}办事，{case.get_kind_display()}。"
                "经中心调查属实，对相关责任人进行了问责，单位已完成整改。"
                "各单位要引以为戒，切实转变作风、提升效能。",
                published_by=clerk,
                published_at=self.at(day, 17),
            )

    def aftercare(self, case, clerk, day):
        if day > self.today:
            return
        self.save(
            case,
            status=Status.ANSWERED,
            answer_channel=ContactChannel.PHONE if not case.is_anonymous else ContactChannel.WEB,
            answered_on=day,
            answer_text=f"您反映的问题经调查{case.get_finding_display()}。{case.findings}"
            "感谢您对效能建设的关心和监督。",
        )
        self.change(case, "answer", Status.CONCLUDED, Status.ANSWERED, clerk, self.at(day, 10))
        if self.stop == "answered":
            return  # real name: waiting for the follow-up call
        follow_on = self.wd(day, self.rng.randrange(1, 4))
        if follow_on > self.today:
            return
        if not case.is_anonymous:
            level = self.rng.choices([5, 4, 3, 2, 1], [45, 35, 12, 6, 2])[0]
            FollowUp.objects.create(
                complaint=case,
                satisfaction=level,
                channel=ContactChannel.PHONE,
                note="电话回访，投诉人对处理结果表示认可。"
                if level >= 3
                else "投诉人认为处理偏轻。",
                recorded_by=clerk,
                created_at=self.at(follow_on, 15),
            )
        self.save(case, status=Status.CLOSED, closed_at=self.at(follow_on, 16))
        self.change(case, "close", Status.ANSWERED, Status.CLOSED, clerk, case.closed_at)

    def _overdue_deduction(self, case):
        record_score(
            department=case.department,
            campaign=self.campaign,
            kind=ScoreKind.REPLY_OVERDUE,
            cause=case,
            recorded_by=self.clerks[0],
            once_key=f"complaint:{case.pk}:reply_overdue:1",
            note=case.number,
        )

    def reexamination(self, cases):
        """One dissatisfied real-name complainant asked for 复核: the case is open again."""
        closed = [
            c for c in cases if c.status == Status.CLOSED and not c.is_anonymous and c.closed_at
        ]
        if not closed:
            return
        case = closed[len(closed) // 2]
        FollowUp.objects.filter(complaint=case).delete()
        FollowUp.objects.create(
            complaint=case,
            satisfaction=2,
            channel=ContactChannel.WEB,
            note="",
            created_at=case.closed_at,
        )
        reopened = case.closed_at + datetime.timedelta(days=1)
        close_due = deadlines.close_due(self.campaign, timezone.localdate(reopened))
        self.save(
            case,
            status=Status.ACCEPTED,
            reexam_requested_at=reopened,
            reexam_reason="单位只是口头批评，问题没有真正解决，要求复核。",
            close_due=close_due,
            reply_due=None,
            very_overdue_on=deadlines.very_overdue_on(self.campaign, close_due),
        )
        StateChange.objects.create(
            content_type=self.complaint_type,
            object_id=case.pk,
            action="reexamine",
            from_state=Status.CLOSED,
            to_state=Status.ACCEPTED,
            actor=self.clerks[0],
            comment=case.reexam_reason,
            created_at=reopened,
        )
        CaseNote.objects.create(
            complaint=case,
            audience=CaseNote.Audience.PUBLIC,
            text="已收到您的复核申请，中心将重新调查并在规定时限内答复。",
            author=self.clerks[0],
            created_at=reopened,
        )


def _code_digest(code):
    from .query_codes import code_digest

    return code_digest(code)


def seed(county):
    if Complaint.objects.filter(campaign=county.campaign).exists():
        return []
    seeder = _Seeder(county)
    cases = seeder.run()
    seeder.reexamination(cases)
    seeder.publish_known_codes(cases)
    return cases
