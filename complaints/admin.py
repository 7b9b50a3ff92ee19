"""The complaints in Django's admin: read-only, for admins to look things up.

Every change to a case goes through the services (state machine, deadlines, ledger,
notifications, audit), so nothing here adds, changes or deletes — not even for a superuser.

The complainant (Complainant: name, phone, address, query code digest) is deliberately NOT
registered. The admin is open to admins only, who are center users, but the app's rule is that
every read of the sealed identity is audited, and the admin's generic pages cannot audit a
read. The case page's audited button is the one place identity is read. Nothing below shows it
either: no Complainant inline, and the lists show the case's number, not its description.
"""

from django.contrib import admin

from efficiency_center.admin import ReadOnlyAdmin

from .models import (
    Accountability,
    CaseNote,
    Complaint,
    Extension,
    FollowUp,
    Reply,
    TypicalCase,
)


@admin.register(Complaint)
class ComplaintAdmin(ReadOnlyAdmin):
    list_display = ("number", "filed_at", "channel", "kind", "department", "status", "finding")
    list_filter = ("status", "kind", "channel", "finding", "campaign", "is_anonymous")
    search_fields = ("number",)
    list_select_related = ("department",)
    date_hierarchy = "filed_at"
    show_full_result_count = False


@admin.register(Reply)
class ReplyAdmin(ReadOnlyAdmin):
    list_display = ("complaint", "department", "state", "created_at")
    list_filter = ("state",)
    search_fields = ("complaint__number",)
    list_select_related = ("complaint", "department")


@admin.register(Extension)
class ExtensionAdmin(ReadOnlyAdmin):
    list_display = ("complaint", "workdays", "decision", "old_due", "new_due", "requested_at")
    list_filter = ("decision",)
    search_fields = ("complaint__number",)
    list_select_related = ("complaint",)


@admin.register(CaseNote)
class CaseNoteAdmin(ReadOnlyAdmin):
    list_display = ("complaint", "audience", "author", "created_at")
    list_filter = ("audience",)
    search_fields = ("complaint__number",)
    list_select_related = ("complaint", "author")


@admin.register(FollowUp)
class FollowUpAdmin(ReadOnlyAdmin):
    list_display = ("complaint", "satisfaction", "channel", "created_at")
    list_filter = ("satisfaction", "channel")
    search_fields = ("complaint__number",)
    list_select_related = ("complaint",)


@admin.register(Accountability)
class AccountabilityAdmin(ReadOnlyAdmin):
    list_display = ("complaint", "measure", "person", "created_at")
    list_filter = ("measure",)
    search_fields = ("complaint__number", "person")
    list_select_related = ("complaint",)


@admin.register(TypicalCase)
class TypicalCaseAdmin(ReadOnlyAdmin):
    list_display = ("title", "complaint", "published_at")
    search_fields = ("title", "complaint__number")
    list_select_related = ("complaint",)
