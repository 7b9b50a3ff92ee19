"""A minimal reviewable document, only for testing the shared workflow (no migrations: synced)."""

from django.db import models

from efficiency_center.review import Reviewable


class Memo(Reviewable):
    department = models.ForeignKey("efficiency_center.Department", on_delete=models.PROTECT)
    title = models.CharField(max_length=100)

    class Meta:
        app_label = "workflow_app"
