"""The app's late filings move into the core's (efficiency_center.LateFiling, source
"practice_projects", period "practice_projects:<filing>"): one row per campaign × unit × filing
as before, and the ledger entries they caused point at the new rows under the core's once-key."""

from django.db import migrations

SOURCE = "practice_projects"
# FilingKind's labels as the zh_Hans catalog has them (the text of the ledger's cause).
WHAT = {
    "plan": "活动方案",
    "project": "项目申报表",
    "q1": "一季度进展",
    "q2": "二季度进展",
    "q3": "三季度进展",
    "q4": "四季度进展",
}


def _period(filing):
    return f"{SOURCE}:{filing}"


def _once_key(campaign_id, department_id, period):
    # efficiency_center.lateness.once_key, on ids
    return f"late:{campaign_id}:{department_id}:{period}"


def _content_type(apps, app_label, model):
    ContentType = apps.get_model("contenttypes", "ContentType")
    return ContentType.objects.get_or_create(app_label=app_label, model=model)[0]


def forwards(apps, schema_editor):
    Old = apps.get_model("practice_projects", "LateFiling")
    New = apps.get_model("efficiency_center", "LateFiling")
    ScoreEntry = apps.get_model("efficiency_center", "ScoreEntry")
    old_type = _content_type(apps, "practice_projects", "latefiling")
    new_type = _content_type(apps, "efficiency_center", "latefiling")
    for row in Old.objects.order_by("pk"):
        period = _period(row.filing)
        new, _created = New.objects.get_or_create(
            campaign_id=row.campaign_id,
            department_id=row.department_id,
            period=period,
            defaults={
                "source": SOURCE,
                "deadline": row.deadline,
                "what": WHAT.get(row.filing, row.filing),
                "recorded_at": row.recorded_at,
            },
        )
        entries = ScoreEntry.objects.filter(cause_type=old_type, cause_id=row.pk)
        entries.update(cause_type=new_type, cause_id=new.pk)
        entries = ScoreEntry.objects.filter(cause_type=new_type, cause_id=new.pk)
        entries.filter(dedupe_key__isnull=False).update(
            dedupe_key=_once_key(row.campaign_id, row.department_id, period)
        )


def backwards(apps, schema_editor):
    Old = apps.get_model("practice_projects", "LateFiling")
    New = apps.get_model("efficiency_center", "LateFiling")
    ScoreEntry = apps.get_model("efficiency_center", "ScoreEntry")
    old_type = _content_type(apps, "practice_projects", "latefiling")
    new_type = _content_type(apps, "efficiency_center", "latefiling")
    for row in New.objects.filter(source=SOURCE).order_by("pk"):
        filing = row.period.removeprefix(f"{SOURCE}:")
        old, _created = Old.objects.get_or_create(
            campaign_id=row.campaign_id,
            department_id=row.department_id,
            filing=filing,
            defaults={"deadline": row.deadline, "recorded_at": row.recorded_at},
        )
        entries = ScoreEntry.objects.filter(cause_type=new_type, cause_id=row.pk)
        entries.filter(dedupe_key__isnull=False).update(
            dedupe_key=f"pp-late:{row.campaign_id}:{row.department_id}:{filing}"
        )
        entries.update(cause_type=old_type, cause_id=old.pk)
        row.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("efficiency_center", "0006_workflow_step_late_filings"),
        ("practice_projects", "0003_shared_revisions"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
