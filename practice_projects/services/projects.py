"""Project filings (申报表): file, edit, review, and change after approval (a new version)."""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from efficiency_center.errors import DomainError, Forbidden, Invalid
from efficiency_center.permissions import own_unit, require_editor
from efficiency_center.review import State, approve_and_publish
from efficiency_center.workflow import record_created, update

from ..models import MAX_ITEMS, Milestone, Project, ProjectFiling, Target
from .steps import authored, require_text

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
    caller. Raises Invalid, before anything is written."""
    require_text(data.get("measures"), "measures", _("Describe the measures."))
    if is_revision:
        require_text(data.get("change_note"), "change_note", _("Say what changes and why."))
    if data["end_date"] < data["start_date"]:
        raise Invalid(
            {"end_date": _("The project cannot end before it starts.")}, code="ends_before_start"
        )
    indicator = data.get("indicator")
    if indicator is not None:
        if (indicator.campaign_id, indicator.department_id) != (campaign.pk, department.pk):
            raise Invalid({"theme": _("Choose one of the listed themes.")}, code="theme")
    elif data.get("theme") not in (campaign.themes or []):
        raise Invalid({"theme": _("Choose one of the listed themes.")}, code="theme")
    for label, rows in ((_("targets"), targets), (_("milestones"), milestones)):
        if not 1 <= len(rows) <= MAX_ITEMS:
            raise Invalid(
                _("Give from 1 to %(max)s %(what)s.") % {"max": MAX_ITEMS, "what": label},
                code="item_count",
            )
    for row in milestones:
        if not campaign.start_date <= row["due_date"] <= campaign.end_date:
            raise Invalid(
                _("Milestone dates must fall within the campaign (%(start)s to %(end)s).")
                % {"start": campaign.start_date, "end": campaign.end_date},
                code="outside_campaign",
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
def project_file(*, campaign, department, user, data, targets, milestones, at=None):
    """A unit's new practice project: the project and its first filing, as a draft."""
    at = at or timezone.now()
    if not user.is_unit_user or user.department_id != department.pk:
        raise Forbidden(_("Only the unit's own staff file its projects."))
    _validate(campaign, department, data, targets, milestones, is_revision=False)
    project = Project.objects.create(campaign=campaign, department=department, created_at=at)
    filing = ProjectFiling(project=project, department=department, **authored(user, at))
    _write_filing(filing, data)
    filing.change_note = ""
    filing.save()
    _sync_items(filing, Target, targets, TARGET_FIELDS)
    _sync_items(filing, Milestone, milestones, MILESTONE_FIELDS)
    record_created(filing, actor=user, at=at)
    return project


@transaction.atomic
def filing_update(*, filing, user, expected_version, data, targets, milestones, at=None):
    """Save the staff's edit of a draft or returned filing (optimistic lock on `version`)."""
    require_editor(user, filing)
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
    filing.updated_at = at or timezone.now()
    # The lock first: a stale save stops here, before the targets and milestones are touched.
    update(filing, expected_version=expected_version, fields=[*FILING_FIELDS, "updated_at"])
    _sync_items(filing, Target, targets, TARGET_FIELDS)
    _sync_items(filing, Milestone, milestones, MILESTONE_FIELDS)
    return filing


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
def filing_approve(*, filing, user, expected_version, comment="", at=None):
    """The clerk approves a filing: it is published and becomes the project's current version
    (approved projects are public), keeping the progress reported on the version before."""
    at = at or timezone.now()
    change = approve_and_publish(
        filing, user=user, expected_version=expected_version, comment=comment, at=at
    )
    project = Project.objects.select_for_update().get(pk=filing.project_id)
    if project.current_id:
        _carry_values(project.current, filing)
    project.current = filing
    project.first_approved_at = project.first_approved_at or at
    project.save(update_fields=["current", "first_approved_at"])
    return change


@transaction.atomic
def project_revise(*, project, user, at=None):
    """Start a change after approval: a new draft version copied from the current one. If a
    change is already under way, that one is returned (a second click makes no second copy)."""
    at = at or timezone.now()
    project = Project.objects.select_for_update().get(pk=project.pk)
    if not own_unit(user, project):
        raise Forbidden(_("Only the unit's own staff change its projects."))
    if project.current_id is None:
        raise DomainError(_("Only an approved project can be changed by a new version."))
    if hasattr(project, "completion"):
        raise DomainError(_("A project with a completion summary can no longer change."))
    latest = project.filings.order_by("-revision").first()
    if latest.pk != project.current_id:
        return latest
    current = project.current
    revision = ProjectFiling(
        project=project,
        department_id=project.department_id,
        **authored(user, at),
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
    record_created(revision, actor=user, at=at)
    return revision
