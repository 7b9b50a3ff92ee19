"""Reads the assessment's pages share."""

from django.db.models import OuterRef, Q, Subquery

from efficiency_center.models import Campaign
from efficiency_center.workflow import StateChange


def campaigns():
    """Every campaign, newest first (the year picker)."""
    return list(Campaign.objects.order_by("-year").only("year", "name"))


def generic_q(model, ids, *, field="object_id", type_field="content_type"):
    """A Q for rows of a generic relation pointing at `model` rows whose pk is in `ids` (a
    queryset of pks, so that it is one SQL subquery and never an empty list skipped by Django).
    Matches on the content type's natural key: no content type look-up query."""
    meta = model._meta
    return Q(
        **{
            f"{type_field}__app_label": meta.app_label,
            f"{type_field}__model": meta.model_name,
            f"{field}__in": ids,
        }
    )


def first_signoff(model):
    """Subquery: when the document's own head first signed it off (its first `submit`): what
    counts for a deadline, like FiledMixin.filed_at (a later return does not make it late)."""
    meta = model._meta
    return Subquery(
        StateChange.objects.filter(
            content_type__app_label=meta.app_label,
            content_type__model=meta.model_name,
            object_id=OuterRef("pk"),
            action="submit",
        )
        .order_by("created_at", "id")
        .values("created_at")[:1]
    )
