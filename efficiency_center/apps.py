from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EfficiencyCenterConfig(AppConfig):
    name = "efficiency_center"
    verbose_name = _("Efficiency center")

    def ready(self):
        from . import audit, checks, schedules  # noqa: F401  (they register receivers and checks)

        schedules.connect(self)
        # The web process enqueues into the same folders the worker reads.
        from .celery import ensure_filesystem_broker_folders

        ensure_filesystem_broker_folders()
