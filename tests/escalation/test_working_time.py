"""The sweep's batch clock (`clock.WorkingTime`) gives exactly the answers of the clock's functions.

The sweep computes every escalated case's new deadline, light and "time spent"
through it, so any difference would move a deadline. Compared over random
moments in the official calendar (2026, with its holidays and make-up days),
an unpublished year, the years China kept summer time, odd office hours and a
zone whose clocks go back inside office hours.
"""

import datetime
import random
from zoneinfo import ZoneInfo

import pytest

from routing import clock
from routing.models import CalendarDay

pytestmark = pytest.mark.django_db

HOURS = [
    clock.DEFAULT_HOURS,
    clock.OfficeHours(datetime.time(9, 0), datetime.time(11, 45, 30), datetime.time(14, 0), datetime.time(18, 30)),
    clock.OfficeHours(datetime.time(8, 0), datetime.time(8, 0), datetime.time(13, 0), datetime.time(17, 0)),  # no morning
    # Europe/London's clocks go back at 01:00 UTC, inside these hours: wall and real time part there.
    clock.OfficeHours(datetime.time(0, 30), datetime.time(1, 45), datetime.time(1, 30), datetime.time(23, 0),
                      timezone="Europe/London"),
]
YEARS = [2026, 2031, 1988]


def _moment(rng: random.Random, year: int, zone: ZoneInfo) -> datetime.datetime:
    start = datetime.datetime(year, 1, 1, tzinfo=zone)
    moment = start + datetime.timedelta(seconds=rng.randrange(365 * 86400), microseconds=rng.randrange(10**6))
    if rng.random() < 0.2:
        moment = moment.replace(minute=rng.choice([0, 30]), second=0, microsecond=0)  # on an opening or a close
    if rng.random() < 0.1:
        moment = moment.replace(tzinfo=None)  # naive: office local time
    elif rng.random() < 0.5:
        moment = moment.astimezone(datetime.UTC)  # as read from the database
    return moment


def _same(a: datetime.datetime, b: datetime.datetime) -> bool:
    return (a, a.isoformat(), a.tzinfo) == (b, b.isoformat(), b.tzinfo)


@pytest.mark.parametrize("hours", HOURS, ids=["default", "odd", "no-morning", "london"])
@pytest.mark.parametrize("year", YEARS)
def test_the_batch_clock_answers_exactly_as_the_clock_functions(hours, year):
    rng = random.Random(f"{year}-{hours}")
    times = clock.WorkingTime(hours)
    zone = ZoneInfo(hours.timezone)
    for _ in range(400):
        a, b = _moment(rng, year, zone), _moment(rng, year, zone)
        if (a.tzinfo is None) != (b.tzinfo is None):  # both naive (office local time) or both aware
            b = b.replace(tzinfo=None) if a.tzinfo is None else b.replace(tzinfo=zone)
        days = rng.choice([0, 1, 3, 5, 12])
        assert _same(times.add_working_days(a, days), clock.add_working_days(a, days, hours))
        assert times.working_seconds_between(a, b) == clock.working_seconds_between(a, b, hours)
        seconds = rng.choice([0, 1, rng.randrange(30_000), rng.randrange(400_000)])
        assert _same(times.shift_by_working_time(a, seconds), clock.shift_by_working_time(a, seconds, hours))
        # The deadline arithmetic the sweep does for each case it escalates.
        a = a if a.tzinfo else a.replace(tzinfo=zone)
        due = clock.add_working_days(a, days, hours)
        total = clock.working_seconds_between(a, due, hours)
        assert times.working_seconds_between(a, due) == total
        assert _same(times.shift_by_working_time(a, int(total * 0.7)), clock.shift_by_working_time(a, int(total * 0.7), hours))


def test_offices_with_the_same_hours_share_one_key():
    class Office:
        morning_opens, morning_closes = datetime.time(8, 30), datetime.time(12, 0)
        afternoon_opens, afternoon_closes = datetime.time(13, 0), datetime.time(17, 0)
        timezone = "Asia/Shanghai"

    assert clock.hours_of(Office()) == clock.hours_of(None) == clock.DEFAULT_HOURS


def test_the_batch_clock_agrees_in_the_hour_that_happens_twice():
    hours = HOURS[-1]
    zone = ZoneInfo(hours.timezone)
    # Sunday 25 October 2026: London's clocks go back from 02:00 to 01:00. Made a working day here.
    CalendarDay.objects.update_or_create(date=datetime.date(2026, 10, 25), defaults={"is_working_day": True, "kind": CalendarDay.Kind.MAKEUP})
    clock.invalidate_cache()
    assert clock.is_working_day(datetime.date(2026, 10, 25))
    times = clock.WorkingTime(hours)
    moments = [datetime.datetime(2026, 10, 25, 1, minute, fold=fold, tzinfo=zone)
               for minute in (0, 10, 30, 44, 59) for fold in (0, 1)]
    moments += [datetime.datetime(2026, 10, 24, 23, 50, tzinfo=zone), datetime.datetime(2026, 10, 25, 2, 5, tzinfo=zone)]
    for a in moments:
        for b in moments:
            assert times.working_seconds_between(a, b) == clock.working_seconds_between(a, b, hours)
        for seconds in (1, 600, 3000, 5400, 90_000):
            assert _same(times.shift_by_working_time(a, seconds), clock.shift_by_working_time(a, seconds, hours))
