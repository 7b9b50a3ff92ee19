from django.contrib import admin

from efficiency_center.admin import ReadOnlyAdmin

from .models import Award, Panel, RankingRun, SelectionSettings, ShortlistEntry


@admin.register(SelectionSettings)
class SelectionSettingsAdmin(admin.ModelAdmin):
    list_display = ("campaign", "list_limit", "unit_limit")
    list_select_related = ("campaign",)


@admin.register(Panel)
class PanelAdmin(ReadOnlyAdmin):
    list_display = ("campaign", "state", "opened_at", "closed_at")
    list_select_related = ("campaign",)


@admin.register(ShortlistEntry)
class ShortlistEntryAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "kind", "department", "campaign", "added_by", "added_at")
    list_filter = ("campaign", "kind")
    list_select_related = ("department", "campaign", "added_by", "project__current", "achievement")


@admin.register(RankingRun)
class RankingRunAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "campaign", "status", "is_final", "decision", "requested_at")
    list_filter = ("campaign", "status", "decision")
    list_select_related = ("campaign",)
    exclude = ("inputs", "results", "changes")


@admin.register(Award)
class AwardAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "department", "score", "approved_at")
    list_filter = ("campaign", "kind")
    list_select_related = ("campaign", "department")
