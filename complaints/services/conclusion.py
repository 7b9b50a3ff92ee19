"""The conclusion (查实 / 部分查实 / 不属实) and what follows a case found true: the ledger's
deduction, accountability measures, the public notice (公开通报) and the typical case (典型案例).

The clerk proposes; 不属实 takes effect at once, 查实 and 部分查实 wait for a leader's approval,
which records the campaign's deduction in the ledger, traceable to the case. On re-examination
(复核) a new conclusion that changes the finding reverses the earlier deduction before recording
the new one; a new 不属实 that would cancel a deduction a leader confirmed also needs a leader.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from efficiency_center.notices import PublicNotice, issue_notice
from efficiency_center.notifications import notify
from efficiency_center.review import StateChange, record_state_change
from efficiency_center.scoring import (
    LedgerError,
    ScoreKind,
    entries_for_cause,
    record_score,
    reverse_score,
)

from ..models import (
    FINDINGS_NEEDING_LEADER,
    Accountability,
    Complaint,
    Finding,
    Status,
    TypicalCase,
)
from ..sealing import publishable
from ..workflow import ComplaintError, can, move
from .handling import (
    check_version,
    leaders,
    lock_current,
    notify_unit,
    require_clerk,
    require_leader,
    required_text,
)

KIND_FOR_FINDING = {
    Finding.TRUE: ScoreKind.COMPLAINT_TRUE,
    Finding.PARTLY_TRUE: ScoreKind.COMPLAINT_PARTLY_TRUE,
}
# Statuses of a case whose conclusion took effect (and was not reopened since).
CONCLUDED_STATUSES = (Status.CONCLUDED, Status.ANSWERED, Status.CLOSED)


# --- the ledger --------------------------------------------------------------------------------


def finding_round(complaint):
    """0 for the first conclusion, 1 after the (single) re-examination."""
    return 1 if complaint.reexam_requested_at else 0


def once_key(complaint):
    return f"complaint:{complaint.pk}:finding:{finding_round(complaint)}"


def active_deduction(complaint):
    """The case's deduction in force: recorded for a finding and not reversed since."""
    return (
        entries_for_cause(complaint)
        .filter(kind__in=KIND_FOR_FINDING.values(), reversed_by__isnull=True)
        .order_by("-created_at", "-id")
        .first()
    )


def _settle_ledger(complaint, *, recorded_by, confirmed_by):
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
            note=(
                _("Case %(number)s re-examined: the finding is now “%(finding)s”.")
                % {"number": complaint.number, "finding": complaint.get_finding_display()}
            )[:200],
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
        note=(
            _("Complaint %(number)s: %(finding)s")
            % {"number": complaint.number, "finding": complaint.get_finding_display()}
        )[:200],
        once_key=once_key(complaint),
    )


def _proposer(complaint, default):
    change = (
        StateChange.objects.filter(
            content_type=ContentType.objects.get_for_model(Complaint),
            object_id=complaint.pk,
            action="propose",
        )
        .select_related("actor")
        .order_by("-created_at", "-id")
        .first()
    )
    return change.actor if change is not None else default


# --- the conclusion ----------------------------------------------------------------------------


@transaction.atomic
def propose(*, complaint, user, expected_version, finding, findings, department=None):
    """The clerk's conclusion with its findings. 不属实 takes effect at once; 查实 and 部分查实
    (and a 不属实 that would cancel a confirmed deduction) wait for a leader.

    A case the center investigates itself may name (or change) the unit complained of here;
    a case without a unit cannot be found true."""
    require_clerk(user)
    check_version(complaint, expected_version)
    if finding not in Finding.values:
        raise ValidationError({"finding": _("Choose the conclusion.")})
    findings = required_text(
        findings, "findings", _("Write the findings: what the investigation established.")
    )
    fields = {"finding": finding, "findings": findings}
    if department is not None and department.pk != complaint.department_id:
        if complaint.status != Status.DIRECT:
            raise ValidationError(
                {"department": _("Only a case the center investigates changes its unit here.")}
            )
        fields["department"] = department
    has_unit = fields.get("department") or complaint.department_id
    if finding in FINDINGS_NEEDING_LEADER and not has_unit:
        raise ValidationError(
            {"department": _("A case found (partly) true must name the unit complained of.")}
        )
    if (
        complaint.status == Status.DIRECT
        and complaint.close_due
        and timezone.localdate() > complaint.close_due
    ):
        fields["was_late"] = True
    label = Finding(finding).label
    comment = f"{label}：{findings}"
    needs_leader = finding in FINDINGS_NEEDING_LEADER or active_deduction(complaint) is not None
    if needs_leader:
        move(
            complaint,
            "propose",
            actor=user,
            expected_version=expected_version,
            comment=comment,
            fields=fields,
        )
        notify(
            leaders(),
            _("The conclusion on complaint %(number)s awaits your approval: %(finding)s.")
            % {"number": complaint.number, "finding": label},
            complaint,
        )
    else:
        fields.update(concluded_at=timezone.now(), conclusion_approved_by=None)
        move(
            complaint,
            "conclude",
            actor=user,
            expected_version=expected_version,
            comment=comment,
            fields=fields,
        )
        notify_unit(
            complaint,
            _("Complaint %(number)s was concluded: %(finding)s.")
            % {"number": complaint.number, "finding": label},
        )
    return complaint


@transaction.atomic
def approve_conclusion(*, complaint, user, expected_version, comment=""):
    """A leader approves the proposed conclusion; the ledger gets the campaign's deduction,
    recorded by the proposing clerk and confirmed by the leader. A closed assessment refuses
    it with a clear message, and nothing changes."""
    require_leader(user)
    lock_current(complaint, expected_version)
    if not can(complaint, "approve_conclusion"):
        raise ComplaintError(_("There is no conclusion awaiting approval on this case."))
    proposer = _proposer(complaint, default=user)
    try:
        _settle_ledger(complaint, recorded_by=proposer, confirmed_by=user)
    except LedgerError as exc:
        raise ComplaintError(str(exc)) from exc
    move(
        complaint,
        "approve_conclusion",
        actor=user,
        expected_version=expected_version,
        comment=(comment or "").strip(),
        fields={"conclusion_approved_by": user, "concluded_at": timezone.now()},
    )
    label = complaint.get_finding_display()
    if proposer.pk != user.pk:
        notify(
            [proposer],
            _("The conclusion on complaint %(number)s was approved: %(finding)s.")
            % {"number": complaint.number, "finding": label},
            complaint,
        )
    notify_unit(
        complaint,
        _("Complaint %(number)s was concluded: %(finding)s.")
        % {"number": complaint.number, "finding": label},
    )
    return complaint


@transaction.atomic
def send_back_conclusion(*, complaint, user, expected_version, reason):
    """A leader sends the proposal back to the clerk with the reason; the proposed finding is
    withdrawn (the findings text stays for the clerk to revise)."""
    require_leader(user)
    check_version(complaint, expected_version)
    reason = required_text(reason, "reason", _("Please say why it is sent back."))
    proposer = _proposer(complaint, default=None)
    move(
        complaint,
        "send_back_conclusion",
        actor=user,
        expected_version=expected_version,
        comment=reason,
        fields={"finding": ""},
    )
    if proposer is not None:
        notify(
            [proposer],
            _("The conclusion on complaint %(number)s was sent back: %(reason)s")
            % {"number": complaint.number, "reason": reason[:100]},
            complaint,
        )
    return complaint


# --- after a case found (partly) true ----------------------------------------------------------


def is_found_true(complaint):
    """Found (partly) true, approved by a leader, and not reopened since."""
    return (
        complaint.finding in FINDINGS_NEEDING_LEADER
        and complaint.conclusion_approved_by_id is not None
        and complaint.status in CONCLUDED_STATUSES
        and complaint.department_id is not None
    )


def _require_found_true(complaint):
    if not is_found_true(complaint):
        raise ComplaintError(
            _("Only a case a leader approved as found (partly) true can have this.")
        )


@transaction.atomic
def record_accountability(*, complaint, user, expected_version, measure, person, note=""):
    """A measure taken against a person responsible (诫勉谈话, 通报批评, …)."""
    require_clerk(user)
    check_version(complaint, expected_version)
    _require_found_true(complaint)
    if measure not in Accountability.Measure.values:
        raise ValidationError({"measure": _("Choose the measure.")})
    person = (person or "").strip()
    if not person:
        raise ValidationError({"person": _("Say against whom (name and post).")})
    if len(person) > 100:
        raise ValidationError({"person": _("At most 100 characters, please.")})
    return Accountability.objects.create(
        complaint=complaint,
        measure=measure,
        person=person,
        note=(note or "").strip(),
        recorded_by=user,
    )


def notice_exists(complaint):
    return PublicNotice.objects.filter(
        cause_type=ContentType.objects.get_for_model(Complaint), cause_id=complaint.pk
    ).exists()


def notice_draft(complaint, measures=()):
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
def issue_public_notice(*, complaint, user, expected_version, title, body):
    """The clerk issues the public notice (公开通报) of a case found (partly) true, approved by
    the leader who approved the conclusion. Once per case."""
    require_clerk(user)
    lock_current(complaint, expected_version)
    _require_found_true(complaint)
    if notice_exists(complaint):
        raise ComplaintError(_("A public notice was already issued for this case."))
    title, body = publishable(
        complaint,
        title=title,
        body=body,
        title_missing=_("Give the notice a title."),
        body_missing=_("Write the notice."),
    )
    return publish_case_notice(
        complaint,
        title=title,
        body=body,
        issued_by=user,
        approved_by=complaint.conclusion_approved_by,
        actor=user,
    )


def publish_case_notice(complaint, *, title, body, issued_by, approved_by, actor):
    """Issue a public notice caused by the case (a finding, or a supervision notice), put it on
    the case's timeline and tell the unit."""
    notice = issue_notice(
        campaign=complaint.campaign,
        department=complaint.department,
        title=title,
        body=body,
        cause=complaint,
        issued_by=issued_by,
        approved_by=approved_by,
    )
    record_state_change(
        complaint,
        action="notice",
        from_state=complaint.status,
        to_state=complaint.status,
        actor=actor,
        comment=title,
    )
    notify_unit(
        complaint,
        _("A public notice was issued on complaint %(number)s.") % {"number": complaint.number},
    )
    return notice


@transaction.atomic
def publish_typical_case(*, complaint, user, expected_version, title, body):
    """The clerk publishes the case, anonymised, as a typical case (典型案例曝光). Once per case;
    a text that names the complainant or gives their phone is refused."""
    require_clerk(user)
    lock_current(complaint, expected_version)
    _require_found_true(complaint)
    if TypicalCase.objects.filter(complaint=complaint).exists():
        raise ComplaintError(_("This case was already published as a typical case."))
    title, body = publishable(
        complaint,
        title=title,
        body=body,
        title_missing=_("Give the typical case a title."),
        body_missing=_("Write the typical case."),
    )
    typical = TypicalCase.objects.create(
        complaint=complaint, title=title, body=body, published_by=user
    )
    record_state_change(
        complaint,
        action="typical_case",
        from_state=complaint.status,
        to_state=complaint.status,
        actor=user,
        comment=title,
    )
    return typical
