"""A pledge not kept becomes a leader decision (efficiency_center.decisions): its status,
confirmed/dismissed by and at and the dismissal reason move into decision, decided_by,
decided_at and decision_comment."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import Q

OUTCOME = {"pending": "pending", "confirmed": "approved", "dismissed": "refused"}


def forwards(apps, schema_editor):
    BrokenPledge = apps.get_model("pledges", "BrokenPledge")
    for row in BrokenPledge.objects.all():
        row.decision = OUTCOME[row.status]
        row.decided_by_id = row.confirmed_by_id or row.dismissed_by_id
        row.decided_at = row.confirmed_at or row.dismissed_at
        row.decision_comment = row.dismissal_reason
        row.save(update_fields=["decision", "decided_by", "decided_at", "decision_comment"])


def backwards(apps, schema_editor):
    BrokenPledge = apps.get_model("pledges", "BrokenPledge")
    status = {value: key for key, value in OUTCOME.items()}
    for row in BrokenPledge.objects.all():
        row.status = status[row.decision]
        if row.decision == "approved":
            row.confirmed_by_id, row.confirmed_at = row.decided_by_id, row.decided_at
        elif row.decision == "refused":
            row.dismissed_by_id, row.dismissed_at = row.decided_by_id, row.decided_at
            row.dismissal_reason = row.decision_comment
        row.save()


class Migration(migrations.Migration):
    dependencies = [
        ("efficiency_center", "0006_workflow_step_late_filings"),
        ("pledges", "0003_shared_revisions"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="brokenpledge",
            name="decided_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="decided at"),
        ),
        migrations.AddField(
            model_name="brokenpledge",
            name="decided_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="decided by",
            ),
        ),
        migrations.AddField(
            model_name="brokenpledge",
            name="decision",
            field=models.CharField(
                choices=[
                    ("pending", "Awaiting a leader's decision"),
                    ("approved", "Confirmed"),
                    ("refused", "Dismissed"),
                ],
                db_index=True,
                default="pending",
                max_length=10,
                verbose_name="decision",
            ),
        ),
        migrations.AddField(
            model_name="brokenpledge",
            name="decision_comment",
            field=models.TextField(blank=True, verbose_name="comment"),
        ),
        migrations.AddField(
            model_name="brokenpledge",
            name="version",
            field=models.PositiveIntegerField(default=1, editable=False, verbose_name="version"),
        ),
        migrations.RunPython(forwards, backwards),
    ]
