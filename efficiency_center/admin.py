from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from . import workdays
from .audit import audit
from .documents import xlsx_streaming_response
from .models import (
    Attachment,
    AuditEvent,
    Campaign,
    DayOverride,
    Department,
    Notification,
    PublicNotice,
    ScoreEntry,
    StateChange,
    User,
)

admin.site.site_header = _("Efficiency center administration")
admin.site.site_title = _("Efficiency center")
admin.site.index_title = _("System administration")


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records that change only through the services (which check the rules, record the state
    change, the score and the notifications) or never: admins read and filter them here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SubUnitInline(admin.TabularInline):
    model = Department
    fk_name = "supervisor"
    fields = ("code", "name", "short_name", "kind", "approval_duty", "is_active")
    extra = 0
    verbose_name = _("sub-unit")
    verbose_name_plural = _("sub-units")


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = (
        "code",
        "name",
        "short_name",
        "kind",
        "supervisor",
        "approval_duty",
        "is_active",
    )
    list_filter = ("kind", "approval_duty", "is_active")
    search_fields = ("code", "name", "short_name")
    list_select_related = ("supervisor",)
    autocomplete_fields = ("supervisor",)
    inlines = [SubUnitInline]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "full_name", "role", "department", "is_active", "last_login")
    list_filter = ("role", "is_active", "department__kind")
    search_fields = ("username", "full_name", "department__name")
    list_select_related = ("department",)
    autocomplete_fields = ("department",)
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Person"), {"fields": ("full_name", "email", "phone")}),
        (_("Role"), {"fields": ("role", "department")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "password1", "password2")}),
        (_("Role"), {"fields": ("full_name", "role", "department")}),
    )


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ("year", "name", "start_date", "end_date", "plan_deadline")
    fieldsets = (
        (None, {"fields": ("year", "name", "start_date", "end_date", "themes")}),
        (
            _("Deadlines"),
            {
                "fields": (
                    "plan_deadline",
                    "q1_deadline",
                    "q2_deadline",
                    "q3_deadline",
                    "q4_deadline",
                )
            },
        ),
        (
            _("Scoring parameters"),
            {
                "fields": (
                    "points_pledge_broken",
                    "points_complaint_true",
                    "points_complaint_partly_true",
                    "points_report_late",
                    "points_reply_overdue",
                    "points_best_measure",
                    "points_real_deed",
                    "points_typical_forwarded",
                    "bonus_cap",
                    "publicity_workdays",
                )
            },
        ),
        (
            _("Complaint time limits"),
            {
                "fields": (
                    "complaint_accept_workdays",
                    "complaint_reply_workdays",
                    "complaint_close_workdays",
                    "complaint_decline_workdays",
                    "complaint_extension_max_workdays",
                    "complaint_very_overdue_workdays",
                    "complaint_reminder_workdays",
                )
            },
        ),
    )


@admin.register(DayOverride)
class DayOverrideAdmin(admin.ModelAdmin):
    list_display = ("date", "is_workday", "note")
    list_filter = ("is_workday",)
    date_hierarchy = "date"

    def changelist_view(self, request, extra_context=None):
        for year in workdays.calendar_warning_years():
            self.message_user(
                request,
                _(
                    "The official holiday schedule of %(year)s is not loaded: deadlines in "
                    "%(year)s count Monday to Friday only. Enter its holidays and make-up "
                    "working days here."
                )
                % {"year": year},
                level="warning",
            )
        return super().changelist_view(request, extra_context)


@admin.register(ScoreEntry)
class ScoreEntryAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "department", "campaign", "kind", "points", "recorded_by")
    list_filter = ("campaign", "kind")
    search_fields = ("department__name", "note")
    list_select_related = ("department", "campaign", "recorded_by")


@admin.register(StateChange)
class StateChangeAdmin(ReadOnlyAdmin):
    list_display = (
        "created_at",
        "content_type",
        "object_id",
        "action",
        "from_state",
        "to_state",
        "actor",
    )
    list_filter = ("content_type", "action", "to_state")
    list_select_related = ("content_type", "actor")


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "username", "action", "target", "ip_address")
    list_filter = ("action",)
    search_fields = ("username", "target", "detail")
    date_hierarchy = "created_at"
    actions = ["export_xlsx"]

    @admin.action(description=_("Export the selected events to Excel"))
    def export_xlsx(self, request, queryset):
        # The export itself is an audited act.
        audit(request.user, AuditEvent.Action.EXPORT, "audit log", request=request)
        rows = queryset.order_by("created_at").values_list(
            "created_at", "username", "action", "target", "detail", "ip_address"
        )
        labels = dict(AuditEvent.Action.choices)
        return xlsx_streaming_response(
            "审计日志.xlsx",
            [_("at"), _("username"), _("action"), _("target"), _("detail"), _("IP address")],
            (
                (at, who, labels.get(what, what), target, detail, ip)
                for at, who, what, target, detail, ip in rows.iterator()
            ),
            sheet_title=_("audit events"),
        )


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "recipient", "verb", "read_at", "emailed_at")
    list_select_related = ("recipient",)


@admin.register(PublicNotice)
class PublicNoticeAdmin(ReadOnlyAdmin):
    list_display = ("published_at", "department", "title")
    list_select_related = ("department",)


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "original_name", "kind", "size", "uploaded_by")
    list_select_related = ("uploaded_by",)
