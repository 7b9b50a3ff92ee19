"""Quarterly fulfilment reports (践诺): one per unit and quarter, one entry per pledge item."""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from efficiency_center.review import (
    ReviewError,
    State,
    record_state_change,
    save_draft,
    transition,
)
from efficiency_center.uploads import Attachment, attach

from ..models import (
    MAX_REPORT_TEXT_LENGTH,
    FulfilmentEntry,
    FulfilmentReport,
    Pledge,
    Quarter,
)
from ._common import notify_step, require_editor
from .pledges import ACT_ACTIONS


@dataclass(frozen=True)
class EntryData:
    """One entry as the user left it: the text, files to add, attachments to remove."""

    id: int
    text: str
    files: tuple = field(default=())
    remove_attachment_ids: tuple = field(default=())


@transaction.atomic
def fulfilment_start(*, pledge, quarter, user):
    """The unit starts its report for `quarter` on its current published pledge."""
    if not (user.is_unit_user and user.department_id == pledge.department_id):
        raise ReviewError(_("Only the unit's own staff and head report its fulfilment."))
    if quarter not in Quarter.values:
        raise ValidationError(_("Choose a quarter from 1 to 4."), code="bad_quarter")
    if pledge.state != State.PUBLISHED:
        raise ReviewError(_("Fulfilment is reported on a published pledge."))
    if Pledge.objects.filter(supersedes=pledge, state=State.PUBLISHED).exists():
        raise ReviewError(_("This revision has been corrected: report on the current one."))
    existing = FulfilmentReport.objects.filter(
        campaign_id=pledge.campaign_id, department_id=pledge.department_id, quarter=quarter
    )
    if existing.exists():
        raise ReviewError(_("Your unit has already started its report for this quarter."))
    try:
        with transaction.atomic():
            report = FulfilmentReport.objects.create(
                pledge=pledge,
                campaign_id=pledge.campaign_id,
                department_id=pledge.department_id,
                quarter=quarter,
                created_by=user,
            )
    except IntegrityError:
        raise ReviewError(_("Your unit has already started its report for this quarter.")) from None
    FulfilmentEntry.objects.bulk_create(
        FulfilmentEntry(report=report, item=item) for item in pledge.items.all()
    )
    record_state_change(report, action="create", from_state="", to_state=State.DRAFT, actor=user)
    return report


@transaction.atomic
def fulfilment_save_draft(*, report, user, expected_version, entries):
    """Save what was done per item, add evidence files (validated by the form) and remove some.

    Raises StaleVersionError if someone saved since `expected_version` (nothing is written)."""
    require_editor(user, report)
    for data in entries:
        if len(data.text.strip()) > MAX_REPORT_TEXT_LENGTH:
            raise ValidationError(
                _("At most %(max)s characters per item."),
                code="text_too_long",
                params={"max": MAX_REPORT_TEXT_LENGTH},
            )
    save_draft(report, expected_version=expected_version, fields=[])
    existing = {entry.pk: entry for entry in report.entries.all()}
    if not {data.id for data in entries} <= existing.keys():
        raise ValidationError(_("An entry does not belong to this report."), code="foreign_entry")
    changed = []
    for data in entries:
        entry = existing[data.id]
        entry.text = data.text.strip()
        changed.append(entry)
        for uploaded in data.files:
            attach(entry, uploaded, user=user)
    FulfilmentEntry.objects.bulk_update(changed, ["text"])
    _remove_evidence(entries)
    return report


def _remove_evidence(entries):
    wanted = {(data.id, pk) for data in entries for pk in data.remove_attachment_ids}
    if not wanted:
        return
    owned = Attachment.objects.filter(
        owner_type=ContentType.objects.get_for_model(FulfilmentEntry),
        owner_id__in={entry_id for entry_id, _pk in wanted},
        pk__in={pk for _entry_id, pk in wanted},
    )
    doomed = [a for a in owned if (a.owner_id, a.pk) in wanted]
    names = [a.file.name for a in doomed]
    Attachment.objects.filter(pk__in=[a.pk for a in doomed]).delete()
    storage = Attachment._meta.get_field("file").storage
    # The files go only once the rows are surely gone.
    transaction.on_commit(lambda: [storage.delete(name) for name in names])


@transaction.atomic
def fulfilment_act(*, report, user, action, expected_version, comment=""):
    """Sign-off, endorsement, sending back or return of a report; recorded and notified."""
    if action not in ACT_ACTIONS:
        raise ReviewError(_("Unknown action."))
    if action == "submit" and report.entries.filter(text="").exists():
        raise ReviewError(_("Say what was done for every item before submitting."))
    change = transition(report, action, user, comment=comment, expected_version=expected_version)
    notify_step(report, change)
    return change


@transaction.atomic
def fulfilment_accept(*, report, user, expected_version, comment=""):
    """The clerk accepts the report: approved and published (its text shows on the public page;
    its evidence never does)."""
    transition(report, "approve", user, comment=comment, expected_version=expected_version)
    change = transition(report, "publish", user, expected_version=report.version)
    notify_step(report, change)
    return change
