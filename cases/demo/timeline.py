"""The demo's clock: every act happens at its own moment, and the deadline sweep runs between them.

A story is a generator: it does what happens at one moment, then yields the
moment it goes on at (a `datetime`). The timeline runs every story's steps in
the order of their moments with the clock frozen there (time-machine), so the
services stamp their audit rows, tier spans and deadlines as on that day. Before
each step, the real sweep (`cases.sweep.sweep`) runs at every moment something
fell due since the last step, a minute after it was due: cases left alone move
up a tier by the timer, lights turn yellow, overdue work orders, callbacks and
rectifications are flagged, rating invitations go out, each with the audit rows
and notices the sweep writes in production.
"""

import datetime
import functools
import heapq
import itertools

import time_machine
from django.db import connection
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from cases import sweep
from routing import clock

SWEEP_DELAY = datetime.timedelta(minutes=1)
# What the sweep does at a due moment; mail is left out (`finish` marks the notices mailed).
STEPS = [name for name in sweep.DUE if name != "mail"]


class Timeline:
    def __init__(self, hours):
        self.hours = hours  # the office hours every demo office keeps (the defaults)
        self.now = timezone.now()
        self._queue = []
        self._order = itertools.count()
        self.swept = 0

    # --- moments ----------------------------------------------------------------

    def zone(self):
        return clock.zone(self.hours)

    def on(self, day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
        return datetime.datetime.combine(day, datetime.time(hour, minute), self.zone())

    def today(self) -> datetime.date:
        return timezone.localtime(self.now, self.zone()).date()

    def working_days(self, start: datetime.date, end: datetime.date) -> list[datetime.date]:
        days, day = [], start
        while day <= end:
            if clock.is_working_day(day):
                days.append(day)
            day += datetime.timedelta(days=1)
        return days

    def later(self, moment: datetime.datetime, working_days: int, hour: int, minute: int = 0) -> datetime.datetime:
        """`hour:minute` on the `working_days`-th working day after `moment`'s date."""
        day = timezone.localtime(moment, self.zone()).date()
        for _ in range(working_days):
            day = clock.next_working_day(day)
        return self.on(day, hour, minute)

    def after(self, moment: datetime.datetime, minutes: int) -> datetime.datetime:
        """`minutes` of office time after `moment` (over lunch and nights)."""
        return clock.shift_by_working_time(moment, minutes * 60, self.hours)

    # --- running --------------------------------------------------------------------

    def add(self, story) -> None:
        """Start a story: its first step runs at the moment it yields first."""
        self._push(story, next(story, None))

    def _push(self, story, moment) -> None:
        # A step after now has not happened yet: the story stops where it is (its case stays open).
        if moment is None or moment > self.now:
            return
        heapq.heappush(self._queue, (moment, next(self._order), story))

    def run(self) -> None:
        while self._queue:
            moment, _order, story = heapq.heappop(self._queue)
            self.sweep_until(moment)
            with time_machine.travel(moment, tick=False):
                following = next(story, None)
            if following is not None and following < moment:
                following = moment  # "the next morning" of a step that ran late: as soon as it can
            self._push(story, following)
        self.sweep_until(self.now)

    def sweep_until(self, moment: datetime.datetime) -> None:
        """Sweep at each moment something fell due before `moment`, as the minutely beat would have."""
        last = None
        while True:
            due = self.next_due()
            if due is None or due + SWEEP_DELAY > moment:
                return
            at = due + SWEEP_DELAY
            if last is not None and at <= last:
                raise RuntimeError(f"The sweep at {last} left something due at {due} undone.")
            last = at
            with time_machine.travel(at, tick=False):
                sweep.sweep(at, mail=False)
            self.swept += 1

    def finish(self) -> None:
        """What the worker did in those months: mailed each notice and sent each text a minute
        after it was written, and the staff read their notices of more than three days ago."""
        from django.db.models import F

        from cases.models import Notification, TextMessage

        minute = datetime.timedelta(minutes=1)
        Notification.objects.filter(emailed_at__isnull=True, created_at__lt=self.now).update(
            emailed_at=F("created_at") + minute)
        Notification.objects.filter(read_at__isnull=True, created_at__lt=self.now - datetime.timedelta(days=3)).update(
            read_at=F("created_at") + datetime.timedelta(hours=2))
        TextMessage.objects.filter(sent_at__isnull=True, created_at__lt=self.now).update(
            sent_at=F("created_at") + minute)

    def next_due(self) -> datetime.datetime | None:
        """The earliest moment anything the sweep handles falls due: one query, each step's first
        entry of its partial index (as `sweep.what_is_due` reads them), compiled once."""
        with connection.cursor() as cursor:
            cursor.execute(*_next_due_sql(connection.alias))
            moments = [_as_moment(value) for value in cursor.fetchone()]
        moments = [m for m in moments if m is not None]
        return min(moments) if moments else None


@functools.cache
def _next_due_sql(alias: str) -> tuple[str, list]:
    parts, params = [], []
    for name in STEPS:
        due = sweep.DUE[name]
        sql, step_params = due.waiting().using(alias).values(due.column)[:1].query.sql_with_params()
        parts.append(f"({sql})")
        params += step_params
    return "SELECT " + ", ".join(parts), params


def _as_moment(value) -> datetime.datetime | None:
    """A timestamp as the database gave it (SQLite: naive, in UTC; PostgreSQL: aware)."""
    if value is None:
        return None
    moment = value if isinstance(value, datetime.datetime) else parse_datetime(value)
    return moment if timezone.is_aware(moment) else moment.replace(tzinfo=datetime.UTC)
