from django.contrib import admin

from .models import (
    Cluster,
    ClusterMembership,
    ClusterTerm,
    Pledge,
    PledgeCriterion,
    PledgeSignature,
    SelfAssessment,
    TermCorrection,
)


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


@admin.register(ClusterTerm)
class ClusterTermAdmin(admin.ModelAdmin):
    list_display = ["cluster", "year", "chair", "vice_chair", "selection", "decision_number", "decision_date"]
    list_filter = ["year", "selection", "cluster"]
    list_select_related = ["cluster", "chair", "vice_chair"]
    autocomplete_fields = ["chair", "vice_chair"]

    def get_readonly_fields(self, request, obj=None):
        # A final term changes only through the portal's audited correction (clusters:term_correct).
        if obj is not None and obj.is_recognised:
            return [field.name for field in self.model._meta.fields]
        return super().get_readonly_fields(request, obj)


@admin.register(TermCorrection)
class TermCorrectionAdmin(admin.ModelAdmin):
    """The audit trail of final terms: read only."""

    list_display = ["term", "at", "by", "reason"]
    list_select_related = ["term__cluster", "by"]
    readonly_fields = ["term", "at", "by", "reason", "changes"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class PledgeCriterionInline(admin.TabularInline):
    model = PledgeCriterion
    extra = 0


@admin.register(Pledge)
class PledgeAdmin(admin.ModelAdmin):
    list_display = ["cluster", "year", "signing_date", "assessment_due_on", "ranking_published_at"]
    list_filter = ["year", "cluster"]
    list_select_related = ["cluster"]
    inlines = [PledgeCriterionInline]


@admin.register(PledgeCriterion)
class PledgeCriterionAdmin(admin.ModelAdmin):
    list_display = ["pledge", "position", "text", "max_score"]
    list_filter = ["pledge__year", "pledge__cluster"]
    list_select_related = ["pledge__cluster"]
    search_fields = ["text"]


@admin.register(PledgeSignature)
class PledgeSignatureAdmin(admin.ModelAdmin):
    list_display = ["pledge", "organization", "signed_by", "signed_at"]
    list_filter = ["pledge__year", "pledge__cluster"]
    list_select_related = ["pledge__cluster", "organization", "signed_by"]


@admin.register(SelfAssessment)
class SelfAssessmentAdmin(admin.ModelAdmin):
    list_display = ["criterion", "organization", "score", "adjusted_score", "adjustment_reason"]
    list_filter = ["criterion__pledge__year", "criterion__pledge__cluster"]
    list_select_related = ["criterion", "organization"]
