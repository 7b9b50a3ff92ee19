"""Who may score what: the rule shared by the services (which refuse) and the selectors (which
count what is expected of each reviewer)."""


def in_conflict(reviewer_department_id, department_id, supervisor_id=None):
    """A reviewer who belongs to a unit does not score that unit's candidates, nor those of the
    sub-units it supervises (回避)."""
    if reviewer_department_id is None:
        return False
    return reviewer_department_id in (department_id, supervisor_id)


def expected_reviewers(members, department_id, supervisor_id):
    """The ids of the panel members expected to score a candidate of this unit.

    `members`: (reviewer id, reviewer department id) pairs."""
    return frozenset(
        reviewer_id
        for reviewer_id, reviewer_department_id in members
        if not in_conflict(reviewer_department_id, department_id, supervisor_id)
    )


def panel_reads_shortlisted(user, record):
    """A panel member reads the shortlisted candidates of their campaign, evidence included,
    also before (or after) the candidate's public display."""
    field = {"achievement": "achievement", "project": "project"}.get(record._meta.model_name)
    if field is None or user.role != "reviewer":
        return False
    from .models import ShortlistEntry

    return ShortlistEntry.objects.filter(
        **{field: record}, campaign__selection_panel__members__reviewer=user
    ).exists()
