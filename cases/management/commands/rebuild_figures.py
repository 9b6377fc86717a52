"""Rebuild the daily figures of the statistics pages for a range of days.

    manage.py rebuild_figures                       # from the first case's day to today
    manage.py rebuild_figures --since 2026-01-01 --until 2026-03-31
    manage.py rebuild_figures --last-days 8         # what the hourly job does
    manage.py rebuild_figures --if-empty            # only when no figure exists yet (a new database)

The scheduled job keeps the last days current; this rebuilds any range (after
an upgrade, a restore, or a change of what a figure counts). Rerunning it
writes the same rows.
"""

import datetime
import time

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Min
from django.utils import timezone

from cases.models import Case, DailyFigure
from cases.services.figures import figures_rebuild


def _day(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"Not a date (YYYY-MM-DD): {value!r}") from None


class Command(BaseCommand):
    help = "Recompute the daily figures (statistics) of a range of local days from the register."

    def add_arguments(self, parser):
        parser.add_argument("--since", type=_day, help="first day (default: the day of the first case)")
        parser.add_argument("--until", type=_day, help="last day (default: today)")
        parser.add_argument("--last-days", type=int, help="the last N days, today included (instead of --since)")
        parser.add_argument("--if-empty", action="store_true", help="do nothing when daily figures exist already")

    def handle(self, *args, since=None, until=None, last_days=None, if_empty=False, **options):
        if if_empty and DailyFigure.objects.exists():
            self.stdout.write("Daily figures exist already: nothing rebuilt.")
            return
        until = until or timezone.localdate()
        if last_days is not None:
            if last_days < 1:
                raise CommandError("--last-days must be at least 1.")
            since = until - datetime.timedelta(days=last_days - 1)
        if since is None:
            first = Case.objects.aggregate(first=Min("registered_at"))["first"]
            since = timezone.localdate(first) - datetime.timedelta(days=1) if first else until
        if since > until:
            raise CommandError("--since is after --until.")
        started = time.monotonic()
        rows = figures_rebuild(since=since, until=until)
        self.stdout.write(f"Daily figures from {since} to {until}: {rows} rows in {time.monotonic() - started:.1f} s")
