from django.contrib import admin

from .models import SummaryFile


@admin.register(SummaryFile)
class SummaryFileAdmin(admin.ModelAdmin):
    """Read-only: staff look here for failed builds; files are made and reused by the service."""

    list_display = ("title", "format", "status", "progress", "requested_by", "requested_at", "build_seconds")
    list_filter = ("kind", "format", "status")
    search_fields = ("title", "error")
    readonly_fields = [field.name for field in SummaryFile._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
