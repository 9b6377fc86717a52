"""The daily summary job: runs every minute (Celery beat) beside the sweep.

An office is due when its clock has passed its summary time
(`Office.daily_summary_at`) on a working day and that day has no summary yet.
One query reads every office with the day of its latest summary (one index
probe each on the unique (office, day) index); the working-day arithmetic is
done here from the cached calendar, so an idle minute costs that one query
whatever the register holds.

A day missed (the worker down at 17:30, a restart, a broker outage) is made on
the next run: every working day after the office's latest summary, back to
CATCH_UP_WORKING_DAYS, oldest first. An office without any summary yet (new,
or the first run after this job was installed) starts with its latest due day
rather than inventing a history. Each summary is made by
`daily_summary_make`, exactly once per office and day however many workers run.
"""

import dataclasses
import datetime
import logging

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from cases.models import DailySummary
from cases.services.summary import daily_summary_make
from routing import clock
from routing.models import Office

log = logging.getLogger(__name__)

# How far back a missed summary is still made: two working weeks.
CATCH_UP_WORKING_DAYS = 10
# Summaries one run makes at most (about 0.2 s each at a million cases): a run
# stays well inside its minute, so catching up a long outage never holds the
# worker the sweep needs; the next run goes on where this one stopped.
PER_RUN = 60


@dataclasses.dataclass
class SummaryReport:
    made: int = 0
    already_made: int = 0
    left: int = 0
    failed: list = dataclasses.field(default_factory=list)

    def __str__(self):
        return f"made={self.made} already_made={self.already_made} left={self.left} failed={len(self.failed)}"


def latest_due_day(office: Office, now: datetime.datetime) -> datetime.date:
    """The latest working day whose summary time has passed on the office's clock."""
    local = timezone.localtime(now, clock.zone(office))
    today = local.date()
    if clock.is_working_day(today) and local.time() >= office.daily_summary_at:
        return today
    return clock.previous_working_day(today)


def days_due(office: Office, last_made: datetime.date | None, now: datetime.datetime) -> list[datetime.date]:
    """The working days whose summary is still to be made, oldest first."""
    latest = latest_due_day(office, now)
    if last_made is None:
        return [latest]
    days = []
    day = latest
    while day > last_made and len(days) < CATCH_UP_WORKING_DAYS:
        days.append(day)
        day = clock.previous_working_day(day)
    return days[::-1]


def offices_due(now: datetime.datetime) -> list[tuple[Office, list[datetime.date]]]:
    latest = DailySummary.objects.filter(office=OuterRef("pk")).order_by("-day").values("day")[:1]
    due = []
    for office in Office.objects.annotate(last_made=Subquery(latest)).order_by("pk"):
        days = days_due(office, office.last_made, now)
        if days:
            due.append((office, days))
    return due


def make_daily_summaries(now: datetime.datetime | None = None, *, limit: int = PER_RUN) -> SummaryReport:
    now = now or timezone.now()
    report = SummaryReport()
    due = offices_due(now)
    # The oldest missed days of every office first, so a limited run is fair to all.
    queue = sorted(((day, office.pk, office) for office, days in due for day in days), key=lambda item: item[:2])
    report.left = max(0, len(queue) - limit)
    stopped = set()
    for day, _pk, office in queue[:limit]:
        if office.pk in stopped:
            continue
        try:
            made = daily_summary_make(office=office, day=day, now=now)
        except Exception as error:  # one office's bad data must not stop the others
            log.exception("Daily summary of %s for %s failed; it is retried next run.", office.code, day)
            report.failed.append((office.code, day.isoformat(), repr(error)))
            stopped.add(office.pk)  # its later days wait, so they are made in order
            continue
        if made is None:
            report.already_made += 1
        else:
            report.made += 1
    if report.failed:
        log.error("Daily summaries at %s: %s", now.isoformat(), report)
    return report
