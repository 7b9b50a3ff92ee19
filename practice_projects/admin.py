"""Admins edit the per-campaign settings and the units' city indicators here; the documents
themselves change only through the review workflow, so they are read-only in the admin."""

from django.contrib import admin

from .models import (
    CampaignPlan,
    CompletionReport,
    Milestone,
    ProgressReport,
    Project,
    ProjectFiling,
    ProjectSettings,
    Target,
    UnitIndicator,
)


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ProjectSettings)
class ProjectSettingsAdmin(admin.ModelAdmin):
    list_display = ("campaign", "reminder_workdays", "project_deadline")


@admin.register(UnitIndicator)
class UnitIndicatorAdmin(admin.ModelAdmin):
    list_display = ("department", "campaign", "text")
    list_filter = ("campaign",)
    list_select_related = ("department", "campaign")
    search_fields = ("department__name", "department__short_name", "text")
    autocomplete_fields = ("department",)


@admin.register(CampaignPlan)
class CampaignPlanAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("department", "title", "doc_number", "state", "filed_at", "campaign")
    list_filter = ("campaign", "state")
    list_select_related = ("department", "campaign")
    search_fields = ("title", "department__name")


class TargetInline(ReadOnlyMixin, admin.TabularInline):
    model = Target
    fields = ("what", "unit", "baseline", "target_value", "current_value")


class MilestoneInline(ReadOnlyMixin, admin.TabularInline):
    model = Milestone
    fields = ("title", "due_date", "status", "percent")


@admin.register(ProjectFiling)
class ProjectFilingAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("name", "department", "revision", "state", "filed_at")
    list_filter = ("state", "project__campaign")
    list_select_related = ("department",)
    search_fields = ("name", "department__name")
    inlines = [TargetInline, MilestoneInline]


@admin.register(Project)
class ProjectAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("__str__", "department", "campaign", "rating", "first_approved_at")
    list_filter = ("campaign", "rating")
    list_select_related = ("department", "campaign", "current")
    search_fields = ("current__name", "department__name")


@admin.register(ProgressReport)
class ProgressReportAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("__str__", "department", "quarter", "state", "filed_at")
    list_filter = ("quarter", "state", "project__campaign")
    list_select_related = ("department", "filing")


@admin.register(CompletionReport)
class CompletionReportAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("project", "department", "state", "filed_at")
    list_select_related = ("department", "project__current")
