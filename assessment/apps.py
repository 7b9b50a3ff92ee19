from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "assessment"
    verbose_name = _("Year-end assessment")

    def ready(self):
        from . import workflows  # noqa: F401  (registers the workflow table)
