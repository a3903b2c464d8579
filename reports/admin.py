from django.contrib import admin

from .models import (
    LockException,
    Notification,
    QuarterlyReport,
    Reminder,
    ReportAttachment,
    ReportingPeriod,
    ReportSection,
    StatusChange,
    TargetFigure,
    TaskHeartbeat,
)


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(admin.ModelAdmin):
    list_display = ["__str__", "opens_on", "due_at", "grace_until", "lock_at"]
    list_filter = ["year"]
    # The instants are computed once, at creation (create_reporting_periods); not edited here.
    readonly_fields = ["opens_on", "due_at", "grace_until", "lock_at"]


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    extra = 0
    can_delete = False
    readonly_fields = ["from_status", "to_status", "by", "at", "comment"]

    def has_add_permission(self, request, obj=None):
        return False


class ReportSectionInline(admin.StackedInline):
    model = ReportSection
    extra = 0
    raw_id_fields = ["campaign"]


class ReportAttachmentInline(admin.TabularInline):
    model = ReportAttachment
    extra = 0
    readonly_fields = ["original_name", "size", "uploaded_by", "uploaded_at"]


@admin.register(QuarterlyReport)
class QuarterlyReportAdmin(admin.ModelAdmin):
    list_display = ["organization_name", "period", "status", "first_submitted_at", "is_illustrative"]
    list_filter = ["status", "period", "is_illustrative"]
    search_fields = ["organization_name", "organization__code"]
    raw_id_fields = ["organization", "submitted_by"]
    # Status changes go through reports.services so that the history is written.
    readonly_fields = ["status", "first_submitted_at", "submitted_at", "submitted_by"]
    inlines = [ReportSectionInline, ReportAttachmentInline, StatusChangeInline]


@admin.register(TargetFigure)
class TargetFigureAdmin(admin.ModelAdmin):
    list_display = ["section", "metric", "value", "unit"]
    raw_id_fields = ["section", "target"]


@admin.register(StatusChange)
class StatusChangeAdmin(admin.ModelAdmin):
    list_display = ["report", "from_status", "to_status", "by", "at"]
    list_filter = ["to_status"]
    raw_id_fields = ["report", "by"]


@admin.register(ReportSection)
class ReportSectionAdmin(admin.ModelAdmin):
    list_display = ["campaign_name", "report"]
    raw_id_fields = ["report", "campaign"]


@admin.register(ReportAttachment)
class ReportAttachmentAdmin(admin.ModelAdmin):
    list_display = ["original_name", "report", "size", "uploaded_at"]
    raw_id_fields = ["report", "uploaded_by"]


@admin.register(LockException)
class LockExceptionAdmin(admin.ModelAdmin):
    list_display = ["organization", "period", "until", "granted_by"]
    raw_id_fields = ["organization", "granted_by"]


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = [
        "organization",
        "period",
        "rule",
        "channel",
        "outcome",
        "attempts",
        "created_at",
        "last_attempt_at",
        "sent_at",
    ]
    list_filter = ["period", "rule", "channel", "outcome"]
    raw_id_fields = ["organization", "triggered_by"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["organization", "text", "created_at", "read_at"]
    raw_id_fields = ["organization"]


@admin.register(TaskHeartbeat)
class TaskHeartbeatAdmin(admin.ModelAdmin):
    list_display = ["name", "last_run_at", "last_started_at", "last_failure_at"]
