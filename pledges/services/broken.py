"""Pledges not kept (有诺不践): a clerk records one with evidence; a leader confirms or dismisses.

Confirmation is the only way a breach reaches the public and the ledger: it shows on the
pledge's public page, becomes a public notice and costs the unit the campaign's points, and the
notice and the score entry both point back at the record (their `cause`) and it at them.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from efficiency_center.notices import issue_notice
from efficiency_center.notifications import notify
from efficiency_center.review import ReviewError, State
from efficiency_center.scoring import ScoreKind, record_score
from efficiency_center.uploads import attach

from ..models import MAX_REPORT_TEXT_LENGTH, BrokenPledge, Quarter
from ._common import Role, center_users, require_role, unit_users


@transaction.atomic
def broken_pledge_record(*, item, quarter, description, user, evidence):
    """A clerk records that `item` was not kept in `quarter`; a leader decides next."""
    require_role(user, Role.CLERK)
    pledge = item.pledge
    if pledge.state != State.PUBLISHED:
        raise ReviewError(_("Only an item of a published pledge can be found not kept."))
    if quarter not in Quarter.values:
        raise ValidationError(_("Choose a quarter from 1 to 4."), code="bad_quarter")
    description = (description or "").strip()
    if not description:
        raise ValidationError(_("Describe what happened."), code="empty_description")
    if len(description) > MAX_REPORT_TEXT_LENGTH:
        raise ValidationError(
            _("At most %(max)s characters."),
            code="description_too_long",
            params={"max": MAX_REPORT_TEXT_LENGTH},
        )
    if not evidence:
        raise ValidationError(_("Attach at least one evidence file."), code="no_evidence")
    duplicate = _("This item is already recorded as not kept in that quarter.")
    already = BrokenPledge.objects.filter(item=item, quarter=quarter).exclude(
        status=BrokenPledge.Status.DISMISSED
    )
    if already.exists():
        raise ReviewError(duplicate)
    try:
        with transaction.atomic():
            broken = BrokenPledge.objects.create(
                item=item,
                campaign_id=pledge.campaign_id,
                department_id=pledge.department_id,
                quarter=quarter,
                description=description,
                recorded_by=user,
            )
    except IntegrityError:
        raise ReviewError(duplicate) from None
    for uploaded in evidence:
        attach(broken, uploaded, user=user)
    notify(
        center_users(Role.LEADER),
        _("%(record)s: awaiting your confirmation.") % {"record": broken},
        broken,
    )
    return broken


def _locked_pending(broken):
    locked = BrokenPledge.objects.select_for_update().filter(pk=broken.pk).first()
    if locked is None or locked.status != BrokenPledge.Status.PENDING:
        raise ReviewError(_("This record has already been decided."))
    return BrokenPledge.objects.select_related(
        "item__pledge", "department", "campaign", "recorded_by"
    ).get(pk=broken.pk)


def _notice_text(broken, points):
    item, year = broken.item, broken.campaign.year
    facts = {
        "department": broken.department.name,
        "year": year,
        "quarter": broken.quarter,
        "position": item.position,
    }
    title = _("%(department)s did not keep its public pledge (%(year)s Q%(quarter)s)") % facts
    body = "\n\n".join(
        [
            _(
                "The center found that %(department)s did not keep item %(position)s of its "
                "public pledge in Q%(quarter)s of %(year)s."
            )
            % facts,
            _("The pledge: %(text)s") % {"text": item.text},
            _("What happened: %(description)s") % {"description": broken.description},
            _("In the year-end assessment the unit loses %(points)s points.")
            % {"points": abs(points)},
        ]
    )
    return title, body


@transaction.atomic
def broken_pledge_confirm(*, broken, user):
    """A leader confirms: public notice, ledger deduction, and the public page shows it."""
    require_role(user, Role.LEADER)
    broken = _locked_pending(broken)
    points = broken.campaign.points_pledge_broken
    title, body = _notice_text(broken, points)
    notice = issue_notice(
        campaign=broken.campaign,
        department=broken.department,
        title=title,
        body=body,
        cause=broken,
        issued_by=broken.recorded_by,
        approved_by=user,
    )
    entry = record_score(
        department=broken.department,
        campaign=broken.campaign,
        kind=ScoreKind.PLEDGE_BROKEN,
        cause=broken,
        recorded_by=broken.recorded_by,
        confirmed_by=user,
        points=points,
        once_key=f"pledge-broken:{broken.pk}",
    )
    broken.status = BrokenPledge.Status.CONFIRMED
    broken.confirmed_by, broken.confirmed_at = user, timezone.now()
    broken.notice, broken.score_entry = notice, entry
    broken.save(update_fields=["status", "confirmed_by", "confirmed_at", "notice", "score_entry"])
    recipients = unit_users(broken.department_id) + [broken.recorded_by]
    notify(
        recipients,
        _("%(record)s: confirmed and publicly notified.") % {"record": broken},
        broken,
    )
    return broken


@transaction.atomic
def broken_pledge_dismiss(*, broken, user, reason):
    """A leader finds the record unfounded: nothing is published or deducted."""
    require_role(user, Role.LEADER)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say why the record is dismissed."), code="empty_reason")
    broken = _locked_pending(broken)
    broken.status = BrokenPledge.Status.DISMISSED
    broken.dismissed_by, broken.dismissed_at = user, timezone.now()
    broken.dismissal_reason = reason
    broken.save(update_fields=["status", "dismissed_by", "dismissed_at", "dismissal_reason"])
    notify(
        [broken.recorded_by],
        _("%(record)s: dismissed by the center's leader.") % {"record": broken},
        broken,
    )
    return broken
