from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticeProjectsConfig(AppConfig):
    name = "practice_projects"
    verbose_name = _("Practice projects")
