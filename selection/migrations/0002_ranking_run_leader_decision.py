"""A ranking run's decision becomes a leader decision (efficiency_center.decisions): "" (awaiting
a decision) → "pending", "sent_back" → "refused", the reason → decision_comment; and the run's
history rows take the table's names (send_back → refuse, from "done" → from "pending")."""

from django.db import migrations, models

DECISION = {"": "pending", "approved": "approved", "sent_back": "refused"}
ACTION = {"approve": "approve", "send_back": "refuse"}


def _history(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    StateChange = apps.get_model("efficiency_center", "StateChange")
    kind = ContentType.objects.filter(app_label="selection", model="rankingrun").first()
    return StateChange.objects.filter(content_type=kind) if kind else StateChange.objects.none()


def forwards(apps, schema_editor):
    RankingRun = apps.get_model("selection", "RankingRun")
    for old, new in DECISION.items():
        RankingRun.objects.filter(decision=old).update(decision=new)
    for row in RankingRun.objects.exclude(decision_reason=""):
        row.decision_comment = row.decision_reason
        row.save(update_fields=["decision_comment"])
    steps = _history(apps)
    steps.filter(action="send_back").update(action="refuse", to_state="refused")
    steps.filter(action__in=ACTION.values(), from_state="done").update(from_state="pending")


def backwards(apps, schema_editor):
    RankingRun = apps.get_model("selection", "RankingRun")
    for old, new in DECISION.items():
        RankingRun.objects.filter(decision=new).update(decision=old)
    for row in RankingRun.objects.exclude(decision_comment=""):
        row.decision_reason = row.decision_comment
        row.save(update_fields=["decision_reason"])
    steps = _history(apps)
    steps.filter(action__in=ACTION.values(), from_state="pending").update(from_state="done")
    steps.filter(action="refuse").update(action="send_back", to_state="sent_back")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("efficiency_center", "0006_workflow_step_late_filings"),
        ("selection", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="rankingrun",
            name="decision_comment",
            field=models.TextField(blank=True, verbose_name="comment"),
        ),
        migrations.AddField(
            model_name="rankingrun",
            name="version",
            field=models.PositiveIntegerField(default=1, editable=False, verbose_name="version"),
        ),
        migrations.AlterField(
            model_name="rankingrun",
            name="decision",
            field=models.CharField(
                choices=[
                    ("pending", "Awaiting a decision"),
                    ("approved", "Approved"),
                    ("refused", "Sent back"),
                ],
                db_index=True,
                default="pending",
                max_length=10,
                verbose_name="decision",
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
