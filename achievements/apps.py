from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class AchievementsConfig(AppConfig):
    name = "achievements"
    verbose_name = _("Service achievements")

    def ready(self):
        from efficiency_center.models import Campaign

        from . import workflows  # noqa: F401  (registers the workflow tables)
        from .services.categories import on_campaign_saved

        # Every new campaign starts with seed 002's categories, which admins then edit.
        post_save.connect(on_campaign_saved, sender=Campaign, dispatch_uid="achievement_categories")
