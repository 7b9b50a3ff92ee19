"""The admin's periodic jobs list shows each job's last run, its duration and its failure; the
job runs themselves are listed read-only."""

from django.contrib import admin
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext_lazy as _
from django_celery_beat.admin import PeriodicTaskAdmin as BasePeriodicTaskAdmin
from django_celery_beat.models import PeriodicTask

from efficiency_center.admin import ReadOnlyAdmin

from .models import JobRun


@admin.register(JobRun)
class JobRunAdmin(ReadOnlyAdmin):
    list_display = (
        "periodic_task_name",
        "task",
        "started_at",
        "duration",
        "status",
        "short_error",
        "worker",
    )
    list_filter = ("status", "periodic_task_name")
    search_fields = ("periodic_task_name", "task", "task_id", "error")
    date_hierarchy = "started_at"

    @admin.display(description=_("error"))
    def short_error(self, run):
        return run.error[:120]


def _last_run(field):
    runs = JobRun.objects.filter(periodic_task_name=OuterRef("name")).exclude(
        status=JobRun.Status.REQUEUED
    )
    return Subquery(runs.order_by("-started_at", "-id").values(field)[:1])


admin.site.unregister(PeriodicTask)


@admin.register(PeriodicTask)
class PeriodicTaskAdmin(BasePeriodicTaskAdmin):
    list_display = (
        "name",
        "enabled",
        "scheduler",
        "last_run_at",
        "last_job_run",
        "last_duration",
        "last_outcome",
    )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                job_started_at=_last_run("started_at"),
                job_duration=_last_run("duration"),
                job_status=_last_run("status"),
                job_error=_last_run("error"),
            )
        )

    @admin.display(description=_("last run"), ordering="job_started_at")
    def last_job_run(self, task):
        return task.job_started_at

    @admin.display(description=_("duration (s)"))
    def last_duration(self, task):
        return None if task.job_duration is None else round(task.job_duration, 1)

    @admin.display(description=_("outcome"))
    def last_outcome(self, task):
        if task.job_status is None:
            return "—"
        label = JobRun.Status(task.job_status).label
        if task.job_status == JobRun.Status.FAILURE:
            return f"{label}：{task.job_error[:120]}"
        return label
