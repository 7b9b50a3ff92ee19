"""What the operations side stores: each periodic job's runs and the beat heartbeat."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class JobRun(models.Model):
    """One run of a periodic job in a worker (written by Celery signals), or a re-queue of a job
    whose message the broker lost (written by the sweeper)."""

    class Status(models.TextChoices):
        RUNNING = "running", _("running")
        SUCCESS = "success", _("succeeded")
        FAILURE = "failure", _("failed")
        REQUEUED = "requeued", _("re-queued")

    task = models.CharField(_("task"), max_length=200, db_index=True)
    periodic_task_name = models.CharField(_("periodic job"), max_length=200, blank=True)
    task_id = models.CharField(max_length=64, blank=True, db_index=True)
    worker = models.CharField(_("worker"), max_length=200, blank=True)
    started_at = models.DateTimeField(_("started at"), default=timezone.now, db_index=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    duration = models.FloatField(_("duration (s)"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("job run")
        verbose_name_plural = _("job runs")

    def __str__(self):
        return f"{self.periodic_task_name or self.task} {self.started_at:%Y-%m-%d %H:%M}"


class Heartbeat(models.Model):
    """The last time the heartbeat job ran: beat sent it, the broker carried it, a worker ran it."""

    name = models.CharField(max_length=50, unique=True)
    at = models.DateTimeField()

    class Meta:
        verbose_name = _("heartbeat")
        verbose_name_plural = _("heartbeats")

    def __str__(self):
        return f"{self.name} {self.at:%Y-%m-%d %H:%M:%S}"
