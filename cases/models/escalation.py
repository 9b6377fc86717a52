"""The 1-3-5 trail of a case: who held it at which tier and for how long,
meetings in the research room, stopped clocks, and the notifications sent."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from routing.models import Department

from .case import Case
from .choices import State
from .labels import ChoiceLabelsMixin, reason_label


class TierSpan(ChoiceLabelsMixin, models.Model):
    """One stay of a case at one tier; the director's review reads these."""

    class Exit(models.TextChoices):
        ESCALATED_EARLY = "escalated_early", _("escalated early")
        ESCALATED_BY_TIMER = "escalated_by_timer", _("escalated when time ran out")
        RESOLVED = "resolved", _("resolved")
        TRIAGED = "triaged", _("closed at triage (merged or rejected)")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tier_spans")
    tier = models.CharField(_("tier"), max_length=12, choices=State.choices)
    holder = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+", verbose_name=_("held by"))
    entered_at = models.DateTimeField(_("entered"))
    due_at = models.DateTimeField(_("due"))
    left_at = models.DateTimeField(_("left"), null=True, blank=True)
    exit = models.CharField(_("how it left"), max_length=20, choices=Exit.choices, blank=True)
    left_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+", verbose_name=_("left by"))
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("tier span")
        verbose_name_plural = _("tier spans")
        ordering = ["case_id", "entered_at", "id"]
        indexes = [
            models.Index(fields=["case", "entered_at"], name="tierspan_case_entered"),
            # The daily summary: cases escalated since the last summary (a few a day among the spans).
            models.Index(fields=["entered_at"], name="tierspan_escalated_at",
                         condition=models.Q(tier__in=["tier2", "tier3"])),
        ]

    @property
    def reason_label(self) -> str:
        return reason_label(self.reason)

    @property
    def holder_label(self) -> str:
        """The duty leader at tier 1; the body that holds the case above it."""
        if self.holder_id:
            return str(self.holder)
        return {"tier2": _("center party committee"), "tier3": _("bureau party group")}.get(self.tier, "—")

    @property
    def overran(self) -> bool:
        end = self.left_at or timezone.now()
        return end > self.due_at


class Meeting(models.Model):
    """A research-room (研究室) meeting of several departments on one case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="meetings")
    held_at = models.DateTimeField(_("held at"))
    place = models.CharField(_("place"), max_length=100, default=_("research room"))
    departments = models.ManyToManyField(Department, related_name="meetings", verbose_name=_("departments"))
    attendees = models.TextField(_("attendees"), max_length=2000)
    decision = models.TextField(_("decision"), max_length=4000)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("research-room meeting")
        verbose_name_plural = _("research-room meetings")
        ordering = ["held_at", "id"]


class Pause(models.Model):
    """A stopped clock (挂起) of a case or a work order, with its reason."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="pauses")
    work_order = models.ForeignKey("cases.WorkOrder", null=True, blank=True, on_delete=models.CASCADE, related_name="pauses")
    reason = models.CharField(_("reason"), max_length=200)
    started_at = models.DateTimeField(_("stopped at"))
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    ended_at = models.DateTimeField(_("restarted at"), null=True, blank=True)
    ended_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    working_seconds = models.PositiveIntegerField(_("office time stopped (s)"), default=0)

    class Meta:
        verbose_name = _("stopped clock")
        verbose_name_plural = _("stopped clocks")
        ordering = ["started_at", "id"]


class Notification(ChoiceLabelsMixin, models.Model):
    """A note in someone's inbox (and mailbox) that they must act.

    `key` makes each notice unique per recipient, so two sweeps racing, or a
    retry after a crash, can never tell the same person the same thing twice.
    """

    class Kind(models.TextChoices):
        ESCALATED = "escalated", _("case escalated to your tier")
        DISPATCHED = "dispatched", _("work order for your department")
        # xgettext:no-python-format
        YELLOW = "yellow", _("less than 30% of the time left")
        OVERDUE = "overdue", _("overdue")
        RETURNED = "returned", _("work order returned")
        EXTENSION = "extension", _("extension asked for")
        EXTENSION_DECIDED = "extension_decided", _("extension decided")
        ANSWERED = "answered", _("work order answered")
        PAUSE_TOO_LONG = "pause_too_long", _("clock stopped too long")
        CITIZEN_ADDED = "citizen_added", _("the citizen sent more information")
        DAILY_SUMMARY = "daily_summary", _("daily summary")

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    # A notice is about one case, or (the daily summary) about an office's day.
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.CASCADE, related_name="notifications")
    summary = models.ForeignKey("cases.DailySummary", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    work_order = models.ForeignKey("cases.WorkOrder", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    key = models.CharField(max_length=120)
    message = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], name="notification_once_per_recipient"),
            models.CheckConstraint(condition=models.Q(case__isnull=False) | models.Q(summary__isnull=False),
                                   name="notification_about_something"),
        ]
        indexes = [
            # The inbox and its unread badge on every page.
            models.Index(fields=["recipient", "-created_at"], name="notification_inbox"),
            models.Index(fields=["recipient"], name="notification_unread", condition=models.Q(read_at__isnull=True)),
            # The mailer's retry of mail that could not be queued.
            models.Index(fields=["created_at"], name="notification_unmailed", condition=models.Q(emailed_at__isnull=True)),
        ]
