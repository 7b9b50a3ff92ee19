from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticeProjectsConfig(AppConfig):
    name = "practice_projects"
    verbose_name = _("Practice projects")

    def ready(self):
        from . import workflows  # noqa: F401  (registers the workflow tables)
