"""The daily summary (每日汇总): one stored snapshot of an office's day.

Yanhu district summarises its cases every day; the summary goes to the next
working day's duty leader and the director. The figures are counted once, when
the office's clock passes its summary time (`Office.daily_summary_at`), and
kept on the row as JSON, so the page, the archive, the e-mail and an export all
show the same numbers however the cases move on afterwards.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from routing.models import Office


class DailySummary(models.Model):
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="daily_summaries", verbose_name=_("office"))
    day = models.DateField(_("day"))
    # What "today" covers: from the previous working day's summary time to this
    # one, so a report left on Saturday night is counted on Monday, once.
    window_start = models.DateTimeField(_("counted from"))
    window_end = models.DateTimeField(_("counted until"))
    computed_at = models.DateTimeField(_("made at"), default=timezone.now, editable=False)
    # The day after, whose duty leader receives it (and who that was on the rota).
    next_day = models.DateField(_("for the working day"))
    duty_leader = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("next duty leader"))
    # The counted figures (see cases.selectors.summary.daily_figures for the keys).
    figures = models.JSONField(_("figures"), default=dict)

    class Meta:
        verbose_name = _("daily summary")
        verbose_name_plural = _("daily summaries")
        ordering = ["-day", "office_id"]
        constraints = [
            # Exactly once per office and working day: a second worker's insert
            # (two beats, a retry after a restart) fails on this and changes nothing.
            models.UniqueConstraint(fields=["office", "day"], name="daily_summary_once_per_office_day"),
        ]
        indexes = [
            # The archive of an overseer: every office of a subtree, newest day first.
            models.Index(fields=["-day", "office"], name="daily_summary_newest"),
        ]

    def __str__(self):
        return f"{self.office} {self.day:%Y-%m-%d}"
