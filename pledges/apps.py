from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PledgesConfig(AppConfig):
    name = "pledges"
    verbose_name = _("Public pledges")

    def ready(self):
        from . import workflows  # noqa: F401  (registers the workflow tables)
