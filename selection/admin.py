from django.contrib import admin

from .models import Award, Panel, RankingRun, SelectionSettings, ShortlistEntry


@admin.register(SelectionSettings)
class SelectionSettingsAdmin(admin.ModelAdmin):
    list_display = ("campaign", "list_limit", "unit_limit")
    list_select_related = ("campaign",)


class ReadOnlyAdmin(admin.ModelAdmin):
    """The selection's records change only through the services (panel lock, ledger,
    notifications)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


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
