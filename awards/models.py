"""Award types, nominations and their dossiers, votes with secret ballots, council and decisions.

Secret ballot by schema: `VoterRecord` says who has voted (one row per vote and voter),
`Ballot` and `BallotChoice` hold what was chosen. Nothing links the two: a ballot has a
random UUID key (no sequence to line up with the voter records), no timestamp, no user and
no organisation, and ballots are listed in key order, i.e. at random.
"""

import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import Organization
from campaigns.models import Campaign
from clusters.models import Cluster, ClusterMeeting

from . import workflow


class AwardType(models.Model):
    """An emulation title or form of reward (Cờ thi đua của Bộ, Bằng khen của Bộ trưởng, …), as data.

    `eligibility` names the rule in awards/eligibility.py that a nomination must pass.
    """

    class Scope(models.TextChoices):
        COLLECTIVE = "collective", _("Collective")
        INDIVIDUAL = "individual", _("Individual")
        BOTH = "both", _("Collective or individual")

    class Eligibility(models.TextChoices):
        NONE = "none", _("No special condition")
        CLUSTER_LEADER = "cluster_leader", _("Led its cluster that year, or a thematic campaign of 3+ years")
        CSTD_BO = "cstd_bo", _("Three consecutive years of grassroots emulation fighter, with an initiative")

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200)
    scope = models.CharField(_("for"), max_length=16, choices=Scope.choices)
    eligibility = models.CharField(_("condition"), max_length=32, choices=Eligibility.choices, default="none")
    needs_cluster_vote = models.BooleanField(
        _("deliberated in the cluster"),
        default=True,
        help_text=_("The proposal must pass a vote of the nominee's cluster before it reaches the ministry."),
    )
    needs_council = models.BooleanField(_("reviewed by the council"), default=True)
    description = models.TextField(_("description"), blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(pgettext_lazy("order", "position"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("award type")
        verbose_name_plural = _("award types")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class VotingRule(models.Model):
    """How a voting body decides on an award type; a row without award type is the body's default.

    Fractions are stored exactly (numerator/denominator). `base` says what the pass
    threshold is counted against. Settings AWARDS_VOTING_DEFAULTS give the defaults when
    no row exists; a vote copies its rule when it opens and never looks here again.
    """

    class Body(models.TextChoices):
        CLUSTER = "cluster", _("Cluster conference")
        COUNCIL = "council", _("Emulation and rewards council")

    class Base(models.TextChoices):
        ALL = "all", _("All members")
        PRESENT = "present", _("Members present")
        VALID = "valid", _("Valid ballots")

    body = models.CharField(_("voting body"), max_length=16, choices=Body.choices)
    award_type = models.ForeignKey(
        AwardType, verbose_name=_("award type"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    secret = models.BooleanField(_("secret ballot"), default=True)
    quorum_numerator = models.PositiveSmallIntegerField(_("quorum numerator"), default=2)
    quorum_denominator = models.PositiveSmallIntegerField(_("quorum denominator"), default=3)
    base = models.CharField(_("counted against"), max_length=16, choices=Base.choices, default=Base.ALL)
    threshold_numerator = models.PositiveSmallIntegerField(_("threshold numerator"), default=1)
    threshold_denominator = models.PositiveSmallIntegerField(_("threshold denominator"), default=2)
    threshold_inclusive = models.BooleanField(
        _("threshold reached counts"), default=False, help_text=_("Pass at the threshold (≥) rather than above it (>).")
    )
    max_proposals = models.PositiveSmallIntegerField(_("at most this many proposals"), null=True, blank=True)
    absent_vote_in_writing = models.BooleanField(_("absent members vote in writing"), default=False)

    class Meta:
        verbose_name = _("voting rule")
        verbose_name_plural = _("voting rules")
        ordering = ["body", "award_type"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "award_type"], name="votingrule_unique_body_type", condition=Q(award_type__isnull=False)
            ),
            models.UniqueConstraint(
                fields=["body"], name="votingrule_unique_body_default", condition=Q(award_type=None)
            ),
            models.CheckConstraint(
                condition=Q(quorum_denominator__gt=0) & Q(threshold_denominator__gt=0),
                name="votingrule_denominators_positive",
            ),
            models.CheckConstraint(
                condition=Q(quorum_numerator__lte=models.F("quorum_denominator"))
                & Q(threshold_numerator__lte=models.F("threshold_denominator")),
                name="votingrule_fractions_at_most_one",
            ),
        ]

    def __str__(self):
        return f"{self.get_body_display()} — {self.award_type or _('default')}"


def nomination_file_path(instance, filename):
    # A private folder per nomination; the original name is kept in the row, not trusted on disk.
    return f"awards/{instance.nomination_id}/{timezone.now():%Y%m%d%H%M%S%f}{Path(filename).suffix.lower()}"


class Nomination(models.Model):
    """A proposal (đề nghị khen thưởng) that a nominee receive an award for a year's achievement.

    The nominee is a unit (collective) or a person (individual, of the proposing unit).
    Status changes only through awards.services, following awards/workflow.py.
    """

    class Status(models.TextChoices):
        DRAFT = workflow.DRAFT, _("Draft")
        SUBMITTED = workflow.SUBMITTED, _("Submitted")
        RETURNED = workflow.RETURNED, _("Returned for revision")
        CLUSTER_PASSED = workflow.CLUSTER_PASSED, _("Passed by the cluster")
        CLUSTER_FAILED = workflow.CLUSTER_FAILED, _("Not passed by the cluster")
        PROPOSED = workflow.PROPOSED, _("Proposed to the ministry")
        COUNCIL = workflow.COUNCIL, _("Before the council")
        APPROVED = workflow.APPROVED, _("Awarded")
        REJECTED = workflow.REJECTED, _("Not awarded")
        WITHDRAWN = workflow.WITHDRAWN, _("Withdrawn")

    award_type = models.ForeignKey(
        AwardType, verbose_name=_("award"), on_delete=models.PROTECT, related_name="nominations"
    )
    year = models.PositiveSmallIntegerField(_("achievement year"))
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nominations",
    )
    proposing_organization = models.ForeignKey(
        Organization, verbose_name=_("proposing unit"), on_delete=models.PROTECT, related_name="proposed_nominations"
    )
    nominee_organization = models.ForeignKey(
        Organization,
        verbose_name=_("nominated unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nominations",
    )
    nominee_person = models.CharField(_("nominated person"), max_length=200, blank=True)
    nominee_position = models.CharField(_("position of the person"), max_length=200, blank=True)
    # The nominee's name as it was when proposed: organisations merge and rename.
    nominee_name = models.CharField(_("nominee"), max_length=300)
    cluster = models.ForeignKey(
        Cluster,
        verbose_name=_("deliberating cluster"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nominations",
        help_text=_("The cluster whose conference deliberates the proposal."),
    )
    led_cluster = models.ForeignKey(
        Cluster,
        verbose_name=_("cluster it led"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("For the Ministry's emulation flag: the cluster the nominee led in the year."),
    )
    achievements = models.TextField(_("summary of achievements"), blank=True)
    # For the individual title "Chiến sĩ thi đua cấp Bộ": the evidence its condition asks for.
    grassroots_fighter_years = models.CharField(
        _("years as grassroots emulation fighter"), max_length=100, blank=True, help_text=_("E.g. 2022, 2023, 2024")
    )
    initiative = models.CharField(_("recognised initiative"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    is_illustrative = models.BooleanField(_("illustrative demo data"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["-year", "award_type__position", "nominee_name"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(nominee_organization__isnull=False) & Q(nominee_person=""))
                | (Q(nominee_organization__isnull=True) & ~Q(nominee_person="")),
                name="nomination_one_nominee",
            ),
            # One achievement earns one reward: a unit has at most one live nomination per
            # year and campaign (a withdrawn, failed or rejected one frees the achievement);
            # without a campaign, the year's all-round achievement counts as one.
            models.UniqueConstraint(
                fields=["nominee_organization", "year", "campaign"],
                condition=Q(nominee_organization__isnull=False)
                & Q(campaign__isnull=False)
                & Q(status__in=sorted(workflow.ACTIVE)),
                name="nomination_one_live_per_unit_year_campaign",
            ),
            models.UniqueConstraint(
                fields=["nominee_organization", "year"],
                condition=Q(nominee_organization__isnull=False)
                & Q(campaign__isnull=True)
                & Q(status__in=sorted(workflow.ACTIVE)),
                name="nomination_one_live_per_unit_year",
            ),
        ]
        indexes = [models.Index(fields=["status", "year"], name="nomination_status_year_idx")]

    def __str__(self):
        return f"{self.nominee_name} — {self.award_type} {self.year}"

    def get_absolute_url(self):
        return reverse("awards:nomination_detail", args=[self.pk])

    def clean(self):
        super().clean()
        if bool(self.nominee_organization_id) == bool(self.nominee_person):
            raise ValidationError(_("Name either a unit or a person as the nominee, not both."))

    @property
    def is_collective(self):
        return self.nominee_organization_id is not None

    @property
    def is_editable_status(self):
        return self.status in workflow.EDITABLE


class NominationFile(models.Model):
    """A dossier file (tờ trình, báo cáo thành tích, biên bản); served only through a checked view."""

    class Kind(models.TextChoices):
        COVER_LETTER = "cover_letter", _("Cover letter (tờ trình)")
        ACHIEVEMENT_REPORT = "achievement_report", _("Achievement report")
        MINUTES = "minutes", _("Minutes of the deliberation")
        OTHER = "other", pgettext_lazy("attachment kind", "Other")

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(_("document"), max_length=32, choices=Kind.choices)
    file = models.FileField(_("file"), upload_to=nomination_file_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("dossier file")
        verbose_name_plural = _("dossier files")
        ordering = ["nomination", "kind", "uploaded_at", "pk"]

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse("awards:file_download", args=[self.pk])


class NominationChange(models.Model):
    """One entry of a nomination's history: who moved it from which status to which, and why."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(_("from"), max_length=16, choices=Nomination.Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=16, choices=Nomination.Status.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("nomination change")
        verbose_name_plural = _("nomination changes")
        ordering = ["at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(to_status=workflow.RETURNED) | ~Q(comment=""), name="nominationchange_return_has_comment"
            )
        ]

    def __str__(self):
        return f"{self.nomination}: {self.from_status or '-'} → {self.to_status}"


class CouncilSession(models.Model):
    """A meeting of the ministry's emulation and rewards council (Hội đồng Thi đua - Khen thưởng)."""

    year = models.PositiveSmallIntegerField(_("results of year"))
    held_on = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=300)
    place = models.CharField(_("place"), max_length=200, blank=True)
    is_illustrative = models.BooleanField(_("illustrative demo data"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("council session")
        verbose_name_plural = _("council sessions")
        ordering = ["-held_on", "-pk"]

    def __str__(self):
        return self.title


class CouncilMember(models.Model):
    """A member of the council for one session; each member casts one ballot."""

    session = models.ForeignKey(CouncilSession, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("member"), on_delete=models.PROTECT)
    council_role = models.CharField(_("role in the council"), max_length=100, blank=True)
    present = models.BooleanField(_("present"), default=True)

    class Meta:
        verbose_name = _("council member")
        verbose_name_plural = _("council members")
        ordering = ["session", "pk"]
        constraints = [models.UniqueConstraint(fields=["session", "user"], name="councilmember_unique_user")]

    def __str__(self):
        return str(self.user)


class Vote(models.Model):
    """A vote of a cluster conference or of the council on some nominations of one award type.

    The rule is copied onto the vote when it opens (the `rule_*` fields) and never
    changes after; the outcome is recomputed from the stored ballots (awards/tally.py).
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Being prepared")
        OPEN = "open", pgettext_lazy("vote status", "Open")
        CLOSED = "closed", pgettext_lazy("vote status", "Closed")

    class Mode(models.TextChoices):
        ELECTRONIC = "electronic", _("Electronic secret ballot")
        PAPER = "paper", _("Paper ballots counted by the secretary")

    body = models.CharField(_("voting body"), max_length=16, choices=VotingRule.Body.choices)
    meeting = models.ForeignKey(
        ClusterMeeting,
        verbose_name=_("conference"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="votes",
    )
    council_session = models.ForeignKey(
        CouncilSession,
        verbose_name=_("council session"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="votes",
    )
    award_type = models.ForeignKey(AwardType, verbose_name=_("award"), on_delete=models.PROTECT, related_name="votes")
    title = models.CharField(_("title"), max_length=300)
    mode = models.CharField(_("mode"), max_length=16, choices=Mode.choices, default=Mode.ELECTRONIC)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    # The rule, frozen when the vote opens.
    rule_secret = models.BooleanField(_("secret ballot"), default=True)
    rule_quorum_numerator = models.PositiveSmallIntegerField(null=True, blank=True)
    rule_quorum_denominator = models.PositiveSmallIntegerField(null=True, blank=True)
    rule_base = models.CharField(max_length=16, choices=VotingRule.Base.choices, blank=True)
    rule_threshold_numerator = models.PositiveSmallIntegerField(null=True, blank=True)
    rule_threshold_denominator = models.PositiveSmallIntegerField(null=True, blank=True)
    rule_threshold_inclusive = models.BooleanField(default=False)
    rule_max_proposals = models.PositiveSmallIntegerField(null=True, blank=True)
    # The voters counted when the vote opened: all members of the body, and those present.
    members_count = models.PositiveSmallIntegerField(_("members"), null=True, blank=True)
    present_count = models.PositiveSmallIntegerField(_("present"), null=True, blank=True)
    # Paper mode: what the secretary keys in from the ballot box.
    paper_ballots_cast = models.PositiveSmallIntegerField(_("ballots cast"), null=True, blank=True)
    paper_ballots_invalid = models.PositiveSmallIntegerField(_("invalid ballots"), null=True, blank=True)
    is_illustrative = models.BooleanField(_("illustrative demo data"), default=False)
    opened_at = models.DateTimeField(pgettext_lazy("vote", "opened at"), null=True, blank=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    closed_at = models.DateTimeField(pgettext_lazy("vote", "closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(body="cluster") & Q(meeting__isnull=False) & Q(council_session__isnull=True))
                | (Q(body="council") & Q(meeting__isnull=True) & Q(council_session__isnull=False)),
                name="vote_body_matches_venue",
            ),
            models.CheckConstraint(
                condition=Q(status="draft")
                | (
                    Q(rule_quorum_denominator__gt=0)
                    & Q(rule_threshold_denominator__gt=0)
                    & ~Q(rule_base="")
                    & Q(members_count__isnull=False)
                    & Q(opened_at__isnull=False)
                ),
                name="vote_rule_frozen_when_open",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("awards:vote_detail", args=[self.pk])


class VoteItem(models.Model):
    """One nomination on a vote's ballot; the unit nominated (and the proposer) may not vote on it.

    `paper_*` hold the secretary's counts in paper mode; the outcome fields are written
    when the vote closes, from awards/tally.py, and can always be recomputed.
    """

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="items")
    nomination = models.ForeignKey(Nomination, on_delete=models.PROTECT, related_name="vote_items")
    position = models.PositiveSmallIntegerField(pgettext_lazy("order", "position"), default=0)
    paper_yes = models.PositiveSmallIntegerField(_("yes (paper)"), null=True, blank=True)
    paper_no = models.PositiveSmallIntegerField(_("no (paper)"), null=True, blank=True)
    paper_abstain = models.PositiveSmallIntegerField(_("abstain (paper)"), null=True, blank=True)
    passed = models.BooleanField(_("passed"), null=True, blank=True)
    explanation = models.TextField(_("how the rule was applied"), blank=True)

    class Meta:
        verbose_name = _("vote item")
        verbose_name_plural = _("vote items")
        ordering = ["vote", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["vote", "nomination"], name="voteitem_unique_nomination")]

    def __str__(self):
        return f"{self.vote}: {self.nomination}"


class VoterRecord(models.Model):
    """That a voter has voted (never what): one row per vote and member unit, or council member."""

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="voter_records")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    council_member = models.ForeignKey(CouncilMember, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    cast_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    voted_at = models.DateTimeField(_("voted at"), default=timezone.now)
    in_writing = models.BooleanField(_("in writing"), default=False)

    class Meta:
        verbose_name = _("voter record")
        verbose_name_plural = _("voter records")
        ordering = ["vote", "voted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["vote", "organization"], name="voterrecord_unique_unit", condition=Q(organization__isnull=False)
            ),
            models.UniqueConstraint(
                fields=["vote", "council_member"],
                name="voterrecord_unique_council_member",
                condition=Q(council_member__isnull=False),
            ),
            models.CheckConstraint(
                condition=Q(organization__isnull=False) ^ Q(council_member__isnull=False), name="voterrecord_one_voter"
            ),
        ]

    def __str__(self):
        return f"{self.vote}: {self.organization or self.council_member}"


class Ballot(models.Model):
    """The content of one cast ballot: a random key, the vote, nothing about the voter or the time."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="ballots")

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        ordering = ["vote", "id"]

    def __str__(self):
        return str(self.id)


class BallotChoice(models.Model):
    """A ballot's choice on one item. A voter's own nomination is simply absent from its ballot."""

    class Choice(models.TextChoices):
        YES = "yes", _("Agree")
        NO = "no", _("Disagree")
        ABSTAIN = "abstain", _("Abstain")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="choices")
    item = models.ForeignKey(VoteItem, on_delete=models.CASCADE, related_name="choices")
    choice = models.CharField(_("choice"), max_length=8, choices=Choice.choices)

    class Meta:
        verbose_name = _("ballot choice")
        verbose_name_plural = _("ballot choices")
        ordering = ["ballot", "item"]
        constraints = [models.UniqueConstraint(fields=["ballot", "item"], name="ballotchoice_unique_item")]

    def __str__(self):
        return f"{self.item}: {self.choice}"


class AwardDecision(models.Model):
    """The Minister's award decision (quyết định khen thưởng): number, symbol, date, signer, awardees."""

    number = models.CharField(_("number"), max_length=20)
    symbol = models.CharField(_("symbol"), max_length=50, help_text=_("E.g. QĐ-BKHCN"))
    signed_on = models.DateField(_("date signed"))
    signer = models.CharField(_("signed by"), max_length=200)
    signer_title = models.CharField(_("signer's title"), max_length=200, blank=True)
    title = models.CharField(_("title"), max_length=500)
    year = models.PositiveSmallIntegerField(_("results of year"))
    council_session = models.ForeignKey(
        CouncilSession,
        verbose_name=_("council session"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
    )
    is_illustrative = models.BooleanField(_("illustrative demo data"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("award decision")
        verbose_name_plural = _("award decisions")
        ordering = ["-signed_on", "-pk"]
        constraints = [models.UniqueConstraint(fields=["number", "symbol"], name="awarddecision_unique_number")]

    def __str__(self):
        return f"{self.number}/{self.symbol}"

    def get_absolute_url(self):
        return reverse("awards:decision_detail", args=[self.pk])

    @property
    def reference(self):
        return f"{self.number}/{self.symbol}"


class Awardee(models.Model):
    """One entry of a decision: who receives which award (the nominee's name as at the decision)."""

    decision = models.ForeignKey(AwardDecision, on_delete=models.CASCADE, related_name="awardees")
    nomination = models.OneToOneField(
        Nomination, on_delete=models.PROTECT, null=True, blank=True, related_name="awardee"
    )
    award_type = models.ForeignKey(AwardType, verbose_name=_("award"), on_delete=models.PROTECT, related_name="+")
    organization = models.ForeignKey(
        Organization,
        verbose_name=pgettext_lazy("organisation", "unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="awards",
    )
    person = models.CharField(_("person"), max_length=200, blank=True)
    name = models.CharField(_("awardee"), max_length=300)
    citation = models.CharField(_("for"), max_length=500, blank=True)
    position = models.PositiveSmallIntegerField(pgettext_lazy("order", "position"), default=0)

    class Meta:
        verbose_name = _("awardee")
        verbose_name_plural = _("awardees")
        ordering = ["decision", "position", "pk"]

    def __str__(self):
        return self.name
