"""Achievements move onto the core's workflow step and late filings:

- a public display batch and an objection get the `version` the step locks on;
- the focus areas are the shared vocabulary's, and the review states are named in this app's
  words (verified, on public display): labels only, the stored values are the same;
- each missed quarterly deadline (MissedDeadline) becomes a LateFiling of the core (source
  "achievements", period "achievements:Q<n>"), and its ledger entries point at it, the original
  one under the core's once-only key. 0004 then drops MissedDeadline."""

from django.db import migrations, models

SOURCE = "achievements"
# What the late filing says was not filed, as the service writes it in Chinese (the site's
# language): "%(quarter)s service achievements" with the quarter's label.
WHAT = {1: "一季度服务实绩", 2: "二季度服务实绩", 3: "三季度服务实绩", 4: "四季度服务实绩"}


def _old_key(missed):
    return f"achievements-late:{missed.campaign_id}:{missed.department_id}:Q{missed.quarter}"


def _new_key(campaign_id, department_id, period):
    return f"late:{campaign_id}:{department_id}:{period}"


def _content_types(apps):
    """MissedDeadline's content type (None on a database where nothing ever pointed at one)
    and LateFiling's."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    missed = ContentType.objects.filter(app_label="achievements", model="misseddeadline").first()
    late, _created = ContentType.objects.get_or_create(
        app_label="efficiency_center", model="latefiling"
    )
    return missed, late


def forwards(apps, schema_editor):
    MissedDeadline = apps.get_model("achievements", "MissedDeadline")
    LateFiling = apps.get_model("efficiency_center", "LateFiling")
    ScoreEntry = apps.get_model("efficiency_center", "ScoreEntry")
    missed_type, late_type = _content_types(apps)
    for missed in MissedDeadline.objects.select_related("campaign"):
        period = f"{SOURCE}:Q{missed.quarter}"
        late, _created = LateFiling.objects.get_or_create(
            campaign_id=missed.campaign_id,
            department_id=missed.department_id,
            period=period,
            defaults={
                "source": SOURCE,
                "deadline": getattr(missed.campaign, f"q{missed.quarter}_deadline"),
                "what": WHAT[missed.quarter],
                "recorded_at": missed.recorded_at,
            },
        )
        if missed_type is not None:
            ScoreEntry.objects.filter(cause_type=missed_type, cause_id=missed.pk).update(
                cause_type=late_type, cause_id=late.pk
            )
        ScoreEntry.objects.filter(dedupe_key=_old_key(missed)).update(
            dedupe_key=_new_key(missed.campaign_id, missed.department_id, period)
        )


def backwards(apps, schema_editor):
    MissedDeadline = apps.get_model("achievements", "MissedDeadline")
    LateFiling = apps.get_model("efficiency_center", "LateFiling")
    ScoreEntry = apps.get_model("efficiency_center", "ScoreEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    missed_type, _created = ContentType.objects.get_or_create(
        app_label="achievements", model="misseddeadline"
    )
    _unused, late_type = _content_types(apps)
    for late in LateFiling.objects.filter(source=SOURCE):
        quarter = int(late.period.rsplit("Q", 1)[1])
        missed, _created = MissedDeadline.objects.get_or_create(
            campaign_id=late.campaign_id,
            department_id=late.department_id,
            quarter=quarter,
            defaults={"recorded_at": late.recorded_at},
        )
        ScoreEntry.objects.filter(cause_type=late_type, cause_id=late.pk).update(
            cause_type=missed_type, cause_id=missed.pk
        )
        ScoreEntry.objects.filter(
            dedupe_key=_new_key(late.campaign_id, late.department_id, late.period)
        ).update(dedupe_key=_old_key(missed))
        late.delete()


class Migration(migrations.Migration):

    dependencies = [
        ("achievements", "0002_default_categories"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("efficiency_center", "0006_workflow_step_late_filings"),
    ]

    operations = [
        migrations.AddField(
            model_name="objection",
            name="version",
            field=models.PositiveIntegerField(default=1, editable=False, verbose_name="version"),
        ),
        migrations.AddField(
            model_name="publicitybatch",
            name="version",
            field=models.PositiveIntegerField(default=1, editable=False, verbose_name="version"),
        ),
        migrations.AlterField(
            model_name="achievement",
            name="focus_area",
            field=models.CharField(
                choices=[
                    ("approval", "Faster approvals"),
                    ("service", "Better service"),
                    ("enforcement", "Lawful enforcement"),
                    ("fees", "Fewer and lower fees"),
                    ("rules", "Keeping to the rules"),
                ],
                max_length=12,
                verbose_name="focus area",
            ),
        ),
        migrations.AlterField(
            model_name="achievement",
            name="state",
            field=models.CharField(
                choices=[
                    ("draft", "Draft"),
                    ("signed", "Signed by the unit's head"),
                    ("submitted", "Submitted to the center"),
                    ("returned", "Returned for changes"),
                    ("approved", "Verified"),
                    ("published", "In public display"),
                ],
                db_index=True,
                default="draft",
                max_length=12,
                verbose_name="state",
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
