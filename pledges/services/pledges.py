"""Writing a pledge: start it from the reference text, edit its items, publish it, and correct a
published one with a new revision."""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from efficiency_center.errors import DomainError, Forbidden, Invalid
from efficiency_center.permissions import own_unit, require_editor
from efficiency_center.review import State, approve_and_publish
from efficiency_center.vocabulary import FocusArea
from efficiency_center.workflow import record_created, update

from .. import reference
from ..models import MAX_ITEM_LENGTH, MAX_ITEMS, Channel, Pledge, PledgeItem


@dataclass(frozen=True)
class ItemData:
    """One item as the user left it; `id` is None for an item added in this edit."""

    text: str
    focus_area: str
    id: int | None = None


def validate_items(items):
    """The rules of a pledge's items; raises Invalid (with a code) on the first one broken."""
    if not items:
        raise Invalid(_("A pledge needs at least one item."), code="no_items")
    if len(items) > MAX_ITEMS:
        raise Invalid(
            _("A pledge has at most %(max)s items; this one has %(count)s.")
            % {"max": MAX_ITEMS, "count": len(items)},
            code="too_many_items",
        )
    ids = [item.id for item in items if item.id is not None]
    if len(ids) != len(set(ids)):
        raise Invalid(_("An item appears twice."), code="duplicate_item")
    for number, item in enumerate(items, 1):
        text = (item.text or "").strip()
        if not text:
            raise Invalid(_("Item %(number)s is empty.") % {"number": number}, code="empty_item")
        if len(text) > MAX_ITEM_LENGTH:
            raise Invalid(
                _("Item %(number)s has %(length)s characters; at most %(max)s are allowed.")
                % {"number": number, "length": len(text), "max": MAX_ITEM_LENGTH},
                code="item_too_long",
            )
        if item.focus_area not in FocusArea.values:
            raise Invalid(
                _("Item %(number)s needs a focus area.") % {"number": number},
                code="bad_focus_area",
            )


def _create_revision(*, campaign, department, user, items, at, supersedes=None, comment=""):
    revision = supersedes.revision + 1 if supersedes else 1
    try:
        with transaction.atomic():
            pledge = Pledge.objects.create(
                campaign=campaign,
                department=department,
                revision=revision,
                supersedes=supersedes,
                created_by=user,
                created_at=at,
            )
    except IntegrityError:
        # Someone started one a moment ago (the constraints allow one pledge in the making).
        raise DomainError(_("A pledge of your unit is already being written.")) from None
    PledgeItem.objects.bulk_create(
        PledgeItem(pledge=pledge, position=n, text=text, focus_area=focus)
        for n, (text, focus) in enumerate(items, 1)
    )
    record_created(pledge, actor=user, at=at, comment=comment)
    return pledge


@transaction.atomic
def pledge_start(*, user, campaign, at=None):
    """A unit's staff or head starts the unit's pledge from the reference text of 附件3."""
    if campaign is None:
        raise DomainError(_("No campaign is running."))
    if not user.is_unit_user:
        raise Forbidden(_("Only a unit's staff and head start the unit's pledge."))
    department = user.department
    if Pledge.objects.filter(campaign=campaign, department=department).exists():
        raise DomainError(_("Your unit already has a pledge for this campaign."))
    items = [(item.text, item.focus_area) for item in reference.items_for(department)]
    return _create_revision(
        campaign=campaign, department=department, user=user, items=items, at=at or timezone.now()
    )


@transaction.atomic
def pledge_save(*, pledge, user, expected_version, items):
    """Save the edited items (in the given order) of a draft or returned pledge.

    Raises StaleVersionError if someone saved since `expected_version` (nothing is written)."""
    require_editor(user, pledge)
    validate_items(items)
    # Bumping the version first takes the row lock: the items read below cannot change under us.
    update(pledge, expected_version=expected_version, fields=[])
    existing = {item.pk: item for item in pledge.items.all()}
    kept_ids = {item.id for item in items if item.id is not None}
    if not kept_ids <= existing.keys():
        raise Invalid(_("An item does not belong to this pledge."), code="foreign_item")
    PledgeItem.objects.filter(pledge=pledge).exclude(pk__in=kept_ids).delete()
    updated, created = [], []
    for position, data in enumerate(items, 1):
        if data.id is None:
            row = PledgeItem(pledge=pledge)
            created.append(row)
        else:
            row = existing[data.id]
            updated.append(row)
        row.position, row.text, row.focus_area = position, data.text.strip(), data.focus_area
    PledgeItem.objects.bulk_update(updated, ["position", "text", "focus_area"])
    PledgeItem.objects.bulk_create(created)
    return pledge


@transaction.atomic
def pledge_publish(
    *, pledge, user, expected_version, channel, publication_date, comment="", at=None
):
    """The clerk approves and publishes in one step, recording how and when it was pledged."""
    if channel not in Channel.values:
        raise Invalid({"channel": _("Choose the publication channel.")}, code="bad_channel")
    if publication_date is None:
        raise Invalid({"publication_date": _("Give the publication date.")}, code="no_date")
    return approve_and_publish(
        pledge,
        user=user,
        expected_version=expected_version,
        comment=comment,
        at=at,
        channel=channel,
        publication_date=publication_date,
    )


@transaction.atomic
def pledge_start_correction(*, pledge, user, at=None):
    """Start revision n+1 of a published pledge, a copy of its items to edit and review again."""
    if not own_unit(user, pledge):
        raise Forbidden(_("Only the unit's own staff and head may correct its pledge."))
    if pledge.state != State.PUBLISHED:
        raise DomainError(_("This pledge is not published yet: edit it instead."))
    newer = Pledge.objects.filter(
        campaign_id=pledge.campaign_id,
        department_id=pledge.department_id,
        revision__gt=pledge.revision,
    )
    if newer.exists():
        raise DomainError(_("A newer revision of this pledge already exists."))
    items = list(pledge.items.values_list("text", "focus_area"))
    return _create_revision(
        campaign=pledge.campaign,
        department=pledge.department,
        user=user,
        items=items,
        at=at or timezone.now(),
        supersedes=pledge,
        comment=_("Correction of revision %(revision)s") % {"revision": pledge.revision},
    )
