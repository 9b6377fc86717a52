"""Rebuild the daily figures of the statistics pages for a range of days.

    manage.py rebuild_figures                       # from the first case's day to today
    manage.py rebuild_figures --since 2026-01-01 --until 2026-03-31

The scheduled job keeps the last days current; this rebuilds any range (after
an upgrade, a restore, or a change of what a figure counts). Rerunning it
writes the same rows.
"""

import datetime
import time

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Min
from django.utils import timezone

from cases.models import Case
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

    def handle(self, *args, since=None, until=None, **options):
        until = until or timezone.localdate()
        if since is None:
            first = Case.objects.aggregate(first=Min("registered_at"))["first"]
            since = timezone.localdate(first) - datetime.timedelta(days=1) if first else until
        if since > until:
            raise CommandError("--since is after --until.")
        started = time.monotonic()
        rows = figures_rebuild(since=since, until=until)
        self.stdout.write(f"Daily figures from {since} to {until}: {rows} rows in {time.monotonic() - started:.1f} s")
