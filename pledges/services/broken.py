"""Pledges not kept (有诺不践): a clerk records one with evidence; a leader confirms or dismisses.

Confirmation is the only way a breach reaches the public and the ledger: it shows on the
pledge's public page, becomes a public notice and costs the unit the campaign's points, and the
notice and the score entry both point back at the record (their `cause`) and it at them.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from efficiency_center.accounts import center_users
from efficiency_center.decisions import decide
from efficiency_center.errors import DomainError, Invalid
from efficiency_center.models import User
from efficiency_center.notices import issue_notice
from efficiency_center.notifications import notify
from efficiency_center.permissions import require_role
from efficiency_center.review import State
from efficiency_center.scoring import ScoreKind, record_score
from efficiency_center.uploads import attach
from efficiency_center.vocabulary import Quarter
from efficiency_center.workflow import record_created

from ..models import MAX_REPORT_TEXT_LENGTH, BrokenPledge


@transaction.atomic
def broken_pledge_record(*, item, quarter, description, user, evidence, at=None):
    """A clerk records that `item` was not kept in `quarter`; a leader decides next."""
    at = at or timezone.now()
    require_role(user, User.Role.CLERK)
    pledge = item.pledge
    if pledge.state != State.PUBLISHED:
        raise DomainError(_("Only an item of a published pledge can be found not kept."))
    if quarter not in Quarter.values:
        raise Invalid({"quarter": _("Choose a quarter from 1 to 4.")}, code="bad_quarter")
    description = (description or "").strip()
    if not description:
        raise Invalid({"description": _("Describe what happened.")}, code="empty_description")
    if len(description) > MAX_REPORT_TEXT_LENGTH:
        raise Invalid(
            {"description": _("At most %(max)s characters.") % {"max": MAX_REPORT_TEXT_LENGTH}},
            code="description_too_long",
        )
    if not evidence:
        raise Invalid({"evidence": _("Attach at least one evidence file.")}, code="no_evidence")
    duplicate = _("This item is already recorded as not kept in that quarter.")
    already = BrokenPledge.objects.filter(item=item, quarter=quarter).exclude(
        decision=BrokenPledge.Outcome.REFUSED
    )
    if already.exists():
        raise DomainError(duplicate)
    try:
        with transaction.atomic():
            broken = BrokenPledge.objects.create(
                item=item,
                campaign_id=pledge.campaign_id,
                department_id=pledge.department_id,
                quarter=quarter,
                description=description,
                recorded_by=user,
                recorded_at=at,
            )
    except IntegrityError:
        raise DomainError(duplicate) from None
    for uploaded in evidence:
        attach(broken, uploaded, user=user, at=at)
    record_created(broken, actor=user, at=at)
    notify(
        center_users(User.Role.LEADER),
        _("%(record)s: awaiting your confirmation.") % {"record": broken},
        broken,
        at=at,
    )
    return broken


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
def broken_pledge_decide(*, broken, user, action, expected_version, comment="", at=None):
    """A leader confirms ("approve": public notice, ledger deduction, and the pledge's public
    page shows it) or dismisses ("refuse", with the reason: nothing is published or deducted).
    With the assessment closed a confirmation is refused and nothing changes."""
    at = at or timezone.now()
    decide(broken, action, actor=user, expected_version=expected_version, comment=comment, at=at)
    if broken.is_approved:
        _publish_and_deduct(broken, user, at)
    return broken


def _publish_and_deduct(broken, user, at):
    broken = BrokenPledge.objects.select_related(
        "item__pledge", "department", "campaign", "recorded_by"
    ).get(pk=broken.pk)
    points = broken.campaign.points_pledge_broken
    title, body = _notice_text(broken, points)
    broken.score_entry = record_score(
        department=broken.department,
        campaign=broken.campaign,
        kind=ScoreKind.PLEDGE_BROKEN,
        cause=broken,
        recorded_by=broken.recorded_by,
        confirmed_by=user,
        points=points,
        once_key=f"pledge-broken:{broken.pk}",
        at=at,
    )
    broken.notice = issue_notice(
        campaign=broken.campaign,
        department=broken.department,
        title=title,
        body=body,
        cause=broken,
        issued_by=broken.recorded_by,
        approved_by=user,
        at=at,
    )
    broken.save(update_fields=["notice", "score_entry"])
