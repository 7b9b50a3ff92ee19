"""Extensions and supervision notices become leader decisions (efficiency_center.decisions):
they gain a version, and a supervision notice's "issued" is the shared "approved" (still shown
as "Issued")."""

from django.db import migrations, models


def forwards(apps, schema_editor):
    OverdueNotice = apps.get_model("complaints", "OverdueNotice")
    OverdueNotice.objects.filter(decision="issued").update(decision="approved")


def backwards(apps, schema_editor):
    OverdueNotice = apps.get_model("complaints", "OverdueNotice")
    OverdueNotice.objects.filter(decision="approved").update(decision="issued")


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0002_overdue_notice"),
        ("efficiency_center", "0006_workflow_step_late_filings"),
    ]

    operations = [
        migrations.AddField(
            model_name="extension",
            name="version",
            field=models.PositiveIntegerField(default=1, editable=False, verbose_name="version"),
        ),
        migrations.AddField(
            model_name="overduenotice",
            name="version",
            field=models.PositiveIntegerField(default=1, editable=False, verbose_name="version"),
        ),
        migrations.AlterField(
            model_name="extension",
            name="decision",
            field=models.CharField(
                choices=[
                    ("pending", "Awaiting a leader"),
                    ("approved", "Approved"),
                    ("refused", "Refused"),
                ],
                db_index=True,
                default="pending",
                max_length=10,
                verbose_name="decision",
            ),
        ),
        migrations.AlterField(
            model_name="overduenotice",
            name="decision",
            field=models.CharField(
                choices=[
                    ("pending", "Awaiting a leader"),
                    ("approved", "Issued"),
                    ("refused", "Refused"),
                ],
                db_index=True,
                default="pending",
                max_length=10,
                verbose_name="decision",
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
