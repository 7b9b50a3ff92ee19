"""Quarterly progress reports (进展报告表) and the completion summary with the clerk's rating."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from efficiency_center import review
from efficiency_center.review import State
from efficiency_center.uploads import attach

from ..deadlines import open_quarters
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
from ._common import (
    ensure_editable_by,
    publish_after_approval,
    record_created,
    require_text,
    take_action,
    tell_about_transition,
    touch,
)

EVIDENCE_KINDS = ("pdf", "jpg", "png", "docx", "xlsx")
EVIDENCE_MAX_BYTES = 20 * 1024 * 1024
MAX_EVIDENCE_FILES = 10


def _check_files(files):
    if len(files) > MAX_EVIDENCE_FILES:
        raise ValidationError(
            _("Attach at most %(max)s files at a time."),
            code="too_many_files",
            params={"max": MAX_EVIDENCE_FILES},
        )


def _attach_all(doc, files, user):
    for uploaded in files:
        attach(doc, uploaded, user=user, kinds=EVIDENCE_KINDS, max_bytes=EVIDENCE_MAX_BYTES)


def _own_approved_project(project, user):
    project = Project.objects.select_related("campaign", "current").get(pk=project.pk)
    if not user.is_unit_user or user.department_id != project.department_id:
        raise review.ReviewError(_("Only the unit's own staff report on its projects."))
    if project.current_id is None:
        raise ValidationError(
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
            raise ValidationError(
                _(
                    "The project's milestones or targets changed after this form was opened. "
                    "Reload the page and enter the progress again."
                ),
                code="stale_items",
            )
    for row in milestone_entries:
        if row["status"] not in MilestoneStatus.values or not 0 <= row["percent"] <= 100:
            raise ValidationError(_("Percent done must be from 0 to 100."), code="percent")
        if (row["status"] == MilestoneStatus.DONE) != (row["percent"] == 100):
            raise ValidationError(
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
    today=None,
):
    """File a new quarter's progress report (report=None) or save the edit of a draft or
    returned one (optimistic lock on `version`). Evidence files are added, never replaced."""
    require_text(work_done, "work_done", _("Say what was done."))
    require_text(next_steps, "next_steps", _("Give the next steps."))
    _check_files(files)
    if report is None:
        project = _own_approved_project(project, user)
        today = today or timezone.localdate()
        if quarter not in open_quarters(project.campaign, today):
            raise ValidationError(
                _("Progress for this quarter cannot be reported yet."), code="quarter"
            )
        if ProgressReport.objects.filter(project=project, quarter=quarter).exists():
            raise ValidationError(
                _("This quarter's progress report already exists."), code="duplicate"
            )
        _validate_entries(project.current, milestone_entries, target_entries)
        report = ProgressReport.objects.create(
            project=project,
            department_id=project.department_id,
            filing=project.current,
            quarter=quarter,
            work_done=work_done,
            problems=problems,
            next_steps=next_steps,
            created_by=user,
        )
        record_created(report, user)
    else:
        ensure_editable_by(report, user)
        _validate_entries(report.filing, milestone_entries, target_entries)
        report.work_done, report.problems, report.next_steps = work_done, problems, next_steps
        touch(report)
        review.save_draft(
            report,
            expected_version=expected_version,
            fields=["work_done", "problems", "next_steps", "updated_at"],
        )
    _write_entries(report, milestone_entries, target_entries)
    _attach_all(report, files, user)
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
def progress_report_transition(*, report, user, action, comment="", expected_version):
    """A review step on a progress report; approval publishes it on the project's page."""
    if action == "publish":
        raise review.ReviewError(_("An approved report is published when it is approved."))
    change = take_action(
        report, action=action, user=user, comment=comment, expected_version=expected_version
    )
    if action == "approve":
        publish_after_approval(report, user)
        _apply_progress(report)
    tell_about_transition(
        report, action=action, actor=user, comment=change.comment, what=_("Progress report")
    )
    return change


def completion_open(project, today):
    """A completion summary is filed after the campaign's last quarter (from the Q4 deadline),
    or earlier once the project's own end date has passed."""
    if project.current_id is None:
        return False
    return today >= project.campaign.q4_deadline or today > project.current.end_date


@transaction.atomic
def completion_save(
    *, user, project, summary, files=(), report=None, expected_version=None, today=None
):
    """File the completion summary (report=None) or save its edit."""
    require_text(summary, "summary", _("Summarise what the project achieved."))
    _check_files(files)
    if report is None:
        project = _own_approved_project(project, user)
        if not completion_open(project, today or timezone.localdate()):
            raise ValidationError(
                _("The completion summary is filed after the campaign's last quarter."),
                code="too_early",
            )
        if CompletionReport.objects.filter(project=project).exists():
            raise ValidationError(_("The completion summary already exists."), code="duplicate")
        report = CompletionReport.objects.create(
            project=project, department_id=project.department_id, summary=summary, created_by=user
        )
        record_created(report, user)
    else:
        ensure_editable_by(report, user)
        report.summary = summary
        touch(report)
        review.save_draft(
            report, expected_version=expected_version, fields=["summary", "updated_at"]
        )
    _attach_all(report, files, user)
    return report


@transaction.atomic
def completion_transition(*, report, user, action, comment="", expected_version, rating=""):
    """A review step on the completion summary. The clerk approves it with the project's
    rating (优秀/良好/合格/不合格) and a comment; projects rated excellent are the candidates for
    the ten best measures."""
    if action == "publish":
        raise review.ReviewError(_("An approved summary is published when it is approved."))
    if action == "approve" and rating not in Rating.values:
        raise ValidationError(_("Choose the project's rating."), code="rating")
    change = take_action(
        report, action=action, user=user, comment=comment, expected_version=expected_version
    )
    if action == "approve":
        publish_after_approval(report, user)
        Project.objects.filter(pk=report.project_id).update(
            rating=rating, rating_comment=change.comment, rated_by=user, rated_at=timezone.now()
        )
    tell_about_transition(
        report, action=action, actor=user, comment=change.comment, what=_("Completion summary")
    )
    return change
