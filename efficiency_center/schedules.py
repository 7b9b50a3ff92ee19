"""The periodic jobs and their default schedules, created in django-celery-beat after migrate.

Only missing entries are created: an admin's change to a schedule survives the next deploy."""

from django.db.models.signals import post_migrate

# name -> (task, crontab fields)
PERIODIC_TASKS = {
    "通知邮件补发": ("efficiency_center.tasks.sweep_notification_outbox", {"minute": "*/10"}),
    "节假日安排提醒": (
        "efficiency_center.tasks.remind_calendar_schedule",
        {"minute": "0", "hour": "9", "day_of_month": "1,15", "month_of_year": "11,12"},
    ),
    "审计日志清理": ("efficiency_center.tasks.purge_audit_log", {"minute": "30", "hour": "3"}),
    "主题实践项目提醒与逾期登记": (
        "practice_projects.tasks.send_project_reminders",
        {"minute": "0", "hour": "8"},
    ),
    "服务实绩公示期结束": (
        "achievements.tasks.close_publicity_batches",
        {"minute": "10", "hour": "0"},
    ),
    "服务实绩逾期登记": (
        "achievements.tasks.record_missed_deadlines",
        {"minute": "20", "hour": "0"},
    ),
    "效能投诉催办与督办": ("complaints.tasks.check_deadlines", {"minute": "30", "hour": "8"}),
}


def ensure_periodic_tasks(**kwargs):
    from django_celery_beat.models import CrontabSchedule, PeriodicTask

    for name, (task, fields) in PERIODIC_TASKS.items():
        if PeriodicTask.objects.filter(name=name).exists():
            continue
        schedule, _ = CrontabSchedule.objects.get_or_create(timezone="Asia/Shanghai", **fields)
        PeriodicTask.objects.create(name=name, task=task, crontab=schedule)


def connect(sender):
    post_migrate.connect(ensure_periodic_tasks, sender=sender)
