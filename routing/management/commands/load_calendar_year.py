"""Enter a year's official schedule (the State Council's notice) and mark it published.

From a text file, one day per line, '#' starts a comment:

    2027-01-01 holiday 元旦
    2027-02-20 makeup 春节
    2027-03-02 off 其他调整      (any other day off)
    2027-03-07 work 其他调整     (any other working day)

or, for the years it knows, from the chinese-calendar package (--from-package).
Only days that differ from the weekday/weekend rule need a line. The year's
existing rows are replaced; every difference is audited as a CalendarChange and
`calendar_changed` is sent once, for the whole year.
"""

import datetime
import importlib

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from routing.models import CalendarChange, CalendarDay, CalendarYear, User

KINDS = {
    "holiday": (CalendarDay.Kind.HOLIDAY, False),
    "makeup": (CalendarDay.Kind.MAKEUP, True),
    "off": (CalendarDay.Kind.OTHER, False),
    "work": (CalendarDay.Kind.OTHER, True),
}


def parse_lines(lines, year: int) -> list[tuple[datetime.date, bool, str, str]]:
    rows = {}
    for number, raw in enumerate(lines, start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        parts = line.split(None, 2)
        if len(parts) < 2 or parts[1] not in KINDS:
            raise CommandError(f"Line {number}: expected 'YYYY-MM-DD {'|'.join(KINDS)} [name]', got {raw.strip()!r}")
        try:
            day = datetime.date.fromisoformat(parts[0])
        except ValueError:
            raise CommandError(f"Line {number}: not a date: {parts[0]!r}") from None
        if day.year != year:
            raise CommandError(f"Line {number}: {day} is not in {year}.")
        kind, working = KINDS[parts[1]]
        rows[day] = (day, working, kind, parts[2].strip() if len(parts) > 2 else "")
    return sorted(rows.values())


class Command(BaseCommand):
    help = "Enter a year's official holiday schedule from a file or from chinese-calendar, and mark the year published."

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument("--file", help="Text file, one 'YYYY-MM-DD holiday|makeup|off|work [name]' per line.")
        source.add_argument("--from-package", action="store_true", help="Take the year from the chinese-calendar package.")
        parser.add_argument("--notice", default="", help="Title and number of the State Council notice.")
        parser.add_argument("--by", help="Username recorded as the author of the change.")

    def handle(self, *args, year, file=None, from_package=False, notice="", by=None, **options):
        if not 1900 <= year <= 2999:
            raise CommandError("The year must be between 1900 and 2999.")
        user = None
        if by:
            user = User.objects.filter(username=by).first()
            if user is None:
                raise CommandError(f"Unknown user: {by}")
        if from_package:
            seed = importlib.import_module("routing.migrations.0003_seed_official_calendar")
            try:
                rows = seed.official_rows((year, year))
                import chinese_calendar

                chinese_calendar.is_workday(datetime.date(year, 6, 1))
            except NotImplementedError:
                raise CommandError(f"chinese-calendar does not know {year}; enter it from a file.") from None
            notice = notice or seed.notice_for(year)
        else:
            try:
                with open(file, encoding="utf-8") as handle:
                    rows = parse_lines(handle, year)
            except OSError as error:
                raise CommandError(f"Cannot read {file}: {error}") from None
        count = self.replace_year(year, rows, notice=notice, user=user)
        self.stdout.write(f"{year}: {len(rows)} days entered, {count} changed; the year is marked published.")

    @transaction.atomic
    def replace_year(self, year, rows, *, notice, user) -> int:
        # Bulk writes so receivers of calendar_changed hear once, for the year
        # (the CalendarYear save below), not once per day.
        first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        old = {day.date: day for day in CalendarDay.objects.filter(date__gte=first, date__lte=last)}
        new = {
            day: CalendarDay(
                date=day, is_working_day=working, kind=kind, name=name, notice=notice,
                source=CalendarDay.Source.OFFICIAL,
            )
            for day, working, kind, name in rows
        }
        changed = 0
        for day in sorted(set(old) | set(new)):
            before = old[day].snapshot() if day in old else None
            after = new[day].snapshot() if day in new else None
            if before != after:
                CalendarChange.record(user=user, before=before, after=after)
                changed += 1
        CalendarDay.objects.filter(date__gte=first, date__lte=last).delete()
        CalendarDay.objects.bulk_create(new.values())
        calendar_year = CalendarYear.objects.filter(year=year).first()
        before = calendar_year.snapshot() if calendar_year else None
        calendar_year = calendar_year or CalendarYear(year=year)
        calendar_year.published = True
        calendar_year.notice = notice or calendar_year.notice
        calendar_year.save()  # drops the clock's cache and sends calendar_changed
        if before != calendar_year.snapshot():
            CalendarChange.record(user=user, before=before, after=calendar_year.snapshot())
        return changed
