from django.contrib import admin

from .models import Campaign, CampaignTask, CampaignTheme, Directive, Field, Target


class NoDeleteMixin:
    """Directives, campaigns and fields are archived or retired, never deleted."""

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Field)
class FieldAdmin(NoDeleteMixin, admin.ModelAdmin):
    list_display = ["name", "position", "is_active"]
    list_editable = ["position", "is_active"]
    search_fields = ["name"]


@admin.register(Directive)
class DirectiveAdmin(NoDeleteMixin, admin.ModelAdmin):
    list_display = ["number", "issued_on", "year", "title", "status"]
    list_filter = ["status", "year"]
    search_fields = ["number", "title", "body"]
    filter_horizontal = ["related_directives"]


class CampaignThemeInline(admin.TabularInline):
    model = CampaignTheme
    extra = 0


class CampaignTaskInline(admin.TabularInline):
    model = CampaignTask
    extra = 0


class TargetInline(admin.StackedInline):
    model = Target
    extra = 0
    autocomplete_fields = ["field"]


@admin.register(Campaign)
class CampaignAdmin(NoDeleteMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "directive", "start_date", "end_date", "status"]
    list_filter = ["status", "kind", "fields"]
    list_select_related = ["directive"]
    search_fields = ["name", "directive__number"]
    autocomplete_fields = ["directive", "lead_organization", "participants"]
    filter_horizontal = ["fields"]
    inlines = [CampaignThemeInline, CampaignTaskInline, TargetInline]


@admin.register(CampaignTheme)
class CampaignThemeAdmin(admin.ModelAdmin):
    list_display = ["campaign", "year", "text"]
    list_filter = ["year"]
    list_select_related = ["campaign"]


@admin.register(CampaignTask)
class CampaignTaskAdmin(admin.ModelAdmin):
    list_display = ["campaign", "position", "text"]
    list_select_related = ["campaign"]


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ["campaign", "field", "text", "metric", "direction", "target_value", "unit"]
    list_filter = ["field", "direction"]
    list_select_related = ["campaign", "field"]
    search_fields = ["text", "metric"]
