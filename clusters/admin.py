from django.contrib import admin

from .models import Cluster, ClusterMembership


class ClusterMembershipInline(admin.TabularInline):
    model = ClusterMembership
    extra = 0
    autocomplete_fields = ["organization"]


@admin.register(Cluster)
class ClusterAdmin(admin.ModelAdmin):
    list_display = ["name", "number", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "description"]
    inlines = [ClusterMembershipInline]


@admin.register(ClusterMembership)
class ClusterMembershipAdmin(admin.ModelAdmin):
    list_display = ["cluster", "organization", "year", "rotation_order"]
    list_filter = ["year", "cluster"]
    list_select_related = ["cluster", "organization"]
    search_fields = ["organization__name", "cluster__name"]
    autocomplete_fields = ["organization"]
