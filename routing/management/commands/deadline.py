"""Print the due moment of an N-working-day limit, e.g. to check the calendar."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from routing import clock
from routing.models import Office


class Command(BaseCommand):
    help = (
        "Print the due moment (ISO 8601 with offset) of a limit of --days working days "
        "starting at --start, with the office hours of --office (default 08:30-17:00, Asia/Shanghai)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--start", required=True, help="ISO 8601 moment; without an offset it is the office's local time.")
        parser.add_argument("--days", required=True, type=int, help="Working days of the limit (the start's day is not counted).")
        parser.add_argument("--office", help="Office code whose hours and time zone apply.")

    def handle(self, *args, start, days, office=None, **options):
        hours = clock.DEFAULT_HOURS
        if office:
            try:
                hours = Office.objects.get(code=office.upper())
            except Office.DoesNotExist:
                raise CommandError(f"Unknown office code: {office}") from None
        try:
            moment = datetime.datetime.fromisoformat(start)
        except ValueError:
            raise CommandError(f"Not an ISO 8601 date and time: {start!r} (e.g. 2026-09-30T16:00)") from None
        if days < 0:
            raise CommandError("--days cannot be negative.")
        try:
            due = clock.add_working_days(moment, days, hours)
        except clock.CalendarError as error:
            raise CommandError(str(error)) from None
        for year in clock.guessed_years([moment.date(), due.date()]):
            self.stderr.write(
                f"Warning: the official holiday schedule for {year} has not been entered; "
                f"assumed weekends and statutory holidays only, no make-up days."
            )
        self.stdout.write(due.isoformat())
