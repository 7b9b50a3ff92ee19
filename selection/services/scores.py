"""A reviewer saves their scores of the shortlisted candidates (all of them at once)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from efficiency_center.errors import DomainError, Invalid
from efficiency_center.models import User
from efficiency_center.permissions import require_role

from ..models import COMMENT_MAX_CHARS, SCORE_MAX, PanelMember, Score, ShortlistEntry
from ..rules import in_conflict
from ._common import inputs_changed, inputs_locked


def _whole_score(value):
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= SCORE_MAX


@transaction.atomic
def scores_save(*, campaign, reviewer, scores, at=None):
    """Save the reviewer's scores: `scores` maps entry ids to (value or None, comment); None
    takes a score back. All or nothing: any refused score saves none.

    Returns (saved, removed) counts."""
    require_role(
        reviewer, User.Role.REVIEWER, message=_("Only the panel's reviewers score candidates.")
    )
    panel = inputs_locked(campaign)
    if not PanelMember.objects.filter(panel=panel, reviewer=reviewer).exists():
        raise DomainError(_("You are not on the %(year)s panel.") % {"year": campaign.year})
    if not panel.is_open:
        raise DomainError(_("The panel is not open for scoring."))
    entries = {
        e.pk: e
        for e in ShortlistEntry.objects.filter(
            campaign=campaign, pk__in=list(scores)
        ).select_related("department", "project__current", "achievement")
    }
    errors = {}
    unknown = set(scores) - entries.keys()
    if unknown:
        raise DomainError(_("Some candidates are no longer on the lists: reload the page."))
    own = [
        e
        for pk, e in entries.items()
        if scores[pk][0] is not None
        and in_conflict(reviewer.department_id, e.department_id, e.department.supervisor_id)
    ]
    if own:
        raise Invalid(
            _(
                "You belong to the unit of these candidates and cannot score them: %(titles)s. "
                "Nothing was saved."
            )
            % {"titles": "、".join(f"{e.department.short_name} · {e.title}" for e in own)},
            code="own_unit",
        )
    for pk, (value, comment) in scores.items():
        if value is not None and not _whole_score(value):
            errors[pk] = _("Give a whole number from 0 to 100.")
        elif value is None and (comment or "").strip():
            errors[pk] = _("A comment needs a score.")
        elif len(comment or "") > COMMENT_MAX_CHARS:
            errors[pk] = _("The comment is too long.")
    if errors:
        raise Invalid({f"score_{pk}": message for pk, message in errors.items()}, code="bad_score")
    existing = {
        s.entry_id: s for s in Score.objects.filter(reviewer=reviewer, entry_id__in=list(entries))
    }
    now = at or timezone.now()
    created, changed, removed = [], [], []
    for pk, (value, comment) in scores.items():
        comment = (comment or "").strip()
        score = existing.get(pk)
        if value is None:
            if score is not None:
                removed.append(score.pk)
        elif score is None:
            created.append(
                Score(
                    entry_id=pk,
                    reviewer=reviewer,
                    value=value,
                    comment=comment,
                    created_at=now,
                    updated_at=now,
                )
            )
        elif (score.value, score.comment) != (value, comment):
            score.value, score.comment, score.updated_at = value, comment, now
            changed.append(score)
    Score.objects.bulk_create(created)
    Score.objects.bulk_update(changed, ["value", "comment", "updated_at"])
    Score.objects.filter(pk__in=removed).delete()
    if created or changed or removed:
        inputs_changed(panel)
    return len(created) + len(changed), len(removed)
