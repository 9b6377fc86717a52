"""Daily figures (日统计): counters per office, department and local day, kept by
a scheduled job (cases.services.figures) so the statistics pages add up a
month of small rows instead of reading the register."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from routing.models import Department, Office

# Working time from registration to closing, in working hours: the upper edges
# of the buckets of `DailyFigure.close_hours` (the last bucket has no upper edge).
# A median cannot be added up day by day, counts per bucket can.
CLOSE_HOUR_EDGES = (0.5, 1, 2, 4, 8, 16, 24, 40, 80, 160)

COUNTERS = (
    "registered", "consultations", "climbed", "closed", "resolved",
    "responses_due", "responded_in_time", "callbacks_reached", "callbacks_solved",
    "rated_very_satisfied", "rated_satisfied", "rated_basically", "rated_dissatisfied", "rated_very_dissatisfied",
    "orders_due", "orders_on_time", "orders_returned", "reopened", "paused_seconds",
    "escalated_tier2", "escalated_tier3",
)


class DailyFigure(models.Model):
    """One office's (department empty) or one department's counters for one local day.

    Each counter counts events on the day they happened, on the office's clock;
    the definitions are on the statistics page (templates/cases/statistics.html).
    """

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="+", verbose_name=_("office"))
    department = models.ForeignKey(Department, null=True, blank=True, on_delete=models.CASCADE, related_name="+",
                                   verbose_name=_("department"))
    day = models.DateField(_("day"))
    registered = models.PositiveIntegerField(default=0)
    consultations = models.PositiveIntegerField(default=0)
    climbed = models.PositiveIntegerField(default=0)
    closed = models.PositiveIntegerField(default=0)
    resolved = models.PositiveIntegerField(default=0)
    responses_due = models.PositiveIntegerField(default=0)
    responded_in_time = models.PositiveIntegerField(default=0)
    callbacks_reached = models.PositiveIntegerField(default=0)
    callbacks_solved = models.PositiveIntegerField(default=0)
    rated_very_satisfied = models.PositiveIntegerField(default=0)
    rated_satisfied = models.PositiveIntegerField(default=0)
    rated_basically = models.PositiveIntegerField(default=0)
    rated_dissatisfied = models.PositiveIntegerField(default=0)
    rated_very_dissatisfied = models.PositiveIntegerField(default=0)
    orders_due = models.PositiveIntegerField(default=0)
    orders_on_time = models.PositiveIntegerField(default=0)
    orders_returned = models.PositiveIntegerField(default=0)
    reopened = models.PositiveIntegerField(default=0)
    paused_seconds = models.PositiveBigIntegerField(default=0)
    escalated_tier2 = models.PositiveIntegerField(default=0)
    escalated_tier3 = models.PositiveIntegerField(default=0)
    # Cases closed that day by working hours from registration: one count per
    # bucket of CLOSE_HOUR_EDGES (len(CLOSE_HOUR_EDGES) + 1 counts).
    close_hours = models.JSONField(default=list, blank=True)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("daily figure")
        verbose_name_plural = _("daily figures")
        constraints = [
            # One row per unit and day; the office's own row has no department
            # (two partial constraints: SQLite cannot say NULLS NOT DISTINCT).
            models.UniqueConstraint(fields=["office", "department", "day"], name="daily_figure_once_per_department_day",
                                    condition=models.Q(department__isnull=False)),
            models.UniqueConstraint(fields=["office", "day"], name="daily_figure_once_per_office_day",
                                    condition=models.Q(department__isnull=True)),
        ]
        indexes = [
            # The statistics page and the ranking: a month of some offices' rows.
            models.Index(fields=["office", "day"], name="daily_figure_office_day"),
        ]
