"""Quarterly fulfilment reports (践诺): one per unit and quarter, one entry per pledge item."""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from efficiency_center.errors import DomainError, Forbidden, Invalid
from efficiency_center.permissions import own_unit, require_editor
from efficiency_center.review import State, approve_and_publish
from efficiency_center.uploads import Attachment, attach
from efficiency_center.vocabulary import Quarter
from efficiency_center.workflow import record_created, update

from ..models import MAX_REPORT_TEXT_LENGTH, FulfilmentEntry, FulfilmentReport, Pledge


@dataclass(frozen=True)
class EntryData:
    """One entry as the user left it: the text, files to add, attachments to remove."""

    id: int
    text: str
    files: tuple = field(default=())
    remove_attachment_ids: tuple = field(default=())


@transaction.atomic
def fulfilment_start(*, pledge, quarter, user, at=None):
    """The unit starts its report for `quarter` on its current published pledge."""
    at = at or timezone.now()
    if not own_unit(user, pledge):
        raise Forbidden(_("Only the unit's own staff and head report its fulfilment."))
    if quarter not in Quarter.values:
        raise Invalid({"quarter": _("Choose a quarter from 1 to 4.")}, code="bad_quarter")
    if pledge.state != State.PUBLISHED:
        raise DomainError(_("Fulfilment is reported on a published pledge."))
    if Pledge.objects.filter(supersedes=pledge, state=State.PUBLISHED).exists():
        raise DomainError(_("This revision has been corrected: report on the current one."))
    already = _("Your unit has already started its report for this quarter.")
    existing = FulfilmentReport.objects.filter(
        campaign_id=pledge.campaign_id, department_id=pledge.department_id, quarter=quarter
    )
    if existing.exists():
        raise DomainError(already)
    try:
        with transaction.atomic():
            report = FulfilmentReport.objects.create(
                pledge=pledge,
                campaign_id=pledge.campaign_id,
                department_id=pledge.department_id,
                quarter=quarter,
                created_by=user,
                created_at=at,
            )
    except IntegrityError:
        raise DomainError(already) from None
    FulfilmentEntry.objects.bulk_create(
        FulfilmentEntry(report=report, item=item) for item in pledge.items.all()
    )
    record_created(report, actor=user, at=at)
    return report


@transaction.atomic
def fulfilment_save(*, report, user, expected_version, entries, at=None):
    """Save what was done per item, add evidence files (validated by the form) and remove some.

    Raises StaleVersionError if someone saved since `expected_version` (nothing is written)."""
    require_editor(user, report)
    for data in entries:
        if len(data.text.strip()) > MAX_REPORT_TEXT_LENGTH:
            raise Invalid(
                _("At most %(max)s characters per item.") % {"max": MAX_REPORT_TEXT_LENGTH},
                code="text_too_long",
            )
    update(report, expected_version=expected_version, fields=[])
    existing = {entry.pk: entry for entry in report.entries.all()}
    if not {data.id for data in entries} <= existing.keys():
        raise Invalid(_("An entry does not belong to this report."), code="foreign_entry")
    changed = []
    for data in entries:
        entry = existing[data.id]
        entry.text = data.text.strip()
        changed.append(entry)
        for uploaded in data.files:
            attach(entry, uploaded, user=user, at=at)
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
def fulfilment_accept(*, report, user, expected_version, comment="", at=None):
    """The clerk accepts the report: approved and published (its text shows on the public page;
    its evidence never does)."""
    return approve_and_publish(
        report, user=user, expected_version=expected_version, comment=comment, at=at
    )
