from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    """Running the system: health, job runs, the beat heartbeat, logs, backups, the replica."""

    name = "operations"
    verbose_name = _("Operations")

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import jobs

        jobs.connect_celery_signals()
        post_migrate.connect(jobs.ensure_periodic_tasks, sender=self)
