"""The campaign's list of achievement categories."""

from django.db import transaction

from ..models import DEFAULT_CATEGORIES, Category


@transaction.atomic
def categories_ensure_defaults(*, campaign):
    """Give `campaign` the default categories if it has none yet; returns how many were made."""
    if Category.objects.filter(campaign=campaign).exists():
        return 0
    rows = Category.objects.bulk_create(
        Category(campaign=campaign, name=name, position=index)
        for index, name in enumerate(DEFAULT_CATEGORIES)
    )
    return len(rows)


def on_campaign_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        categories_ensure_defaults(campaign=instance)
