"""Quarterly progress reports (进展报告表) and the completion summary with the clerk's rating."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from efficiency_center.errors import DomainError, Forbidden, Invalid
from efficiency_center.permissions import own_unit, require_editor
from efficiency_center.review import State, approve_and_publish
from efficiency_center.workflow import record_created, update

from ..deadlines import completion_open, open_quarters
from ..models import (
    CompletionReport,
    Milestone,
    MilestoneProgress,
    MilestoneStatus,
    ProgressReport,
    Project,
    Rating,
    Target,
    TargetProgress,
)
from .steps import attach_files, authored, create_unique, require_text

EVIDENCE_KINDS = ("pdf", "jpg", "png", "docx", "xlsx")
EVIDENCE_MAX_BYTES = 20 * 1024 * 1024
MAX_EVIDENCE_FILES = 10


def _check_files(files):
    if len(files) > MAX_EVIDENCE_FILES:
        raise Invalid(
            {"files": _("Attach at most %(max)s files at a time.") % {"max": MAX_EVIDENCE_FILES}},
            code="too_many_files",
        )


def _attach_evidence(doc, files, user, at):
    attach_files(
        doc,
        files,
        user=user,
        kinds=EVIDENCE_KINDS,
        max_bytes=EVIDENCE_MAX_BYTES,
        field="files",
        at=at,
    )


def _own_approved_project(project, user):
    project = Project.objects.select_related("campaign", "current").get(pk=project.pk)
    if not own_unit(user, project):
        raise Forbidden(_("Only the unit's own staff report on its projects."))
    if project.current_id is None:
        raise DomainError(
            _("Progress can be reported only for an approved project."), code="not_approved"
        )
    return project


def _validate_entries(filing, milestone_entries, target_entries):
    """Every milestone and target of the version reported against, once, with sane values."""
    expected = (
        set(Milestone.objects.filter(filing=filing).values_list("pk", flat=True)),
        set(Target.objects.filter(filing=filing).values_list("pk", flat=True)),
    )
    given = (
        [row["milestone_id"] for row in milestone_entries],
        [row["target_id"] for row in target_entries],
    )
    for want, got in zip(expected, given, strict=True):
        if set(got) != want or len(got) != len(want):
            raise Invalid(
                _(
                    "The project's milestones or targets changed after this form was opened. "
                    "Reload the page and enter the progress again."
                ),
                code="stale_items",
            )
    for row in milestone_entries:
        if row["status"] not in MilestoneStatus.values or not 0 <= row["percent"] <= 100:
            raise Invalid(_("Percent done must be from 0 to 100."), code="percent")
        if (row["status"] == MilestoneStatus.DONE) != (row["percent"] == 100):
            raise Invalid(
                _("A milestone is done exactly when it is 100 percent done."), code="done_percent"
            )


def _write_entries(report, milestone_entries, target_entries):
    report.milestone_entries.all().delete()
    report.target_entries.all().delete()
    MilestoneProgress.objects.bulk_create(
        MilestoneProgress(
            report=report,
            milestone_id=row["milestone_id"],
            status=row["status"],
            percent=row["percent"],
        )
        for row in milestone_entries
    )
    TargetProgress.objects.bulk_create(
        TargetProgress(report=report, target_id=row["target_id"], value=row["value"])
        for row in target_entries
    )


def _new_report(project, user, quarter, texts, milestone_entries, target_entries, at):
    project = _own_approved_project(project, user)
    if quarter not in open_quarters(project.campaign, timezone.localdate(at)):
        raise DomainError(_("Progress for this quarter cannot be reported yet."), code="quarter")
    _validate_entries(project.current, milestone_entries, target_entries)
    report = create_unique(
        ProgressReport,
        duplicate=_("This quarter's progress report already exists."),
        project=project,
        department_id=project.department_id,
        filing=project.current,
        quarter=quarter,
        **authored(user, at),
        **texts,
    )
    record_created(report, actor=user, at=at)
    return report


@transaction.atomic
def progress_report_save(
    *,
    user,
    project,
    quarter,
    work_done,
    next_steps,
    milestone_entries,
    target_entries,
    problems="",
    files=(),
    report=None,
    expected_version=None,
    at=None,
):
    """File a new quarter's progress report (report=None) or save the edit of a draft or
    returned one (optimistic lock on `version`). Evidence files are added, never replaced."""
    at = at or timezone.now()
    require_text(work_done, "work_done", _("Say what was done."))
    require_text(next_steps, "next_steps", _("Give the next steps."))
    _check_files(files)
    texts = {"work_done": work_done, "problems": problems, "next_steps": next_steps}
    if report is None:
        report = _new_report(project, user, quarter, texts, milestone_entries, target_entries, at)
    else:
        require_editor(user, report)
        _validate_entries(report.filing, milestone_entries, target_entries)
        for name, value in {**texts, "updated_at": at}.items():
            setattr(report, name, value)
        update(report, expected_version=expected_version, fields=[*texts, "updated_at"])
    _write_entries(report, milestone_entries, target_entries)
    _attach_evidence(report, files, user, at)
    return report


def _apply_progress(report):
    """Make an approved report's values the project's latest, unless a later quarter's report
    is already approved (a late Q1 report must not overwrite Q2's values)."""
    project = Project.objects.select_for_update().get(pk=report.project_id)
    newer = ProgressReport.objects.filter(
        project=project, state=State.PUBLISHED, quarter__gt=report.quarter
    ).exists()
    if newer or project.current_id is None:
        return
    milestones = {e.milestone.key: e for e in report.milestone_entries.select_related("milestone")}
    targets = {e.target.key: e for e in report.target_entries.select_related("target")}
    changed = []
    for milestone in Milestone.objects.filter(filing_id=project.current_id):
        entry = milestones.get(milestone.key)
        if entry is not None:
            milestone.status, milestone.percent = entry.status, entry.percent
            milestone.reported_quarter = report.quarter
            changed.append(milestone)
    Milestone.objects.bulk_update(changed, ["status", "percent", "reported_quarter"])
    changed = []
    for target in Target.objects.filter(filing_id=project.current_id):
        entry = targets.get(target.key)
        if entry is not None:
            target.current_value, target.reported_quarter = entry.value, report.quarter
            changed.append(target)
    Target.objects.bulk_update(changed, ["current_value", "reported_quarter"])


@transaction.atomic
def progress_report_approve(*, report, user, expected_version, comment="", at=None):
    """The clerk approves a progress report: it is published on the project's page and its
    values become the project's latest."""
    at = at or timezone.now()
    change = approve_and_publish(
        report, user=user, expected_version=expected_version, comment=comment, at=at
    )
    _apply_progress(report)
    return change


@transaction.atomic
def completion_save(
    *, user, project, summary, files=(), report=None, expected_version=None, at=None
):
    """File the completion summary (report=None) or save its edit."""
    at = at or timezone.now()
    require_text(summary, "summary", _("Summarise what the project achieved."))
    _check_files(files)
    if report is None:
        project = _own_approved_project(project, user)
        if not completion_open(project, timezone.localdate(at)):
            raise DomainError(
                _("The completion summary is filed after the campaign's last quarter."),
                code="too_early",
            )
        report = create_unique(
            CompletionReport,
            duplicate=_("The completion summary already exists."),
            project=project,
            department_id=project.department_id,
            summary=summary,
            **authored(user, at),
        )
        record_created(report, actor=user, at=at)
    else:
        require_editor(user, report)
        report.summary, report.updated_at = summary, at
        update(report, expected_version=expected_version, fields=["summary", "updated_at"])
    _attach_evidence(report, files, user, at)
    return report


@transaction.atomic
def completion_approve(*, report, user, expected_version, rating, comment="", at=None):
    """The clerk approves the completion summary with the project's rating (优秀/良好/合格/不合格)
    and a comment; it is published. Projects rated excellent are the candidates for the ten
    best measures."""
    at = at or timezone.now()
    if rating not in Rating.values:
        raise Invalid({"rating": _("Choose the project's rating.")}, code="rating")
    change = approve_and_publish(
        report, user=user, expected_version=expected_version, comment=comment, at=at
    )
    Project.objects.filter(pk=report.project_id).update(
        rating=rating, rating_comment=change.comment, rated_by=user, rated_at=at
    )
    return change
