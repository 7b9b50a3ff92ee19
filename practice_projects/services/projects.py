"""Project filings (申报表): file, edit, review, and change after approval (a new version)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from efficiency_center import review
from efficiency_center.review import State

from ..models import MAX_ITEMS, Milestone, Project, ProjectFiling, Target, UnitIndicator
from ._common import (
    ensure_editable_by,
    publish_after_approval,
    record_created,
    require_text,
    take_action,
    tell_about_transition,
    touch,
)

FILING_FIELDS = (
    "name",
    "theme",
    "indicator",
    "leader",
    "contact_person",
    "contact_phone",
    "problem",
    "measures",
    "expected_results",
    "start_date",
    "end_date",
    "change_note",
)
TARGET_FIELDS = ("what", "unit", "baseline", "target_value")
MILESTONE_FIELDS = ("title", "due_date")
CARRIED = {
    Target: ("current_value", "reported_quarter"),
    Milestone: ("status", "percent", "reported_quarter"),
}


def _validate(campaign, department, data, targets, milestones, *, is_revision):
    """The domain rules of a filing; the form checks the same, this makes them hold for every
    caller. Raises ValidationError, before anything is written."""
    require_text(data.get("measures"), "measures", _("Describe the measures."))
    if is_revision:
        require_text(data.get("change_note"), "change_note", _("Say what changes and why."))
    if data["end_date"] < data["start_date"]:
        raise ValidationError(
            {"end_date": _("The project cannot end before it starts.")}, code="ends_before_start"
        )
    indicator = data.get("indicator")
    if indicator is not None:
        if (indicator.campaign_id, indicator.department_id) != (campaign.pk, department.pk):
            raise ValidationError({"theme": _("Choose one of the listed themes.")}, code="theme")
    elif data.get("theme") not in (campaign.themes or []):
        raise ValidationError({"theme": _("Choose one of the listed themes.")}, code="theme")
    for label, rows in ((_("targets"), targets), (_("milestones"), milestones)):
        if not 1 <= len(rows) <= MAX_ITEMS:
            raise ValidationError(
                _("Give from 1 to %(max)s %(what)s."),
                code="item_count",
                params={"max": MAX_ITEMS, "what": label},
            )
    for row in milestones:
        if not campaign.start_date <= row["due_date"] <= campaign.end_date:
            raise ValidationError(
                _("Milestone dates must fall within the campaign (%(start)s to %(end)s)."),
                code="outside_campaign",
                params={"start": campaign.start_date, "end": campaign.end_date},
            )


def _next_keys(project, model):
    start = model.objects.filter(filing__project=project).aggregate(m=Max("key"))["m"] or 0
    return iter(range(start + 1, start + 1 + MAX_ITEMS * 2))


def _sync_items(filing, model, rows, fields):
    """Make the filing's targets or milestones exactly `rows` (dicts; an `id` keeps a row)."""
    existing = {obj.pk: obj for obj in model.objects.filter(filing=filing)}
    keys = _next_keys(filing.project, model)
    kept = []
    for position, row in enumerate(rows):
        obj = existing.pop(row.get("id"), None) or model(filing=filing, key=next(keys))
        for name in fields:
            setattr(obj, name, row[name])
        obj.position = position
        kept.append(obj)
    model.objects.filter(pk__in=list(existing)).delete()
    for obj in kept:
        obj.save()


def _write_filing(filing, data):
    for name in FILING_FIELDS:
        if name in data:
            setattr(filing, name, data[name])
    if filing.indicator is not None:
        filing.theme = ""


@transaction.atomic
def project_file(*, campaign, department, user, data, targets, milestones):
    """A unit's new practice project: the project and its first filing, as a draft."""
    if not user.is_unit_user or user.department_id != department.pk:
        raise review.ReviewError(_("Only the unit's own staff file its projects."))
    _validate(campaign, department, data, targets, milestones, is_revision=False)
    project = Project.objects.create(campaign=campaign, department=department)
    filing = ProjectFiling(project=project, department=department, created_by=user)
    _write_filing(filing, data)
    filing.change_note = ""
    filing.save()
    _sync_items(filing, Target, targets, TARGET_FIELDS)
    _sync_items(filing, Milestone, milestones, MILESTONE_FIELDS)
    record_created(filing, user)
    return project


@transaction.atomic
def filing_update(*, filing, user, expected_version, data, targets, milestones):
    """Save the staff's edit of a draft or returned filing (optimistic lock on `version`)."""
    ensure_editable_by(filing, user)
    project = filing.project
    _validate(
        project.campaign,
        filing.department,
        data,
        targets,
        milestones,
        is_revision=filing.revision > 1,
    )
    _write_filing(filing, data)
    touch(filing)
    # The lock first: a stale save stops here, before the targets and milestones are touched.
    review.save_draft(
        filing, expected_version=expected_version, fields=[*FILING_FIELDS, "updated_at"]
    )
    _sync_items(filing, Target, targets, TARGET_FIELDS)
    _sync_items(filing, Milestone, milestones, MILESTONE_FIELDS)
    return filing


def indicator_missing(filing):
    """True if the unit carries a city indicator and none of its projects would be tied to it."""
    indicator = UnitIndicator.objects.filter(
        campaign_id=filing.project.campaign_id, department_id=filing.department_id
    ).first()
    if indicator is None or filing.indicator_id:
        return False
    # The newest version of each other project decides what it is about.
    return not (
        ProjectFiling.objects.filter(
            project__campaign_id=filing.project.campaign_id,
            department_id=filing.department_id,
            indicator__isnull=False,
            superseded_by__isnull=True,
        )
        .exclude(project_id=filing.project_id)
        .exists()
    )


def _carry_values(source, target_filing):
    """Copy the latest reported values from `source` to `target_filing`, matched by key."""
    for model, names in CARRIED.items():
        by_key = {obj.key: obj for obj in model.objects.filter(filing=source)}
        changed = []
        for obj in model.objects.filter(filing=target_filing):
            old = by_key.get(obj.key)
            if old is not None:
                for name in names:
                    setattr(obj, name, getattr(old, name))
                changed.append(obj)
        model.objects.bulk_update(changed, names)


@transaction.atomic
def filing_transition(*, filing, user, action, comment="", expected_version):
    """A review step on a filing. Approval publishes it and makes it the project's current
    version (approved projects are public)."""
    if action == "publish":
        raise review.ReviewError(_("An approved project is published when it is approved."))
    may_submit = action == "submit" and action in review.allowed_actions(filing, user)
    if may_submit and indicator_missing(filing):
        raise review.ReviewError(
            _(
                "Our unit carries a city-to-county assessment indicator: at least one of its "
                "projects must be tied to it. Choose the indicator as this project's theme, "
                "or file a project for it first."
            )
        )
    change = take_action(
        filing, action=action, user=user, comment=comment, expected_version=expected_version
    )
    if action == "approve":
        publish_after_approval(filing, user)
        project = Project.objects.select_for_update().get(pk=filing.project_id)
        if project.current_id:
            _carry_values(project.current, filing)
        project.current = filing
        project.first_approved_at = project.first_approved_at or timezone.now()
        project.save(update_fields=["current", "first_approved_at"])
    tell_about_transition(
        filing, action=action, actor=user, comment=change.comment, what=_("Project filing")
    )
    return change


@transaction.atomic
def project_revise(*, project, user):
    """Start a change after approval: a new draft version copied from the current one. If a
    change is already under way, that one is returned (a second click makes no second copy)."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    if not user.is_unit_user or user.department_id != project.department_id:
        raise review.ReviewError(_("Only the unit's own staff change its projects."))
    if project.current_id is None:
        raise review.ReviewError(_("Only an approved project can be changed by a new version."))
    if hasattr(project, "completion"):
        raise review.ReviewError(_("A project with a completion summary can no longer change."))
    latest = project.filings.order_by("-revision").first()
    if latest.pk != project.current_id:
        return latest
    current = project.current
    revision = ProjectFiling(
        project=project,
        department_id=project.department_id,
        created_by=user,
        revision=current.revision + 1,
        supersedes=current,
        state=State.DRAFT,
    )
    for name in FILING_FIELDS:
        setattr(revision, name, getattr(current, name))
    revision.change_note = ""
    revision.save()
    for model, names in CARRIED.items():
        fields = (
            *names,
            "key",
            "position",
            *(TARGET_FIELDS if model is Target else MILESTONE_FIELDS),
        )
        model.objects.bulk_create(
            model(filing=revision, **{name: getattr(obj, name) for name in fields})
            for obj in model.objects.filter(filing=current)
        )
    record_created(revision, user)
    return revision
