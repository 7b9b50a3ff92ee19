"""The daily job's REPLY_OVERDUE deductions become late filings (efficiency_center.lateness):
one LateFiling per case and forwarding round is each entry's cause (and its reversal's), and
the entry's once-key is the core's (`late:<campaign>:<unit>:<period>`).

The period is the job's round, `complaints:reply:<case>:<forwarded at>`, read from the old key
("complaint-reply-overdue:<case>:<stamp>"), else from the case's forwarding time."""

from django.db import migrations

OLD_PREFIX = "complaint-reply-overdue:"


def _period(entry, complaint):
    key = entry.dedupe_key or ""
    if key.startswith(OLD_PREFIX):
        stamp = key.split(":", 2)[2]
    elif complaint.forwarded_at is not None:
        stamp = complaint.forwarded_at.strftime("%Y%m%dT%H%M%S.%f")
    else:
        stamp = f"entry{entry.pk}"
    return f"complaints:reply:{complaint.pk}:{stamp}"


def forwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ScoreEntry = apps.get_model("efficiency_center", "ScoreEntry")
    LateFiling = apps.get_model("efficiency_center", "LateFiling")
    Complaint = apps.get_model("complaints", "Complaint")
    complaint_type = ContentType.objects.filter(app_label="complaints", model="complaint").first()
    if complaint_type is None:
        return
    late_type, _ = ContentType.objects.get_or_create(
        app_label="efficiency_center", model="latefiling"
    )
    entries = ScoreEntry.objects.filter(
        kind="reply_overdue", cause_type_id=complaint_type.pk
    ).order_by("created_at", "id")
    for entry in entries:
        complaint = Complaint.objects.filter(pk=entry.cause_id).first()
        if complaint is None:
            continue
        period = _period(entry, complaint)
        if LateFiling.objects.filter(
            campaign_id=entry.campaign_id, department_id=entry.department_id, period=period
        ).exists():
            period = f"{period}:{entry.pk}"  # a second entry for one round: kept apart
        row = LateFiling.objects.create(
            campaign_id=entry.campaign_id,
            department_id=entry.department_id,
            source="complaints",
            period=period,
            deadline=complaint.reply_due or entry.created_at.date(),
            what=f"对投诉件{complaint.number}的答复"[:200],
            subject_type_id=complaint_type.pk,
            subject_id=complaint.pk,
            recorded_at=entry.created_at,
        )
        key = f"late:{entry.campaign_id}:{entry.department_id}:{period}"
        ScoreEntry.objects.filter(pk=entry.pk).update(
            cause_type_id=late_type.pk, cause_id=row.pk, dedupe_key=key
        )
        ScoreEntry.objects.filter(reverses_id=entry.pk).update(
            cause_type_id=late_type.pk, cause_id=row.pk
        )


def backwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ScoreEntry = apps.get_model("efficiency_center", "ScoreEntry")
    LateFiling = apps.get_model("efficiency_center", "LateFiling")
    complaint_type = ContentType.objects.filter(app_label="complaints", model="complaint").first()
    late_type = ContentType.objects.filter(app_label="efficiency_center", model="latefiling").first()
    if complaint_type is None or late_type is None:
        return
    rows = LateFiling.objects.filter(source="complaints", subject_type_id=complaint_type.pk)
    for row in rows:
        stamp = row.period.split(":")[3] if row.period.count(":") >= 3 else ""
        entries = ScoreEntry.objects.filter(cause_type_id=late_type.pk, cause_id=row.pk)
        entries.filter(kind="reply_overdue").update(
            cause_type_id=complaint_type.pk,
            cause_id=row.subject_id,
            dedupe_key=f"{OLD_PREFIX}{row.subject_id}:{stamp}",
        )
        entries.update(cause_type_id=complaint_type.pk, cause_id=row.subject_id)
        row.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0003_leader_decisions"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("efficiency_center", "0006_workflow_step_late_filings"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
