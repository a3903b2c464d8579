"""Admin for awards. Award types and voting rules are edited here; the rest is read-only.

Nominations, votes and decisions change only through the services (history, workflow,
tally). Ballots are secret: the admin lists neither ballots nor their choices, and voter
records (who has voted) show no link to any ballot.
"""

from django.contrib import admin

from clusters.models import ClusterMeeting, MeetingAttendance

from .models import (
    AwardDecision,
    Awardee,
    AwardType,
    Ballot,
    BallotChoice,
    CouncilMember,
    CouncilSession,
    Nomination,
    NominationChange,
    NominationFile,
    Vote,
    VoteItem,
    VoterRecord,
    VotingRule,
)


class ReadOnlyMixin:
    """Shown for reference; written only through awards.services and awards.voting."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AwardType)
class AwardTypeAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "code",
        "scope",
        "eligibility",
        "needs_cluster_vote",
        "needs_council",
        "position",
        "is_active",
    ]
    list_editable = ["position", "is_active"]
    search_fields = ["name", "code"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(VotingRule)
class VotingRuleAdmin(admin.ModelAdmin):
    list_display = [
        "body",
        "award_type",
        "quorum_numerator",
        "quorum_denominator",
        "base",
        "threshold_numerator",
        "threshold_denominator",
        "threshold_inclusive",
        "max_proposals",
    ]
    list_filter = ["body"]


class NominationFileInline(ReadOnlyMixin, admin.TabularInline):
    model = NominationFile
    fields = ["kind", "original_name", "size", "uploaded_at"]
    readonly_fields = fields
    extra = 0


class NominationChangeInline(ReadOnlyMixin, admin.TabularInline):
    model = NominationChange
    fields = ["from_status", "to_status", "by", "at", "comment"]
    readonly_fields = fields
    extra = 0


@admin.register(Nomination)
class NominationAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["nominee_name", "award_type", "year", "proposing_organization", "cluster", "status"]
    list_filter = ["status", "year", "award_type"]
    search_fields = ["nominee_name", "nominee_person"]
    list_select_related = ["award_type", "proposing_organization", "cluster"]
    inlines = [NominationFileInline, NominationChangeInline]


class CouncilMemberInline(ReadOnlyMixin, admin.TabularInline):
    model = CouncilMember
    fields = ["user", "council_role", "present"]
    readonly_fields = fields
    extra = 0


@admin.register(CouncilSession)
class CouncilSessionAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["title", "held_on", "year", "place"]
    inlines = [CouncilMemberInline]


class VoteItemInline(ReadOnlyMixin, admin.TabularInline):
    model = VoteItem
    fields = ["nomination", "position", "paper_yes", "paper_no", "paper_abstain", "passed", "explanation"]
    readonly_fields = fields
    extra = 0


class VoterRecordInline(ReadOnlyMixin, admin.TabularInline):
    model = VoterRecord
    fields = ["organization", "council_member", "in_writing"]
    readonly_fields = fields
    extra = 0


@admin.register(Vote)
class VoteAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["title", "body", "award_type", "status", "opened_at", "closed_at"]
    list_filter = ["body", "status"]
    inlines = [VoteItemInline, VoterRecordInline]


class AwardeeInline(ReadOnlyMixin, admin.TabularInline):
    model = Awardee
    fields = ["position", "name", "award_type", "organization", "citation"]
    readonly_fields = fields
    extra = 0


@admin.register(AwardDecision)
class AwardDecisionAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["number", "symbol", "signed_on", "signer", "title"]
    search_fields = ["number", "title"]
    inlines = [AwardeeInline]


@admin.register(Ballot)
class BallotAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Only which vote a ballot belongs to: no voter, no time, nothing to line up with voter records."""

    list_display = ["vote"]
    list_filter = ["vote__body"]
    fields = ["vote"]


@admin.register(BallotChoice)
class BallotChoiceAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """The choices as counted; never with their ballot, so no choice is grouped into one voter's ballot."""

    list_display = ["item", "choice"]
    list_filter = ["choice"]
    fields = ["item", "choice"]


@admin.register(NominationFile)
class NominationFileAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Names and sizes only: the files themselves are served by the checked download view."""

    list_display = ["original_name", "kind", "nomination", "size", "uploaded_at"]
    fields = ["nomination", "kind", "original_name", "size", "uploaded_at"]
    list_select_related = ["nomination"]


@admin.register(NominationChange)
class NominationChangeAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["nomination", "from_status", "to_status", "by", "at"]
    list_filter = ["to_status"]
    list_select_related = ["nomination", "by"]


@admin.register(CouncilMember)
class CouncilMemberAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["user", "session", "council_role", "present"]
    list_select_related = ["user", "session"]


@admin.register(VoteItem)
class VoteItemAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["vote", "nomination", "passed"]
    fields = ["vote", "nomination", "position", "paper_yes", "paper_no", "paper_abstain", "passed", "explanation"]
    list_select_related = ["vote", "nomination"]


@admin.register(VoterRecord)
class VoterRecordAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Who has voted, never what: voter records share nothing with ballots."""

    list_display = ["vote", "organization", "council_member", "in_writing"]
    fields = ["vote", "organization", "council_member", "in_writing"]
    list_select_related = ["vote", "organization", "council_member"]


@admin.register(Awardee)
class AwardeeAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["name", "award_type", "decision"]
    list_select_related = ["award_type", "decision"]


# Conferences and attendance live in clusters but are written by awards.voting; the clusters
# app's admin (loaded first) may register them itself.
class ClusterMeetingAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["cluster", "year", "held_on", "place", "status"]
    list_filter = ["year"]
    list_select_related = ["cluster"]


class MeetingAttendanceAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["meeting", "organization", "present"]
    list_select_related = ["meeting", "organization"]


for _model, _admin in ((ClusterMeeting, ClusterMeetingAdmin), (MeetingAttendance, MeetingAttendanceAdmin)):
    if not admin.site.is_registered(_model):
        admin.site.register(_model, _admin)
