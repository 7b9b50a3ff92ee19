"""The year-end selection of the 十佳举措 (ten best measures) and 十件实事 (ten real deeds).

    shortlists (clerk)  →  panel named (leader), opened (clerk)  →  reviewers score 0–100
    →  panel closed (clerk)  →  ranking run (Celery, snapshot + diff)  →  leader approves
    →  awards: public lists and the bonus in each unit's ledger (scoring.record_score)

`Panel` is the campaign's selection record: its state (workflows.PANEL: named, opened, closed
through `workflow.step`, `version` being its lock), its reviewers, and `inputs_revision`, a
counter that every change of what the ranking reads (shortlists, reviewers, scores, the panel's
state) moves on. A run remembers the revision it read; only a run of a closed panel whose
revision is still current can be decided on (workflows.RANKING_RUN, a leader's decision), so an
approval never publishes stale scores.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from efficiency_center.decisions import Decision, LeaderDecision, decision_field
from efficiency_center.fields import campaign_key, unit_key, user_key

TOP_N = 10  # ten best measures, ten real deeds
SCORE_MAX = 100
TRIM_FROM = 5  # with this many scores or more, the highest and the lowest are dropped
REASON_MAX_CHARS = 500
COMMENT_MAX_CHARS = 1000


class ListKind(models.TextChoices):
    BEST_MEASURE = "best_measure", _("Ten best measures")
    REAL_DEED = "real_deed", _("Ten real deeds")


class SelectionSettings(models.Model):
    """Per-campaign limits of the shortlists (admins edit them). A campaign without a row uses
    the defaults."""

    campaign = models.OneToOneField(
        "efficiency_center.Campaign",
        verbose_name=_("campaign"),
        on_delete=models.CASCADE,
        related_name="selection_settings",
    )
    list_limit = models.PositiveSmallIntegerField(
        _("most entries on one shortlist"),
        default=30,
        validators=[MinValueValidator(TOP_N), MaxValueValidator(500)],
        help_text=_("At least ten: the top ten of each list are selected."),
    )
    unit_limit = models.PositiveSmallIntegerField(
        _("most entries of one unit on one shortlist"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
    )

    class Meta:
        verbose_name = _("selection settings")
        verbose_name_plural = _("selection settings")

    def __str__(self):
        return str(self.campaign)

    @classmethod
    def for_campaign(cls, campaign):
        """The campaign's settings, or unsaved defaults (one query)."""
        return cls.objects.filter(campaign=campaign).first() or cls(campaign=campaign)


class Panel(models.Model):
    """The campaign's review panel and the state of its selection."""

    class PanelState(models.TextChoices):
        PREPARING = "preparing", _("Being prepared")
        OPEN = "open", _("Open for scoring")
        CLOSED = "closed", _("Closed")

    campaign = models.OneToOneField(
        "efficiency_center.Campaign",
        verbose_name=_("campaign"),
        on_delete=models.PROTECT,
        related_name="selection_panel",
    )
    state = models.CharField(
        _("state"), max_length=12, choices=PanelState.choices, default=PanelState.PREPARING
    )
    # The lock of the panel's steps (reviewers named, opened, closed).
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    # Moves on with every change of the ranking's inputs (see the module docstring).
    inputs_revision = models.PositiveIntegerField(default=0, editable=False)
    reviewers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="PanelMember",
        through_fields=("panel", "reviewer"),
        related_name="selection_panels",
        verbose_name=_("reviewers"),
    )
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("selection panel")
        verbose_name_plural = _("selection panels")

    def __str__(self):
        return f"{self.campaign.year} {self.get_state_display()}"

    def get_absolute_url(self):
        return reverse("selection:desk") + f"?year={self.campaign.year}"

    @property
    def is_open(self):
        return self.state == self.PanelState.OPEN

    @property
    def is_closed(self):
        return self.state == self.PanelState.CLOSED

    @property
    def takes_shortlist_changes(self):
        """The shortlists are what the panel scores: they change only while it is not open."""
        return not self.is_open


class PanelMember(models.Model):
    panel = models.ForeignKey(
        Panel, verbose_name=_("panel"), on_delete=models.CASCADE, related_name="members"
    )
    reviewer = user_key(_("reviewer"))
    added_by = user_key(_("named by"))
    added_at = models.DateTimeField(_("named at"), default=timezone.now)

    class Meta:
        ordering = ["added_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["panel", "reviewer"], name="selection_member_once")
        ]
        verbose_name = _("panel member")
        verbose_name_plural = _("panel members")

    def __str__(self):
        return str(self.reviewer)


class ShortlistEntry(models.Model):
    """One candidate picked by a clerk for one of the campaign's two shortlists, with the
    reason. A best measure is a practice project; a real deed is a service achievement."""

    campaign = campaign_key("shortlist_entries")
    kind = models.CharField(_("list"), max_length=12, choices=ListKind.choices)
    # The candidate's unit (= its project's or achievement's): the per-unit limit counts it.
    department = unit_key("shortlist_entries", verbose_name=_("unit"))
    project = models.ForeignKey(
        "practice_projects.Project",
        verbose_name=_("practice project"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="shortlist_entries",
    )
    achievement = models.ForeignKey(
        "achievements.Achievement",
        verbose_name=_("service achievement"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="shortlist_entries",
    )
    reason = models.CharField(_("reason for the pick"), max_length=REASON_MAX_CHARS)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    added_by = user_key(_("picked by"))
    added_at = models.DateTimeField(_("picked at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        ordering = ["kind", "department__code", "id"]
        indexes = [models.Index(fields=["campaign", "kind", "department"])]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "project"],
                condition=Q(project__isnull=False),
                name="selection_project_once",
            ),
            models.UniqueConstraint(
                fields=["campaign", "achievement"],
                condition=Q(achievement__isnull=False),
                name="selection_achievement_once",
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind="best_measure", project__isnull=False, achievement__isnull=True)
                    | Q(kind="real_deed", achievement__isnull=False, project__isnull=True)
                ),
                name="selection_entry_candidate_matches_list",
            ),
        ]
        verbose_name = _("shortlist entry")
        verbose_name_plural = _("shortlist entries")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return (
            reverse("selection:shortlist", args=[self.kind])
            + f"?year={self.campaign.year}#entry-{self.pk}"
        )

    @property
    def candidate(self):
        return self.project if self.kind == ListKind.BEST_MEASURE else self.achievement

    @property
    def title(self):
        if self.kind == ListKind.BEST_MEASURE:
            project = self.project
            return project.current.name if project.current_id else str(project)
        return self.achievement.title

    @property
    def summary(self):
        if self.kind == ListKind.BEST_MEASURE:
            filing = self.project.current
            return (filing.expected_results or filing.measures) if filing else ""
        return self.achievement.description

    @property
    def public_url(self):
        return self.candidate.get_public_url()

    @property
    def candidate_key(self):
        """Stable across runs and campaigns: "project:12" or "achievement:34"."""
        if self.kind == ListKind.BEST_MEASURE:
            return f"project:{self.project_id}"
        return f"achievement:{self.achievement_id}"


class Score(models.Model):
    """One reviewer's score of one shortlisted candidate."""

    entry = models.ForeignKey(
        ShortlistEntry, verbose_name=_("candidate"), on_delete=models.CASCADE, related_name="scores"
    )
    reviewer = user_key(_("reviewer"), related_name="selection_scores")
    value = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(0), MaxValueValidator(SCORE_MAX)]
    )
    comment = models.CharField(_("comment"), max_length=COMMENT_MAX_CHARS, blank=True)
    created_at = models.DateTimeField(_("scored at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        ordering = ["entry_id", "reviewer_id"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "reviewer"], name="selection_score_once"),
            models.CheckConstraint(condition=Q(value__lte=SCORE_MAX), name="selection_score_max"),
        ]
        verbose_name = _("score")
        verbose_name_plural = _("scores")

    def __str__(self):
        return f"{self.entry_id} · {self.reviewer_id}: {self.value}"


class RankingRun(LeaderDecision):
    """One computation of both rankings: a snapshot of its inputs and results (JSON), the
    moves since the previous finished run, its progress while it runs (`status`, the job's, not
    a user's step), and the leader's decision on it (approve, or send back with a reason)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Finished")
        FAILED = "failed", _("Failed")

    class Outcome(models.TextChoices):
        PENDING = Decision.PENDING, _("Awaiting a decision")
        APPROVED = Decision.APPROVED, _("Approved")
        REFUSED = Decision.REFUSED, _("Sent back")

    decision = decision_field(Outcome.choices)

    IN_PROGRESS = (Status.QUEUED, Status.RUNNING)

    campaign = campaign_key("ranking_runs")
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.QUEUED
    )
    stage = models.CharField(_("stage"), max_length=20, blank=True)
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    requested_by = user_key(_("started by"))
    requested_at = models.DateTimeField(_("started at"), default=timezone.now)
    started_at = models.DateTimeField(_("computation started at"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True, editable=False)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    previous = models.ForeignKey(
        "self",
        verbose_name=_("compared with"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    inputs_revision = models.PositiveIntegerField(null=True, blank=True, editable=False)
    # The panel was closed when the inputs were read: the scores were final.
    is_final = models.BooleanField(_("final scores"), default=False)
    inputs = models.JSONField(_("inputs"), default=dict, blank=True)
    results = models.JSONField(_("results"), default=dict, blank=True)
    changes = models.JSONField(_("changes since the previous run"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        constraints = [
            # The database itself refuses a second run while one is in progress.
            models.UniqueConstraint(
                fields=["campaign"],
                condition=Q(status__in=["queued", "running"]),
                name="selection_one_run_in_progress",
            ),
            models.UniqueConstraint(
                fields=["campaign"],
                condition=Q(decision="approved"),
                name="selection_one_approved_run",
            ),
            models.CheckConstraint(condition=Q(progress__lte=100), name="selection_progress_max"),
        ]
        verbose_name = _("ranking run")
        verbose_name_plural = _("ranking runs")

    def __str__(self):
        return _("Ranking run #%(pk)s") % {"pk": self.pk}

    def get_absolute_url(self):
        return reverse("selection:run_detail", args=[self.pk])

    @property
    def is_in_progress(self):
        return self.status in self.IN_PROGRESS

    @property
    def is_finished(self):
        return self.status == self.Status.DONE


class Award(models.Model):
    """A candidate selected by the leader's approval: on the public list, with its bonus."""

    campaign = campaign_key("selection_awards")
    kind = models.CharField(_("list"), max_length=12, choices=ListKind.choices)
    entry = models.OneToOneField(
        ShortlistEntry, verbose_name=_("candidate"), on_delete=models.PROTECT, related_name="award"
    )
    department = unit_key("selection_awards", verbose_name=_("unit"))
    run = models.ForeignKey(
        RankingRun, verbose_name=_("ranking"), on_delete=models.PROTECT, related_name="awards"
    )
    rank = models.PositiveSmallIntegerField(_("rank"))
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2)
    score_entry = models.OneToOneField(
        "efficiency_center.ScoreEntry",
        verbose_name=_("ledger entry"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_by = user_key(_("approved by"))
    approved_at = models.DateTimeField(_("approved at"), default=timezone.now)

    class Meta:
        ordering = ["campaign", "kind", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "kind", "rank"], name="selection_award_rank_once"
            )
        ]
        verbose_name = _("selected measure or deed")
        verbose_name_plural = _("selected measures and deeds")

    def __str__(self):
        return f"{self.campaign.year} {self.get_kind_display()} #{self.rank}"

    def get_absolute_url(self):
        return (
            reverse("selection:public_list", args=[self.campaign.year, self.kind])
            + f"#award-{self.pk}"
        )


def signed(points):
    """Points as the pages show them: +3, +0.5, −1 (no trailing zeros)."""
    if points is None:
        return ""
    return f"{Decimal(points).normalize():+f}"
