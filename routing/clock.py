"""The working-day clock: deadlines and lights in the official Chinese calendar.

Pure arithmetic over the national calendar table (`routing.models.CalendarDay`
and `CalendarYear`); it knows nothing of cases (`routing` never imports
`cases`), so it can be read and tested alone.

Rules (from the domain note, docs/domain.md):

- A day is a working day by the plain rule (Monday to Friday), unless the
  calendar table says otherwise (a statutory holiday, a make-up weekend 调休).
- A year whose official schedule is not entered yet (CalendarYear.published is
  false or missing) is estimated: the statutory holidays fixed by law, computed
  by `holidays.China` (public category), are off; no make-up days are assumed.
  Rows entered for such a year still win. Callers warn through
  `guessed_years()`.
- Office hours come from any object with `morning_opens`, `morning_closes`,
  `afternoon_opens`, `afternoon_closes` (datetime.time) and `timezone` (str),
  such as `routing.models.Office`; `DEFAULT_HOURS` when none is given.

A year's exceptions are read once and kept in a per-process dict, so a list
page computing fifty lights runs two queries per year touched, not fifty. The
entry is dropped when a calendar row is saved or deleted in this process
(`routing.signals`) and anyway after `CACHE_SECONDS`, so other processes
(workers, the sweep) catch up.
"""

from __future__ import annotations

import datetime
import functools
import logging
import time
from dataclasses import dataclass, field
from typing import Iterable, NamedTuple, Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

logger = logging.getLogger(__name__)

GREEN = "green"
YELLOW = "yellow"
RED = "red"

# Domain note, "Oversight": the panoramic monitoring shows a yellow light when
# less than 30% of the time limit is left (measured in office-hour time).
YELLOW_WHEN_LEFT_BELOW_PERCENT = 30

# How long another process's calendar edit may stay unseen here.
CACHE_SECONDS = 60

# Ten years: no real calendar has that many days off in a row, so a longer
# search means the table is wrong (every day marked off), not that we should
# keep looking. Loops stop there instead of hanging.
MAX_SCAN_DAYS = 3660

DEFAULT_TIMEZONE = "Asia/Shanghai"


class CalendarError(ValueError):
    """The calendar cannot answer: no working day within MAX_SCAN_DAYS, or a date out of range."""


class OfficeHoursLike(Protocol):
    morning_opens: datetime.time
    morning_closes: datetime.time
    afternoon_opens: datetime.time
    afternoon_closes: datetime.time
    timezone: str


@dataclass(frozen=True)
class OfficeHours:
    """Office hours of a window; `routing.models.Office` has the same attributes."""

    morning_opens: datetime.time = datetime.time(8, 30)
    morning_closes: datetime.time = datetime.time(12, 0)
    afternoon_opens: datetime.time = datetime.time(13, 0)
    afternoon_closes: datetime.time = datetime.time(17, 0)
    timezone: str = DEFAULT_TIMEZONE


# Office hours unless an office sets its own (Office's fields default to these): 08:30–12:00, 13:00–17:00, Beijing time.
DEFAULT_HOURS = OfficeHours()


# --- The calendar, cached per year -------------------------------------------


@dataclass
class _Year:
    published: bool
    # date -> is it a working day; only days that differ from Mon–Fri.
    exceptions: dict[datetime.date, bool] = field(default_factory=dict)
    loaded_at: float = 0.0


_years: dict[int, _Year] = {}


def invalidate_cache(year: int | None = None) -> None:
    """Forget one year (or all years) so the next question reads the table again."""
    if year is None:
        _years.clear()
    else:
        _years.pop(year, None)


@functools.lru_cache(maxsize=None)
def statutory_holidays(year: int) -> dict[datetime.date, str]:
    """The statutory days off of `year` by law (全国年节及纪念日放假办法), with names.

    Used only for years whose official schedule is missing. Never raises: a
    year the `holidays` package cannot compute (before 1950, far future) has
    none, and the weekend rule alone applies.
    """
    try:
        import holidays

        return dict(holidays.China(years=year, categories=("public",), language="zh_CN"))
    except Exception:  # the estimate must never stop the clock
        logger.warning("holidays.China could not compute %s; assuming weekends only", year, exc_info=True)
        return {}


def _year(year: int) -> _Year:
    entry = _years.get(year)
    now = time.monotonic()
    if entry is not None and now - entry.loaded_at < CACHE_SECONDS:
        return entry
    entry = _load_year(year)
    entry.loaded_at = now
    _years[year] = entry
    return entry


def _load_year(year: int) -> _Year:
    # Imported here: routing.models imports routing.signals, which imports us.
    from routing.models import CalendarDay, CalendarYear

    if not 1 <= year <= 9999:
        return _Year(published=False)
    published = CalendarYear.objects.filter(year=year, published=True).exists()
    rows = CalendarDay.objects.filter(
        date__gte=datetime.date(year, 1, 1), date__lte=datetime.date(year, 12, 31),
    ).values_list("date", "is_working_day")
    exceptions: dict[datetime.date, bool] = {}
    if not published:
        exceptions.update((day, False) for day in statutory_holidays(year))
    # Entered rows win over the estimate, published or not.
    exceptions.update(rows)
    return _Year(published=published, exceptions=exceptions)


def is_working_day(day: datetime.date) -> bool:
    """Whether `day` (a local calendar date) is a working day of the official calendar."""
    if isinstance(day, datetime.datetime):
        day = day.date()
    return _year(day.year).exceptions.get(day, day.weekday() < 5)


def is_year_published(year: int) -> bool:
    """Whether the official schedule of `year` has been entered (else the clock estimates it)."""
    if not 1 <= year <= 9999:
        return False
    return _year(year).published


def guessed_years(dates: Iterable[datetime.date]) -> list[int]:
    """The unpublished years from the earliest to the latest of `dates`.

    A computation from a start to a due date walks every year in between, so
    a caller passes both ends and warns about each year returned: there the
    clock assumed statutory holidays and no make-up days.
    """
    years = {d.year for d in dates}
    if not years:
        return []
    return [y for y in range(min(years), max(years) + 1) if not is_year_published(y)]


# --- Office hours ------------------------------------------------------------


@functools.lru_cache(maxsize=64)
def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        # A zone stored before zones were validated (a typo: "Asia/Shangai") must
        # not stop that office's registrations, nor the sweep of every office.
        logger.warning("Unknown time zone %r; using %s", name, DEFAULT_TIMEZONE)
        return ZoneInfo(DEFAULT_TIMEZONE)


def zone(hours: OfficeHoursLike | None = None) -> ZoneInfo:
    """The office's time zone; DEFAULT_TIMEZONE, with a logged warning, when the stored name is unknown."""
    return _zone((hours or DEFAULT_HOURS).timezone)


def _local(moment: datetime.datetime, zone: ZoneInfo) -> datetime.datetime:
    """`moment` in the office's zone; a naive moment is taken as office local time."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=zone)
    return moment.astimezone(zone)


def _office_periods(day: datetime.date, hours: OfficeHoursLike, zone: ZoneInfo) -> list[tuple[datetime.datetime, datetime.datetime]]:
    periods = []
    for opens, closes in ((hours.morning_opens, hours.morning_closes), (hours.afternoon_opens, hours.afternoon_closes)):
        if opens < closes:
            periods.append((datetime.datetime.combine(day, opens, zone), datetime.datetime.combine(day, closes, zone)))
    return periods


def _seconds(a: datetime.datetime, b: datetime.datetime) -> float:
    # Through UTC: subtracting two datetimes of the same zone compares wall
    # clocks, which is wrong across a daylight-saving change (China had them 1986–1991).
    return (b.astimezone(datetime.UTC) - a.astimezone(datetime.UTC)).total_seconds()


def _next_day(day: datetime.date) -> datetime.date:
    try:
        return day + datetime.timedelta(days=1)
    except OverflowError:
        raise CalendarError(f"No day after {day.isoformat()}.") from None


def next_working_day(day: datetime.date) -> datetime.date:
    """The first working day strictly after `day`."""
    for _ in range(MAX_SCAN_DAYS):
        day = _next_day(day)
        if is_working_day(day):
            return day
    raise CalendarError(f"No working day within {MAX_SCAN_DAYS} days after {day.isoformat()}; check the calendar.")


def previous_working_day(day: datetime.date) -> datetime.date:
    """The last working day strictly before `day`."""
    for _ in range(MAX_SCAN_DAYS):
        try:
            day = day - datetime.timedelta(days=1)
        except OverflowError:
            raise CalendarError(f"No day before {day.isoformat()}.") from None
        if is_working_day(day):
            return day
    raise CalendarError(f"No working day within {MAX_SCAN_DAYS} days before {day.isoformat()}; check the calendar.")


# --- Deadlines ---------------------------------------------------------------


def add_working_days(start: datetime.datetime, days: int, hours: OfficeHoursLike | None = None) -> datetime.datetime:
    """The due moment of an N-working-day limit that starts at `start`.

    The day of the start is not counted (the usual rule for legal periods):
    the limit ends at the close of office hours (`afternoon_closes`) on the
    Nth working day after the start's local date. So a case registered in the
    evening, on a weekend or on a holiday starts counting on the next working
    day, as the window's after-hours rule requires: Saturday + 1 is Monday's
    close (when Monday is a working day), and 2026-09-30 16:00 + 3 is
    2026-10-10 17:00, a make-up Saturday after National Day.

    `days == 0` means "by the close of today": the close of the start's date
    if it is a working day and the start is before its close, otherwise the
    close of the next working day. A naive `start` is office local time. The
    result is aware, in the office's zone.
    """
    if days < 0:
        raise ValueError("A time limit cannot be negative.")
    if days > MAX_SCAN_DAYS:
        raise CalendarError(f"A limit of more than {MAX_SCAN_DAYS} working days is not a time limit.")
    hours = hours or DEFAULT_HOURS
    zone = _zone(hours.timezone)
    local = _local(start, zone)
    day = local.date()
    if days == 0:
        close = datetime.datetime.combine(day, hours.afternoon_closes, zone)
        if is_working_day(day) and local < close:
            return close
        days = 1
    for _ in range(days):
        day = next_working_day(day)
    return datetime.datetime.combine(day, hours.afternoon_closes, zone)


def working_seconds_between(a: datetime.datetime, b: datetime.datetime, hours: OfficeHoursLike | None = None) -> int:
    """Office-hour seconds of working days from `a` to `b`; negative when `b` is before `a`.

    This is the measure of the lights and of a paused clock: a night, a lunch
    break, a weekend or a holiday takes nothing from a time limit.
    """
    if b < a:
        return -working_seconds_between(b, a, hours)
    hours = hours or DEFAULT_HOURS
    zone = _zone(hours.timezone)
    a, b = _local(a, zone), _local(b, zone)
    total = 0.0
    day, last = a.date(), b.date()
    while day <= last:
        if is_working_day(day):
            for opens, closes in _office_periods(day, hours, zone):
                lo, hi = max(opens, a), min(closes, b)
                if hi > lo:
                    total += _seconds(lo, hi)
        if day == last:
            break
        day = _next_day(day)
    return int(total)


def light(*, start: datetime.datetime, due: datetime.datetime, now: datetime.datetime, hours: OfficeHoursLike | None = None) -> str:
    """"green", "yellow" or "red" for a clock that runs from `start` to `due`.

    Red when `now` is past `due`; yellow from the warning moment of
    `warning_moment` on (less than YELLOW_WHEN_LEFT_BELOW_PERCENT of the
    office-hour time from start to due left, or none at all); green before.
    Read against that one moment, the light turns yellow exactly when the
    sweep warns its owner.
    """
    if now > due:
        return RED
    if now >= warning_moment(start, due, hours):
        return YELLOW
    return GREEN


class Deadline(NamedTuple):
    """When a limit runs out, and when its light turns yellow (its owner is warned then)."""

    due: datetime.datetime
    warn: datetime.datetime


def warning_moment(start: datetime.datetime, due: datetime.datetime, hours: OfficeHoursLike | None = None) -> datetime.datetime:
    """The first moment with less than YELLOW_WHEN_LEFT_BELOW_PERCENT of the office time from `start` to `due` left.

    Counted in whole office seconds used, in integers: the first whole second
    past 70% of the limit (with exactly 30% left the light is still green).
    A limit with no office time at all is yellow from its start.
    """
    total = working_seconds_between(start, due, hours)
    used = total * (100 - YELLOW_WHEN_LEFT_BELOW_PERCENT) // 100 + 1
    return min(shift_by_working_time(start, used, hours), _local(due, _zone((hours or DEFAULT_HOURS).timezone)))


def deadline(start: datetime.datetime, working_days: int, hours: OfficeHoursLike | None = None, *,
             paused_seconds: int = 0, granted: datetime.datetime | None = None) -> Deadline:
    """The due moment and the warning moment of a limit of `working_days` that started at `start`.

    The one place a deadline is computed: a case entering a tier, a work order
    dispatched, extended or restarted, and every open clock after a calendar
    change. `granted` is a due moment already fixed instead of counted from
    the start (an extension granted to a date, or a work order's deadline so
    far when its stopped clock restarts); `paused_seconds` of
    office time the clock stood still move the due moment later, and the
    warning with it, since both are measured from `start`.
    """
    due = granted if granted is not None else add_working_days(start, working_days, hours)
    due = shift_by_working_time(due, paused_seconds, hours)
    return Deadline(due, warning_moment(start, due, hours))


def shift_by_working_time(due: datetime.datetime, seconds: int, hours: OfficeHoursLike | None = None) -> datetime.datetime:
    """`due` moved later by `seconds` of office-hour working time.

    When a paused case resumes, its deadline moves by exactly the working
    time the pause took (measure it with `working_seconds_between`), so the
    owner gets back what the pause cost and no more. A shift that uses up an
    office period exactly ends at its close (17:00), not at the next opening.
    """
    hours = hours or DEFAULT_HOURS
    zone = _zone(hours.timezone)
    cursor = _local(due, zone)
    if seconds <= 0:
        return cursor
    if seconds > MAX_SCAN_DAYS * 86400:
        raise CalendarError("A shift of more than ten years is not a pause.")
    day = cursor.date()
    if not _office_periods(day, hours, zone):
        raise ValueError("The office hours are empty.")
    remaining = float(seconds)
    idle_days = 0
    while True:
        if is_working_day(day):
            idle_days = 0
            for opens, closes in _office_periods(day, hours, zone):
                if cursor >= closes:
                    continue
                lo = max(cursor, opens)
                available = _seconds(lo, closes)
                if remaining <= available:
                    return (lo.astimezone(datetime.UTC) + datetime.timedelta(seconds=remaining)).astimezone(zone)
                remaining -= available
        else:
            idle_days += 1
            if idle_days > MAX_SCAN_DAYS:
                raise CalendarError(f"No working day within {MAX_SCAN_DAYS} days after {day.isoformat()}; check the calendar.")
        day = _next_day(day)
        cursor = datetime.datetime.combine(day, datetime.time.min, zone)


def local(moment: datetime.datetime, hours: OfficeHoursLike | None = None) -> datetime.datetime:
    """`moment` on the office's wall clock, for display and messages."""
    return _local(moment, _zone((hours or DEFAULT_HOURS).timezone))


def working_seconds_of_a_day(hours: OfficeHoursLike | None = None) -> int:
    """Office-hour seconds of one full working day (7.5 h with the default hours)."""
    hours = hours or DEFAULT_HOURS
    day = datetime.date(2000, 1, 3)

    def seconds(opens: datetime.time, closes: datetime.time) -> int:
        return int((datetime.datetime.combine(day, closes) - datetime.datetime.combine(day, opens)).total_seconds())

    return seconds(hours.morning_opens, hours.morning_closes) + seconds(hours.afternoon_opens, hours.afternoon_closes)
