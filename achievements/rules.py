"""The domain rules an achievement's content must meet; the form and the services both ask."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from efficiency_center.vocabulary import quarter_bounds

from .models import FIGURE_FIELDS


def check_content(*, campaign, quarter, data):
    """Raise ValidationError (keyed by field) if `data` breaks a rule of the issue.

    `data` holds cleaned values: figures as numbers (None counts as 0), periods as dates."""
    errors = {}
    figures = [data.get(name) or 0 for name in FIGURE_FIELDS]
    if any(value < 0 for value in figures):
        errors["__all__"] = ValidationError(_("Figures cannot be negative."), code="negative")
    elif not any(value > 0 for value in figures):
        errors["__all__"] = ValidationError(
            _("Give at least one quantified result greater than zero."), code="no_figure"
        )
    start, end = data.get("period_start"), data.get("period_end")
    if start and end:
        first, last = quarter_bounds(campaign.year, quarter)
        if end < start:
            errors["period_end"] = ValidationError(
                _("The period must end on or after its start."), code="period_order"
            )
        elif start < first or end > last:
            errors["period_start"] = ValidationError(
                _("The period must lie inside the quarter (%(first)s to %(last)s)."),
                code="period_outside",
                params={"first": first, "last": last},
            )
    if not (data.get("title") or "").strip():
        errors["title"] = ValidationError(_("Give the achievement a title."), code="required")
    if errors:
        raise ValidationError(errors)
