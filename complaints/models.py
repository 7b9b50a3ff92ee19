"""Efficiency complaints (效能投诉): the case, its sealed complainant, the unit's reply and what
follows a conclusion.

A case moves through `Status` by the actions of its table in complaints/workflows.py (each a
step of efficiency_center.workflow, recorded as a StateChange). The complainant's identity
lives in its own table, `Complainant`, which only center users ever read (reads are audited):
unit pages work from `Complaint` alone, whose fields never identify the complainant — the
clerk writes `forwarded_text`, what the unit is told.
"""

from django.core.validators import MaxLengthValidator, MinLengthValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from efficiency_center.decisions import Decision, LeaderDecision, decision_field
from efficiency_center.fields import campaign_key, notice_key, unit_key, user_key
from efficiency_center.permissions import reads_record
from efficiency_center.review import Reviewable

DESCRIPTION_MAX_CHARS = 5000


class Channel(models.TextChoices):
    WEB = "web", _("Web form")
    HOTLINE = "hotline", _("Hotline")
    LETTER = "letter", _("Letter")
    VISIT = "visit", _("Visit")
    MAILBOX = "mailbox", _("Director's mailbox")
    INSPECTION = "inspection", _("Undercover inspection")
    REFERRAL = "referral", _("Referral from above")
    MEDIA = "media", _("Media")


class Kind(models.TextChoices):
    """Seed 003 §三.2: what can be complained of."""

    INACTION = "inaction", _("Administrative inaction")
    MISCONDUCT = "misconduct", _("Arbitrary administrative action")
    ATTITUDE = "attitude", _("Poor service attitude")
    INEFFICIENCY = "inefficiency", _("Low efficiency (including pledges not kept)")
    INTEGRITY = "integrity", _("Lack of integrity")
    RESPONSIBILITY = "responsibility", _("Lack of sense of responsibility")
    ORDERS = "orders", _("Party discipline and government orders not followed")


class Status(models.TextChoices):
    # Values fit StateChange.from_state/to_state (12 characters).
    REGISTERED = "registered", _("Awaiting acceptance")
    NOT_ACCEPTED = "not_accepted", _("Not accepted")
    MERGED = "merged", _("Merged into another case")
    ACCEPTED = "accepted", _("Accepted, to be routed")
    FORWARDED = "forwarded", _("With the unit")
    DECLINED = "declined", _("Returned by the unit, to be re-routed")
    DIRECT = "direct", _("Investigated by the center")
    REPLIED = "replied", _("Unit's reply to check")
    CONCLUDING = "concluding", _("Conclusion to propose")
    PROPOSED = "proposed", _("Conclusion awaiting a leader")
    CONCLUDED = "concluded", _("Concluded, to answer")
    ANSWERED = "answered", _("Answered, awaiting follow-up")
    CLOSED = "closed", _("Closed")


# Statuses in which the case is still being handled (deadlines run, reminders go out).
OPEN_STATUSES = (
    Status.REGISTERED,
    Status.ACCEPTED,
    Status.FORWARDED,
    Status.DECLINED,
    Status.DIRECT,
    Status.REPLIED,
    Status.CONCLUDING,
    Status.PROPOSED,
)
# Statuses in which the unit works on the case (its reply deadline runs).
WITH_UNIT_STATUSES = (Status.FORWARDED,)
FINAL_STATUSES = (Status.NOT_ACCEPTED, Status.MERGED, Status.CLOSED)


class Finding(models.TextChoices):
    TRUE = "true", _("Found true")
    PARTLY_TRUE = "partly_true", _("Partly true")
    FALSE = "false", _("Not true")


# A leader approves these before they take effect; 不属实 takes effect when the clerk proposes it.
FINDINGS_NEEDING_LEADER = (Finding.TRUE, Finding.PARTLY_TRUE)


class Satisfaction(models.IntegerChoices):
    """The national 好差评 scale."""

    VERY_SATISFIED = 5, _("Very satisfied")
    SATISFIED = 4, _("Satisfied")
    FAIRLY_SATISFIED = 3, _("Fairly satisfied")
    DISSATISFIED = 2, _("Dissatisfied")
    VERY_DISSATISFIED = 1, _("Very dissatisfied")


DISSATISFIED_LEVELS = (Satisfaction.DISSATISFIED, Satisfaction.VERY_DISSATISFIED)


class ContactChannel(models.TextChoices):
    PHONE = "phone", _("Phone")
    SMS = "sms", _("Text message")
    LETTER = "letter", _("Letter")
    VISIT = "visit", _("In person")
    WEB = "web", _("Query page")


class ComplaintQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)


class Complaint(models.Model):
    campaign = campaign_key("complaints")
    number = models.CharField(_("case number"), max_length=20, unique=True)
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, db_index=True)
    # Null: the complainant did not know (不清楚); the clerk routes it.
    department = unit_key("complaints", verbose_name=_("unit complained of"), optional=True)
    description = models.TextField(
        _("what happened"),
        validators=[MinLengthValidator(1), MaxLengthValidator(DESCRIPTION_MAX_CHARS)],
    )
    occurred_on = models.DateField(_("when it happened"), null=True, blank=True)
    place = models.CharField(_("where it happened"), max_length=200, blank=True)
    is_anonymous = models.BooleanField(_("anonymous"), default=False)
    # What the unit is told: the clerk's account of the matter, without anything identifying.
    forwarded_text = models.TextField(_("text forwarded to the unit"), blank=True)

    status = models.CharField(
        _("status"),
        max_length=12,
        choices=Status.choices,
        default=Status.REGISTERED,
        db_index=True,
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_cases",
    )
    registered_by = user_key(_("registered by"))
    filed_at = models.DateTimeField(_("filed at"), default=timezone.now, db_index=True)
    opened_at = models.DateTimeField(_("first opened by the center"), null=True, blank=True)

    # Acceptance.
    acceptance_due = models.DateField(_("acceptance due"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    not_accepted_reason = models.TextField(_("why it was not accepted"), blank=True)
    redirect_to = models.CharField(_("where to go instead"), max_length=200, blank=True)

    # Handling. Deadlines are local dates computed with workdays.py.
    forwarded_at = models.DateTimeField(_("forwarded at"), null=True, blank=True)
    reply_due = models.DateField(_("reply due"), null=True, blank=True, db_index=True)
    decline_due = models.DateField(_("return-if-not-ours due"), null=True, blank=True)
    close_due = models.DateField(_("closing due"), null=True, blank=True, db_index=True)
    # The governing deadline (reply while with the unit, closing otherwise) plus the grace
    # period: from this day the case is very overdue. Stored so that queues filter in SQL.
    very_overdue_on = models.DateField(_("very overdue from"), null=True, blank=True)
    overdue_notified_at = models.DateTimeField(_("督办 sent at"), null=True, blank=True)
    very_overdue_notified_at = models.DateTimeField(_("leaders told at"), null=True, blank=True)
    # A reply (or a direct conclusion) that came after its deadline; set once, for statistics.
    was_late = models.BooleanField(_("handled late"), default=False)

    # Conclusion.
    finding = models.CharField(
        _("conclusion"), max_length=12, choices=Finding.choices, blank=True, db_index=True
    )
    findings = models.TextField(_("findings"), blank=True)
    concluded_at = models.DateTimeField(_("concluded at"), null=True, blank=True)
    conclusion_approved_by = user_key(_("conclusion approved by"), optional=True)

    # Answer to the complainant.
    answer_channel = models.CharField(
        _("answered by"), max_length=10, choices=ContactChannel.choices, blank=True
    )
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    answer_text = models.TextField(_("answer"), blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    # Re-examination (复核): asked once by a dissatisfied complainant; reopens the case.
    reexam_requested_at = models.DateTimeField(_("re-examination asked at"), null=True, blank=True)
    reexam_reason = models.TextField(_("why re-examination is asked"), blank=True)

    objects = ComplaintQuerySet.as_manager()

    class Meta:
        ordering = ["-filed_at", "-id"]
        indexes = [
            models.Index(fields=["campaign", "status"]),
            models.Index(fields=["department", "status"]),
        ]
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")

    def __str__(self):
        return self.number

    def get_absolute_url(self):
        return reverse("complaints:case", args=[self.pk])

    def get_unit_url(self):
        """The page the unit complained of works on (sealed: no identity, no description)."""
        return reverse("complaints:unit_case", args=[self.pk])

    def url_for(self, user):
        """The case's page `user` may open: the unit's for unit users, the center's otherwise."""
        return self.get_unit_url() if user.is_unit_user else self.get_absolute_url()

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES

    @property
    def is_with_unit(self):
        return self.status in WITH_UNIT_STATUSES

    @property
    def governing_due(self):
        """The deadline the case is held to now: acceptance while it waits for it, the unit's
        reply while the unit has the case, closing otherwise."""
        if self.status == Status.REGISTERED:
            return self.acceptance_due
        return self.reply_due if self.is_with_unit else self.close_due

    def is_viewable_by(self, user):
        """Center users see every case; a unit sees a case once it was forwarded to it (and a
        key department's head its sub-units' cases); nobody else, and never the public."""
        if not user.is_authenticated:
            return False
        if user.is_center_user:
            return True
        return self.forwarded_at is not None and reads_record(user, self)


class Complainant(models.Model):
    """Who complained: sealed. Only center users read it, and each read is audited."""

    complaint = models.OneToOneField(
        Complaint,
        verbose_name=_("complaint"),
        on_delete=models.CASCADE,
        related_name="complainant",
    )
    name = models.CharField(_("name"), max_length=50, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    # HMAC of the query code: the code itself is shown once, when the case is filed.
    query_code_digest = models.CharField(max_length=64, unique=True)
    # HMAC of the filing address, for the flood limit; never shown.
    address_digest = models.CharField(max_length=64, blank=True, db_index=True)

    class Meta:
        verbose_name = _("complainant")
        verbose_name_plural = _("complainants")

    def __str__(self):
        return str(_("Complainant of %(case)s") % {"case": self.complaint_id})


class Reply(Reviewable):
    """The unit's reply to a forwarded case: staff draft, the head signs off (a sub-unit's
    supervising head endorses), the clerk accepts (approve) or returns it — review.py's path."""

    complaint = models.ForeignKey(
        Complaint, verbose_name=_("complaint"), on_delete=models.CASCADE, related_name="replies"
    )
    department = unit_key("complaint_replies", verbose_name=_("unit"))
    facts = models.TextField(_("facts found"), blank=True)
    actions_taken = models.TextField(_("what was done"), blank=True)
    created_by = user_key(_("drafted by"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    # Its name shows the case number: the sign-off queue fetches the case with it.
    signoff_related = ("complaint",)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("complaint reply")
        verbose_name_plural = _("complaint replies")

    def __str__(self):
        return str(_("Reply to %(case)s") % {"case": self.complaint.number})

    def get_absolute_url(self):
        # The unit's page: unit heads reach it from their sign-off list; it sends center users
        # on to the center's page.
        return reverse("complaints:unit_case", args=[self.complaint_id])

    def is_viewable_by(self, user):
        return self.complaint.is_viewable_by(user)


class Extension(LeaderDecision):
    """More working days for the deadline that governs a case, asked for by whoever must meet
    it and decided by a leader (efficiency_center.decisions)."""

    complaint = models.ForeignKey(
        Complaint,
        verbose_name=_("complaint"),
        on_delete=models.CASCADE,
        related_name="extensions",
    )
    workdays = models.PositiveSmallIntegerField(_("extra working days"))
    reason = models.TextField(_("reason"))
    requested_by = user_key(_("asked by"))
    requested_at = models.DateTimeField(_("asked at"), default=timezone.now)
    old_due = models.DateField(_("deadline before"))
    new_due = models.DateField(_("deadline after"))

    class Meta:
        ordering = ["requested_at", "id"]
        verbose_name = _("extension")
        verbose_name_plural = _("extensions")

    def __str__(self):
        return f"{self.complaint} +{self.workdays}"

    def get_absolute_url(self):
        """The leader's decision page (where a refused decision goes back to)."""
        return reverse("complaints:extension_decide", args=[self.pk])


class CaseNote(models.Model):
    class Audience(models.TextChoices):
        INTERNAL = "internal", _("Center only")
        UNIT = "unit", _("Center and the unit")
        PUBLIC = "public", _("Shown to the complainant")
        COMPLAINANT = "complainant", _("Added by the complainant")

    complaint = models.ForeignKey(
        Complaint, verbose_name=_("complaint"), on_delete=models.CASCADE, related_name="notes"
    )
    audience = models.CharField(_("who sees it"), max_length=12, choices=Audience.choices)
    text = models.TextField(_("text"), validators=[MaxLengthValidator(DESCRIPTION_MAX_CHARS)])
    # Null when the complainant added it through the query page.
    author = user_key(_("by"), optional=True)
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("case note")
        verbose_name_plural = _("case notes")

    def __str__(self):
        return self.text[:40]


class Accountability(models.Model):
    """A measure taken against a person responsible, after a case found (partly) true."""

    class Measure(models.TextChoices):
        ADMONISHMENT = "admonishment", _("Admonishment talk")
        CRITICISM = "criticism", _("Criticism by circular")
        RECTIFICATION = "rectification", _("Ordered to rectify")
        NO_HONOURS = "no_honours", _("Disqualified from honours")
        TRANSFER = "transfer", _("Transferred from post")
        DISCIPLINE = "discipline", _("Referred to the discipline inspectors")
        OTHER = "other", _("Other")

    complaint = models.ForeignKey(
        Complaint,
        verbose_name=_("complaint"),
        on_delete=models.CASCADE,
        related_name="accountabilities",
    )
    measure = models.CharField(_("measure"), max_length=16, choices=Measure.choices)
    person = models.CharField(_("against whom (name and post)"), max_length=100)
    note = models.TextField(_("note"), blank=True)
    recorded_by = user_key(_("recorded by"))
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("accountability measure")
        verbose_name_plural = _("accountability measures")

    def __str__(self):
        return f"{self.get_measure_display()}：{self.person}"


class TypicalCase(models.Model):
    """An anonymised typical case (典型案例曝光), public once published."""

    complaint = models.OneToOneField(
        Complaint,
        verbose_name=_("complaint"),
        on_delete=models.PROTECT,
        related_name="typical_case",
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    published_by = user_key(_("published by"))
    published_at = models.DateTimeField(_("published at"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("typical case")
        verbose_name_plural = _("typical cases")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("complaints:typical_case", args=[self.pk])


class FollowUp(models.Model):
    """回访: the complainant's satisfaction with how the case was handled."""

    complaint = models.ForeignKey(
        Complaint,
        verbose_name=_("complaint"),
        on_delete=models.CASCADE,
        related_name="follow_ups",
    )
    satisfaction = models.PositiveSmallIntegerField(_("satisfaction"), choices=Satisfaction.choices)
    channel = models.CharField(_("how"), max_length=10, choices=ContactChannel.choices)
    note = models.TextField(_("note"), blank=True)
    # Null when the complainant rated the case themselves on the query page.
    recorded_by = user_key(_("recorded by"), optional=True)
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")

    def __str__(self):
        return f"{self.complaint} {self.get_satisfaction_display()}"


class OverdueNotice(LeaderDecision):
    """A supervision notice (督办通报) on a very overdue case: the clerk drafts it, a leader
    issues it as a public notice or refuses it (efficiency_center.decisions)."""

    class Outcome(models.TextChoices):
        PENDING = Decision.PENDING, _("Awaiting a leader")
        APPROVED = Decision.APPROVED, _("Issued")
        REFUSED = Decision.REFUSED, _("Refused")

    decision = decision_field(Outcome.choices)
    complaint = models.ForeignKey(
        Complaint,
        verbose_name=_("complaint"),
        on_delete=models.CASCADE,
        related_name="overdue_notices",
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    drafted_by = user_key(_("drafted by"))
    drafted_at = models.DateTimeField(_("drafted at"), default=timezone.now)
    notice = notice_key()

    class Meta:
        ordering = ["drafted_at", "id"]
        verbose_name = _("supervision notice")
        verbose_name_plural = _("supervision notices")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        """The leaders' queue, where it is decided."""
        return reverse("complaints:leader_queue") + f"#overdue-notice-{self.pk}"
