"""Admins read the clerk's findings of the eight checks here; every change goes through the
assessment's pages, whose service records it in the finding's history."""

from django.contrib import admin

from efficiency_center.admin import ReadOnlyAdmin

from .models import CheckFinding


@admin.register(CheckFinding)
class CheckFindingAdmin(ReadOnlyAdmin):
    list_display = ("department", "campaign", "item", "rating", "state", "updated_at")
    list_filter = ("campaign", "item", "rating", "state")
    search_fields = ("department__name", "department__code", "text")
    list_select_related = ("department", "campaign")
