"""The daily deadline job: reminders (催办) before the unit's reply deadline, the supervision
notice (督办) after it, and the leaders told when a case is very overdue.

For each case with a unit (forwarded):
- N working days before `reply_due`, for each N of the campaign's `complaint_reminder_workdays`
  ("N working days before" is the working day d with workdays_between(d, reply_due) == N), the
  unit's staff and head are reminded. A day the job did not run is not made up: old reminders
  are stale.
- Once `reply_due` has passed (today > reply_due) the unit's staff and head get a 督办 notice,
  the unit loses the campaign's REPLY_OVERDUE points once per case and forwarding round (a
  late filing, efficiency_center.lateness), and the case's timeline records it ("escalate",
  no change of status).
For each open case the center holds (investigated, reply to check, conclusion…) the same
escalation runs against `close_due`, to the clerks, without a deduction.
For every open case from `very_overdue_on` on: the leaders and the clerks are told (the clerk
may draft a public notice from the case page).

Safe to run twice, even at once: each case is re-read under a row lock before it is acted on,
what was done is stored on the case (`overdue_notified_at`, `very_overdue_notified_at`) and
every notification and deduction carries a once-key enforced by a unique column. The job sends
its notices itself, with those once-keys, and records each on the case's timeline as a step of
its table ("remind", "escalate", taken by the system user). A notice
counts for the deadline it was sent for: a mark older than the deadline now governing (a new
round, a reply that moved the case to the center, an extension) does not stop the next one.

Decisions where the issue was silent:
- While a timely extension request waits for a leader, no 督办 is sent and nothing is deducted:
  the unit (or clerk) asked in time. If it is refused, the next run escalates.
- Reminders and escalations are recorded on the case's timeline ("remind", "escalate") by the
  system user, like any other step, so that the clerk sees what the unit was told and when.
- The deduction's author is the system user; a closed assessment takes no deduction (the
  core's logged skip), the notices still go out and the other cases are handled.
- A run for a past day (a catch-up, the demo) acts at 08:30 of that day, the time of the
  scheduled run.
"""

import datetime
import logging
from collections import Counter

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from efficiency_center.accounts import center_users, system_user
from efficiency_center.decisions import Decision
from efficiency_center.lateness import late_filing_record
from efficiency_center.notifications import Notification, notify
from efficiency_center.scoring import ScoreKind
from efficiency_center.workdays import WorkdayCalendar, add_workdays
from efficiency_center.workflow import step

from ..models import OPEN_STATUSES, Complaint, Extension, Status
from ..rules import CENTER_HELD_STATUSES

logger = logging.getLogger(__name__)
User = get_user_model()

# The longest reminder lead a campaign accepts (Campaign.clean), plus one.
REMINDER_HORIZON_WORKDAYS = 31
# When the scheduled run happens (efficiency_center.schedules): the time of a run for a past day.
RUN_TIME = datetime.time(8, 30)


def _pending_extension():
    return Exists(Extension.objects.filter(complaint=OuterRef("pk"), decision=Decision.PENDING))


def _not_escalated_for(due_field):
    """No 督办 since the deadline in `due_field` passed (a mark from an earlier deadline does
    not count)."""
    return Q(overdue_notified_at__isnull=True) | Q(
        **{"overdue_notified_at__date__lte": F(due_field)}
    )


class _Job:
    """One run: its time and day, and the people it tells, each read once."""

    def __init__(self, at):
        self.at = at
        self.today = timezone.localdate(at)
        self.summary = Counter()
        self._unit_people = {}
        self._system = None
        self._leaders = None
        self._clerks = None

    # --- who is told ---------------------------------------------------------------------------

    def load_unit_people(self, department_ids):
        """The active staff and heads of all these units, in one query."""
        wanted = set(department_ids) - set(self._unit_people)
        if not wanted:
            return
        for department_id in wanted:
            self._unit_people[department_id] = []
        for user in User.objects.filter(
            department_id__in=wanted, role__in=User.UNIT_ROLES, is_active=True
        ).order_by("pk"):
            self._unit_people[user.department_id].append(user)

    def unit_people(self, department_id):
        if department_id is None:
            return []
        if department_id not in self._unit_people:  # a case re-routed since it was listed
            self.load_unit_people([department_id])
        return self._unit_people[department_id]

    @property
    def system(self):
        if self._system is None:
            self._system = system_user()
        return self._system

    @property
    def leaders(self):
        if self._leaders is None:
            self._leaders = center_users(User.Role.LEADER)
        return self._leaders

    @property
    def clerks(self):
        if self._clerks is None:
            self._clerks = center_users(User.Role.CLERK)
        return self._clerks

    # --- one case at a time, under its row lock ------------------------------------------------

    def each_locked(self, cases, condition, act):
        """Call `act(case)` for each case re-read under a row lock, if it still meets
        `condition` (a Q); each in its own transaction, so that one failure does not undo the
        others."""
        for case in cases:
            try:
                with transaction.atomic():
                    locked = (
                        Complaint.objects.select_for_update(of=("self",))
                        .select_related("campaign", "department")
                        .filter(condition, pk=case.pk)
                        .first()
                    )
                    if locked is not None:
                        act(locked)
            except IntegrityError:
                # A concurrent run sent the same once-keyed notice first: nothing is lost.
                logger.info("complaint %s handled by a concurrent run", case.pk)
            except Exception:
                # One broken case must not stop the others; the next run tries it again.
                logger.exception("deadline checks failed for complaint %s", case.pk)


def _reminder_key(complaint, n):
    return f"complaint-remind:{complaint.pk}:{complaint.reply_due}:{n}"


def _remind(job):
    """催办: N working days before the reply deadline, to the unit's staff and head."""
    today = job.today
    horizon = add_workdays(today, REMINDER_HORIZON_WORKDAYS)
    calendar = WorkdayCalendar(today, horizon)
    if not calendar.is_workday(today):
        return []
    candidates = Complaint.objects.filter(
        status=Status.FORWARDED, reply_due__gt=today, reply_due__lte=horizon
    ).select_related("campaign")
    due = []
    for complaint in candidates:
        left = calendar.workdays_between(today, complaint.reply_due)
        if left in (complaint.campaign.complaint_reminder_workdays or []):
            due.append((complaint, left))
    return due


def _send_reminders(job, due):
    if not due:
        return
    # Skip, in one query, the cases whose reminder of today was already sent to everyone.
    wanted = {
        (complaint.pk, n): [
            f"{_reminder_key(complaint, n)}:u{user.pk}"
            for user in job.unit_people(complaint.department_id)
        ]
        for complaint, n in due
    }
    sent = set(
        Notification.objects.filter(
            dedupe_key__in=[key for keys in wanted.values() for key in keys]
        ).values_list("dedupe_key", flat=True)
    )
    todo = {
        complaint.pk: n
        for complaint, n in due
        if any(key not in sent for key in wanted[(complaint.pk, n)])
    }
    cases = [complaint for complaint, _n in due if complaint.pk in todo]

    def act(complaint):
        n = todo[complaint.pk]
        verb = ngettext(
            "Reminder: the reply to complaint %(number)s is due on %(due)s, in %(n)s working day.",
            "Reminder: the reply to complaint %(number)s is due on %(due)s, in %(n)s working days.",
            n,
        ) % {"number": complaint.number, "due": complaint.reply_due.isoformat(), "n": n}
        rows = notify(
            job.unit_people(complaint.department_id),
            verb,
            complaint,
            url=complaint.get_unit_url(),
            once_key=_reminder_key(complaint, n),
            at=job.at,
        )
        if rows:
            step(
                complaint,
                "remind",
                actor=job.system,
                expected_version=complaint.version,
                at=job.at,
                comment=ngettext(
                    "Reply due on %(due)s, in %(n)s working day: the unit was reminded.",
                    "Reply due on %(due)s, in %(n)s working days: the unit was reminded.",
                    n,
                )
                % {"due": complaint.reply_due.isoformat(), "n": n},
            )
            job.summary["reminders"] += len(rows)

    job.each_locked(cases, Q(status=Status.FORWARDED, reply_due__isnull=False), act)


def reply_period(complaint):
    """The late filing's period: the case and its forwarding round (a case forwarded again after
    its unit returned it owes a new reply)."""
    forwarded = complaint.forwarded_at
    stamp = forwarded.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%S.%f") if forwarded else "none"
    return f"complaints:reply:{complaint.pk}:{stamp}"


def _deduct(job, complaint):
    """The unit's REPLY_OVERDUE deduction, once per case and round (None: the assessment is
    closed, the core logged the skip)."""
    return late_filing_record(
        campaign=complaint.campaign,
        department=complaint.department,
        source="complaints",
        period=reply_period(complaint),
        deadline=complaint.reply_due,
        what=_("The reply to complaint %(number)s") % {"number": complaint.number},
        subject=complaint,
        kind=ScoreKind.REPLY_OVERDUE,
        at=job.at,
    )


def _unit_overdue_cases(today):
    return (
        Complaint.objects.filter(status=Status.FORWARDED, reply_due__lt=today)
        .filter(_not_escalated_for("reply_due"))
        .exclude(_pending_extension())
        .select_related("campaign", "department")
    )


def _escalate_unit(job, cases):
    """督办 to the unit the day after its reply deadline, the deduction, the timeline entry."""
    condition = (
        Q(status=Status.FORWARDED, reply_due__lt=job.today)
        & _not_escalated_for("reply_due")
        & ~_pending_extension()
    )

    def act(complaint):
        due = complaint.reply_due.isoformat()
        notify(
            job.unit_people(complaint.department_id),
            _(
                "Supervision notice (督办): the reply to complaint %(number)s was due on "
                "%(due)s and is overdue. Send it at once."
            )
            % {"number": complaint.number, "due": due},
            complaint,
            url=complaint.get_unit_url(),
            once_key=f"complaint-overdue:{complaint.pk}:{due}",
            at=job.at,
        )
        deducted = _deduct(job, complaint)
        step(
            complaint,
            "escalate",
            actor=job.system,
            expected_version=complaint.version,
            at=job.at,
            comment=_("The reply was due on %(due)s; the unit was sent a supervision notice.")
            % {"due": due},
            overdue_notified_at=job.at,
        )
        job.summary["overdue"] += 1
        job.summary["deductions"] += int(deducted is not None)

    job.each_locked(cases, condition, act)


def _center_overdue_cases(today):
    return (
        Complaint.objects.filter(status__in=CENTER_HELD_STATUSES, close_due__lt=today)
        .filter(_not_escalated_for("close_due"))
        .exclude(_pending_extension())
        .select_related("campaign", "department")
    )


def _escalate_center(job, cases):
    """督办 of a case the center holds, past its closing deadline: to the clerks."""
    condition = (
        Q(status__in=CENTER_HELD_STATUSES, close_due__lt=job.today)
        & _not_escalated_for("close_due")
        & ~_pending_extension()
    )

    def act(complaint):
        due = complaint.close_due.isoformat()
        notify(
            job.clerks,
            _(
                "Supervision notice (督办): complaint %(number)s was due to close on %(due)s "
                "and is overdue."
            )
            % {"number": complaint.number, "due": due},
            complaint,
            url=complaint.get_absolute_url(),
            once_key=f"complaint-overdue-center:{complaint.pk}:{due}",
            at=job.at,
        )
        step(
            complaint,
            "escalate",
            actor=job.system,
            expected_version=complaint.version,
            at=job.at,
            comment=_("The case was due to close on %(due)s; the clerks were told.") % {"due": due},
            overdue_notified_at=job.at,
        )
        job.summary["center_overdue"] += 1

    job.each_locked(cases, condition, act)


def _not_told_very_overdue():
    return Q(very_overdue_notified_at__isnull=True) | Q(
        very_overdue_notified_at__date__lt=F("very_overdue_on")
    )


def _very_overdue_cases(today):
    return (
        Complaint.objects.filter(status__in=OPEN_STATUSES, very_overdue_on__lte=today)
        .filter(_not_told_very_overdue())
        .select_related("campaign", "department")
    )


def _tell_very_overdue(job, cases):
    """Very overdue: the leaders and the clerks are told (once per threshold)."""
    condition = Q(status__in=OPEN_STATUSES, very_overdue_on__lte=job.today) & (
        _not_told_very_overdue()
    )

    def act(complaint):
        due = complaint.governing_due
        unit = complaint.department.name if complaint.department else "—"
        notify(
            [*job.leaders, *job.clerks],
            _(
                "Complaint %(number)s (%(unit)s) is very overdue: its deadline was %(due)s. "
                "The clerk may draft a public notice from the case page."
            )
            % {"number": complaint.number, "unit": unit, "due": due.isoformat() if due else "—"},
            complaint,
            url=complaint.get_absolute_url(),
            once_key=f"complaint-very-overdue:{complaint.pk}:{complaint.very_overdue_on}",
            at=job.at,
        )
        step(
            complaint,
            "escalate",
            actor=job.system,
            expected_version=complaint.version,
            at=job.at,
            comment=_("Very overdue since %(day)s: the leaders and the clerks were told.")
            % {"day": complaint.very_overdue_on.isoformat()},
            very_overdue_notified_at=job.at,
        )
        job.summary["very_overdue"] += 1

    job.each_locked(cases, condition, act)


def run_time(day=None):
    """The moment a run for `day` acts at: the scheduled time of that day, or now if that has
    not come yet (a run before 08:30, a run with no day)."""
    now = timezone.now()
    if day is None:
        return now
    return min(timezone.make_aware(datetime.datetime.combine(day, RUN_TIME)), now)


def deadline_checks_run(*, day=None):
    """Run the reminders and escalations of `day` (default today); returns what was done, by
    kind."""
    job = _Job(run_time(day))
    reminders = _remind(job)
    unit_overdue = list(_unit_overdue_cases(job.today))
    center_overdue = list(_center_overdue_cases(job.today))
    very_overdue = list(_very_overdue_cases(job.today))
    departments = [c.department_id for c, _n in reminders] + [c.department_id for c in unit_overdue]
    job.load_unit_people(departments)
    _send_reminders(job, reminders)
    _escalate_unit(job, unit_overdue)
    _escalate_center(job, center_overdue)
    _tell_very_overdue(job, very_overdue)
    for key in ("reminders", "overdue", "deductions", "center_overdue", "very_overdue"):
        job.summary.setdefault(key, 0)
    return dict(job.summary)
