from django.contrib import admin

from efficiency_center.admin import ReadOnlyAdmin

from .models import Achievement, Category, Objection, PublicityBatch


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "campaign", "position", "is_active")
    list_filter = ("campaign", "is_active")
    list_editable = ("position", "is_active")


@admin.register(Achievement)
class AchievementAdmin(ReadOnlyAdmin):
    list_display = ("title", "department", "campaign", "quarter", "state", "is_typical", "is_late")
    list_filter = ("campaign", "quarter", "state", "is_typical", "is_101", "is_late")
    search_fields = ("title", "department__name")
    list_select_related = ("department", "campaign")


@admin.register(PublicityBatch)
class PublicityBatchAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "state", "starts", "ends", "closed_at")
    list_filter = ("state", "campaign")
    list_select_related = ("campaign",)


@admin.register(Objection)
class ObjectionAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "achievement", "outcome", "created_at", "answered_at")
    list_filter = ("outcome",)
    list_select_related = ("achievement",)
