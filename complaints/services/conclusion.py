"""The conclusion (查实 / 部分查实 / 不属实) and what follows a case found true: the ledger's
deduction, accountability measures, the public notice (公开通报) and the typical case (典型案例).

The clerk proposes; 不属实 takes effect at once, 查实 and 部分查实 wait for a leader's approval,
which records the campaign's deduction in the ledger, traceable to the case. On re-examination
(复核) a new conclusion that changes the finding reverses the earlier deduction before recording
the new one; a new 不属实 that would cancel a deduction a leader confirmed also needs a leader.
With the assessment closed, the ledger refuses (a clear message) and nothing changes.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from efficiency_center.errors import Invalid
from efficiency_center.notices import issue_notice
from efficiency_center.scoring import record_score, reverse_score
from efficiency_center.workflow import record_history, step

from ..models import FINDINGS_NEEDING_LEADER, Accountability, Finding, Status, TypicalCase
from ..rules import KIND_FOR_FINDING, active_deduction
from ..sealing import publishable
from ..workflows import proposer
from .common import case_permits, required_text

# --- the ledger --------------------------------------------------------------------------------


def finding_round(complaint):
    """0 for the first conclusion, 1 after the (single) re-examination."""
    return 1 if complaint.reexam_requested_at else 0


def once_key(complaint):
    return f"complaint:{complaint.pk}:finding:{finding_round(complaint)}"


def _settle_ledger(complaint, *, recorded_by, confirmed_by, at):
    """Make the ledger say what the approved finding says: keep a deduction that still holds,
    reverse one that no longer does, record the new one (once per round)."""
    kind = KIND_FOR_FINDING.get(complaint.finding)
    active = active_deduction(complaint)
    if active is not None:
        if active.kind == kind and active.department_id == complaint.department_id:
            return active
        reverse_score(
            active,
            recorded_by=confirmed_by,
            note=_("Case %(number)s re-examined: the finding is now “%(finding)s”.")
            % {"number": complaint.number, "finding": complaint.get_finding_display()},
            at=at,
        )
    if kind is None:
        return None
    return record_score(
        department=complaint.department,
        campaign=complaint.campaign,
        kind=kind,
        cause=complaint,
        recorded_by=recorded_by,
        confirmed_by=confirmed_by,
        note=_("Complaint %(number)s: %(finding)s")
        % {"number": complaint.number, "finding": complaint.get_finding_display()},
        once_key=once_key(complaint),
        at=at,
    )


# --- the conclusion ----------------------------------------------------------------------------


def conclusion_propose(
    *, complaint, user, expected_version, finding, findings, department=None, at=None
):
    """The clerk's conclusion with its findings. 不属实 takes effect at once; 查实 and 部分查实
    (and a 不属实 that would cancel a confirmed deduction) wait for a leader.

    A case the center investigates itself may name (or change) the unit complained of here;
    a case without a unit cannot be found true."""
    at = at or timezone.now()
    if finding not in Finding.values:
        raise Invalid({"finding": _("Choose the conclusion.")})
    findings = required_text(
        findings, "findings", _("Write the findings: what the investigation established.")
    )
    fields = {"finding": finding, "findings": findings}
    if department is not None and department.pk != complaint.department_id:
        if complaint.status != Status.DIRECT:
            raise Invalid(
                {"department": _("Only a case the center investigates changes its unit here.")}
            )
        fields["department"] = department
    has_unit = fields.get("department") or complaint.department_id
    if finding in FINDINGS_NEEDING_LEADER and not has_unit:
        raise Invalid(
            {"department": _("A case found (partly) true must name the unit complained of.")}
        )
    if (
        complaint.status == Status.DIRECT
        and complaint.close_due
        and timezone.localdate(at) > complaint.close_due
    ):
        fields["was_late"] = True
    needs_leader = finding in FINDINGS_NEEDING_LEADER or active_deduction(complaint) is not None
    if not needs_leader:
        fields["conclusion_approved_by"] = None
    step(
        complaint,
        "propose" if needs_leader else "conclude",
        actor=user,
        expected_version=expected_version,
        at=at,
        comment=f"{Finding(finding).label}：{findings}",
        **fields,
    )
    return complaint


@transaction.atomic
def conclusion_approve(*, complaint, user, expected_version, comment="", at=None):
    """A leader approves the proposed conclusion; the ledger gets the campaign's deduction,
    recorded by the proposing clerk and confirmed by the leader (or reverses the one a
    re-examination overturned). The ledger is settled once the table allows the step and
    before it is taken: a closed assessment refuses it with a clear message, and nothing
    changes."""
    at = at or timezone.now()
    case_permits(
        complaint, "approve_conclusion", user=user, expected_version=expected_version, at=at
    )
    _settle_ledger(complaint, recorded_by=proposer(complaint) or user, confirmed_by=user, at=at)
    step(
        complaint,
        "approve_conclusion",
        actor=user,
        expected_version=expected_version,
        at=at,
        comment=comment,
        conclusion_approved_by=user,
    )
    return complaint


def conclusion_send_back(*, complaint, user, expected_version, comment, at=None):
    """A leader sends the proposal back to the clerk with the reason (`comment`); the proposed
    finding is withdrawn (the findings text stays for the clerk to revise)."""
    step(
        complaint,
        "send_back_conclusion",
        actor=user,
        expected_version=expected_version,
        at=at,
        comment=comment,
        finding="",
    )
    return complaint


# --- after a case found (partly) true ----------------------------------------------------------


@transaction.atomic
def accountability_record(*, complaint, user, expected_version, measure, person, note="", at=None):
    """A measure taken against a person responsible (诫勉谈话, 通报批评, …)."""
    at = at or timezone.now()
    case_permits(complaint, "accountability", user=user, expected_version=expected_version, at=at)
    if measure not in Accountability.Measure.values:
        raise Invalid({"measure": _("Choose the measure.")})
    person = (person or "").strip()
    if not person:
        raise Invalid({"person": _("Say against whom (name and post).")})
    if len(person) > 100:
        raise Invalid({"person": _("At most 100 characters, please.")})
    return Accountability.objects.create(
        complaint=complaint,
        measure=measure,
        person=person,
        note=(note or "").strip(),
        recorded_by=user,
        created_at=at,
    )


def notice_text(complaint, measures=()):
    """The clerk's starting text for the public notice. Built from the case's unit, kind,
    finding and measures only: never from anything the complainant wrote or is."""
    unit = complaint.department.name if complaint.department_id else ""
    title = _("Public notice: complaint %(number)s against %(unit)s %(finding)s") % {
        "number": complaint.number,
        "unit": unit,
        "finding": complaint.get_finding_display(),
    }
    body = _(
        "Upon investigation, the complaint (case %(number)s) against %(unit)s about "
        "“%(kind)s” was %(finding)s. In accordance with the rules of the administrative "
        "efficiency campaign, it is hereby notified publicly."
    ) % {
        "number": complaint.number,
        "unit": unit,
        "kind": complaint.get_kind_display(),
        "finding": complaint.get_finding_display(),
    }
    if measures:
        taken = "；".join(f"{m.get_measure_display()}：{m.person}" for m in measures)
        body += "\n" + _("Measures taken: %(measures)s.") % {"measures": taken}
    return title, body


@transaction.atomic
def public_notice_issue(*, complaint, user, expected_version, title, body, at=None):
    """The clerk issues the public notice (公开通报) of a case found (partly) true, approved by
    the leader who approved the conclusion. Once per case; the case's step tells the unit."""
    at = at or timezone.now()
    title, body = publishable(
        complaint,
        title=title,
        body=body,
        title_missing=_("Give the notice a title."),
        body_missing=_("Write the notice."),
    )
    step(complaint, "notice", actor=user, expected_version=expected_version, at=at, comment=title)
    return issue_notice(
        campaign=complaint.campaign,
        department=complaint.department,
        title=title,
        body=body,
        cause=complaint,
        issued_by=user,
        approved_by=complaint.conclusion_approved_by,
        at=at,
    )


def overdue_notice_publish(notice, *, approved_by, at):
    """A leader issued a supervision notice (督办通报) of the case: the public notice it becomes,
    on the case's timeline too."""
    complaint = notice.complaint
    public = issue_notice(
        campaign=complaint.campaign,
        department=complaint.department,
        title=notice.title,
        body=notice.body,
        cause=complaint,
        issued_by=notice.drafted_by,
        approved_by=approved_by,
        at=at,
    )
    record_history(complaint, action="notice", actor=approved_by, comment=notice.title, at=at)
    return public


@transaction.atomic
def typical_case_publish(*, complaint, user, expected_version, title, body, at=None):
    """The clerk publishes the case, anonymised, as a typical case (典型案例曝光). Once per case;
    a text that names the complainant or gives their phone is refused."""
    at = at or timezone.now()
    title, body = publishable(
        complaint,
        title=title,
        body=body,
        title_missing=_("Give the typical case a title."),
        body_missing=_("Write the typical case."),
    )
    step(
        complaint,
        "typical_case",
        actor=user,
        expected_version=expected_version,
        at=at,
        comment=title,
    )
    return TypicalCase.objects.create(
        complaint=complaint, title=title, body=body, published_by=user, published_at=at
    )
