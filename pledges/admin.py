"""Admins read pledges, reports and breaches here; every change goes through the app's pages,
whose services record the workflow, the notices and the ledger."""

from django.contrib import admin

from efficiency_center.admin import ReadOnlyAdmin

from .models import BrokenPledge, FulfilmentEntry, FulfilmentReport, Pledge, PledgeItem


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class PledgeItemInline(ReadOnlyInline):
    model = PledgeItem
    fields = ("position", "focus_area", "text")


class FulfilmentEntryInline(ReadOnlyInline):
    model = FulfilmentEntry
    fields = ("item", "text")


@admin.register(Pledge)
class PledgeAdmin(ReadOnlyAdmin):
    list_display = (
        "department",
        "campaign",
        "revision",
        "state",
        "channel",
        "publication_date",
    )
    list_filter = ("campaign", "state", "channel", "department__kind")
    search_fields = ("department__name", "department__code", "items__text")
    list_select_related = ("department", "campaign")
    inlines = [PledgeItemInline]


@admin.register(FulfilmentReport)
class FulfilmentReportAdmin(ReadOnlyAdmin):
    list_display = ("department", "campaign", "quarter", "state", "submitted_at")
    list_filter = ("campaign", "quarter", "state")
    search_fields = ("department__name", "department__code")
    list_select_related = ("department", "campaign")
    inlines = [FulfilmentEntryInline]


@admin.register(BrokenPledge)
class BrokenPledgeAdmin(ReadOnlyAdmin):
    list_display = ("department", "campaign", "quarter", "decision", "recorded_at", "decided_at")
    list_filter = ("campaign", "decision", "quarter")
    search_fields = ("department__name", "description")
    list_select_related = ("department", "campaign", "item")
