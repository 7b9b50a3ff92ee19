from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SelectionConfig(AppConfig):
    name = "selection"
    verbose_name = _("Year-end selection")

    def ready(self):
        from efficiency_center import permissions

        from . import workflows  # noqa: F401  (registers the workflow tables)
        from .rules import panel_reads_shortlisted

        if panel_reads_shortlisted not in permissions.extra_read_rules:
            permissions.extra_read_rules.append(panel_reads_shortlisted)
