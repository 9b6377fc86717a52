"""The daily figures (cases.models.DailyFigure): recomputed from the register's rows.

`figures_recompute(since=, until=)` rebuilds every office's and department's rows
of those local days from the raw rows, in one transaction: the old rows of the
range are deleted and the new ones written, so a rerun gives the same rows
(idempotent). Two runs at once cannot both write: the second's inserts meet the
unique constraints and its transaction rolls back.

Every counter counts an event on the local day it happened on its office's
clock (a case's registration, a tier-1 stay's end, a work order's original
deadline, a rating...). Events keep their timestamps, so recomputing the last
days on each run (`figures_refresh`) picks up everything that happened since;
`manage.py rebuild_figures` rebuilds any range.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from routing import clock
from routing.models import Office

from ..models import (
    CLOSE_HOUR_EDGES,
    AuditEvent,
    Callback,
    Case,
    DailyFigure,
    Pause,
    Rating,
    REJECTED_TRIAGE,
    State,
    TierSpan,
    Triage,
    WorkOrder,
)
from ..models.audit import REOPEN_ACTIONS

# Days recomputed on each scheduled run: a case's events (callbacks, ratings,
# reopening) fall within weeks of its registration, and each counts on its own day.
REFRESH_DAYS = 8
RATING_FIELDS = {
    Rating.Level.VERY_SATISFIED: "rated_very_satisfied",
    Rating.Level.SATISFIED: "rated_satisfied",
    Rating.Level.BASICALLY_SATISFIED: "rated_basically",
    Rating.Level.DISSATISFIED: "rated_dissatisfied",
    Rating.Level.VERY_DISSATISFIED: "rated_very_dissatisfied",
}
REACHED = (Callback.Outcome.SATISFIED, Callback.Outcome.PARTLY, Callback.Outcome.NOT_SOLVED)
_CHUNK = 5000


def close_hour_bucket(hours: float) -> int:
    """The index of the bucket of `CLOSE_HOUR_EDGES` that `hours` falls in."""
    for index, edge in enumerate(CLOSE_HOUR_EDGES):
        if hours <= edge:
            return index
    return len(CLOSE_HOUR_EDGES)


def counted_cases():
    """Cases the figures count: web reports closed at triage as spam, abuse or
    a duplicate (merged) were never handled and count nowhere."""
    return Case.objects.exclude(triage__in=[*REJECTED_TRIAGE, Triage.MERGED])


class _Tally:
    """Counters by (office, department or None, local day) for days in [since, until]."""

    def __init__(self, since: datetime.date, until: datetime.date, offices: dict[int, Office]):
        self.since, self.until, self.offices = since, until, offices
        self.counts = defaultdict(lambda: defaultdict(int))
        self.hours = defaultdict(lambda: [0] * (len(CLOSE_HOUR_EDGES) + 1))

    def day(self, moment: datetime.datetime, office_id: int) -> datetime.date | None:
        day = clock.local(moment, self.offices[office_id]).date()
        return day if self.since <= day <= self.until else None

    def add(self, office_id: int, department_id: int | None, moment, field: str, n: int = 1) -> None:
        day = self.day(moment, office_id)
        if day is not None and n:
            self.counts[(office_id, department_id, day)][field] += n

    def add_close(self, office_id: int, registered_at, closed_at) -> None:
        day = self.day(closed_at, office_id)
        if day is None:
            return
        self.counts[(office_id, None, day)]["closed"] += 1
        seconds = max(0, clock.working_seconds_between(registered_at, closed_at, self.offices[office_id]))
        self.hours[(office_id, None, day)][close_hour_bucket(seconds / 3600)] += 1

    def rows(self, computed_at: datetime.datetime) -> list[DailyFigure]:
        return [DailyFigure(office_id=key[0], department_id=key[1], day=key[2], computed_at=computed_at,
                            close_hours=self.hours.get(key, []), **self.counts[key])
                for key in sorted(self.counts, key=lambda k: (k[0], k[1] or 0, k[2]))]


def _window(since: datetime.date, until: datetime.date) -> dict:
    """A UTC range wide enough for the local days of every office's zone; the
    tally keeps only events whose local day is in range."""
    start = datetime.datetime.combine(since - datetime.timedelta(days=1), datetime.time.min, datetime.UTC)
    end = datetime.datetime.combine(until + datetime.timedelta(days=2), datetime.time.min, datetime.UTC)
    return {"start": start, "end": end}


def _between(field: str, window: dict) -> Q:
    return Q(**{f"{field}__gte": window["start"], f"{field}__lt": window["end"]})


def _answering_departments(case_ids: Iterable[int]) -> dict[int, set[tuple[int, int]]]:
    """Per case: the (office, department) pairs that answered one of its work
    orders — the departments a rating or a callback of that case speaks of."""
    ids, found = sorted(set(case_ids)), defaultdict(set)
    for start in range(0, len(ids), _CHUNK):
        for case_id, department_id, office_id in (
                WorkOrder.objects.filter(case_id__in=ids[start:start + _CHUNK], state=WorkOrder.State.ANSWERED)
                .values_list("case_id", "department_id", "department__office_id")):
            found[case_id].add((office_id, department_id))
    return found


def _tally_cases(tally: _Tally, window: dict) -> None:
    cases = counted_cases()
    for office_id, registered_at, escalated_at, closed_at in (
            cases.filter(_between("registered_at", window))
            .values_list("office_id", "registered_at", "escalated_at", "closed_at").iterator(chunk_size=_CHUNK)):
        tally.add(office_id, None, registered_at, "registered")
        # A consultation: answered and closed on the day it came, never leaving tier 1.
        office = tally.offices[office_id]
        if (escalated_at is None and closed_at is not None
                and clock.local(closed_at, office).date() == clock.local(registered_at, office).date()):
            tally.add(office_id, None, registered_at, "consultations")
    for office_id, escalated_at in cases.filter(_between("escalated_at", window)).values_list("office_id", "escalated_at"):
        tally.add(office_id, None, escalated_at, "climbed")
    for office_id, resolved_at in cases.filter(_between("resolved_at", window)).values_list("office_id", "resolved_at"):
        tally.add(office_id, None, resolved_at, "resolved")
    for office_id, registered_at, closed_at in (
            cases.filter(_between("closed_at", window), state=State.CLOSED)
            .values_list("office_id", "registered_at", "closed_at").iterator(chunk_size=_CHUNK)):
        tally.add_close(office_id, registered_at, closed_at)


def _tally_tiers(tally: _Tally, window: dict) -> None:
    # Response: each stay at tier 1 that ended, and whether the duty leader
    # acted (resolved or escalated early) by its deadline rather than the timer.
    for office_id, left_at, due_at, exit in (
            TierSpan.objects.filter(_between("left_at", window), tier=State.TIER1)
            .exclude(exit=TierSpan.Exit.TRIAGED).values_list("case__office_id", "left_at", "due_at", "exit")):
        tally.add(office_id, None, left_at, "responses_due")
        if exit != TierSpan.Exit.ESCALATED_BY_TIMER and left_at <= due_at:
            tally.add(office_id, None, left_at, "responded_in_time")
    for office_id, entered_at, tier in (TierSpan.objects.filter(_between("entered_at", window),
                                                                 tier__in=[State.TIER2, State.TIER3])
                                        .values_list("case__office_id", "entered_at", "tier")):
        tally.add(office_id, None, entered_at, "escalated_tier2" if tier == State.TIER2 else "escalated_tier3")
    for office_id, at in (AuditEvent.objects.filter(_between("at", window), action__in=REOPEN_ACTIONS)
                          .values_list("office_id", "at")):
        tally.add(office_id, None, at, "reopened")


def _tally_orders(tally: _Tally, window: dict) -> None:
    # On time against the ORIGINAL deadline: counted on the day that deadline
    # fell, so an extension moves nothing. A returned order is counted as a return.
    for office_id, dept_office_id, department_id, due, signed_at, answered_at, state in (
            WorkOrder.objects.filter(_between("original_due_at", window)).exclude(state=WorkOrder.State.RETURNED)
            .values_list("case__office_id", "department__office_id", "department_id", "original_due_at",
                         "signed_at", "answered_at", "state").iterator(chunk_size=_CHUNK)):
        on_time = state == WorkOrder.State.ANSWERED and answered_at <= due
        signed = signed_at is not None and signed_at <= due
        for office, department in ((office_id, None), (dept_office_id, department_id)):
            tally.add(office, department, due, "orders_due")
            tally.add(office, department, due, "orders_on_time", int(on_time))
            if department is not None:
                tally.add(office, department, due, "responses_due")
                tally.add(office, department, due, "responded_in_time", int(signed))
    for office_id, dept_office_id, department_id, returned_at in (
            WorkOrder.objects.filter(_between("returned_at", window), state=WorkOrder.State.RETURNED)
            .values_list("case__office_id", "department__office_id", "department_id", "returned_at")):
        tally.add(office_id, None, returned_at, "orders_returned")
        tally.add(dept_office_id, department_id, returned_at, "orders_returned")
    for office_id, dept_office_id, department_id, ended_at, seconds in (
            Pause.objects.filter(_between("ended_at", window))
            .values_list("case__office_id", "work_order__department__office_id", "work_order__department_id",
                         "ended_at", "working_seconds")):
        tally.add(office_id, None, ended_at, "paused_seconds", seconds)
        if department_id is not None:
            tally.add(dept_office_id, department_id, ended_at, "paused_seconds", seconds)


def _tally_aftercare(tally: _Tally, window: dict) -> None:
    callbacks = list(Callback.objects.filter(_between("done_at", window), kind=Callback.Kind.AFTER_CLOSING,
                                             outcome__in=REACHED)
                     .values_list("case_id", "office_id", "done_at", "outcome"))
    ratings = list(Rating.objects.filter(_between("given_at", window))
                   .values_list("case_id", "case__office_id", "given_at", "level"))
    departments = _answering_departments([row[0] for row in callbacks + ratings])
    for case_id, office_id, done_at, outcome in callbacks:
        for office, department in [(office_id, None), *departments.get(case_id, ())]:
            tally.add(office, department, done_at, "callbacks_reached")
            tally.add(office, department, done_at, "callbacks_solved", int(outcome == Callback.Outcome.SATISFIED))
    for case_id, office_id, given_at, level in ratings:
        for office, department in [(office_id, None), *departments.get(case_id, ())]:
            tally.add(office, department, given_at, RATING_FIELDS[level])


def figures_recompute(*, since: datetime.date, until: datetime.date) -> int:
    """Rebuild the daily figures of the local days `since`..`until` (inclusive)
    from the raw rows; returns the number of rows written."""
    if until < since:
        raise ValueError("until is before since")
    offices = {office.pk: office for office in Office.objects.all()}
    tally, window = _Tally(since, until, offices), _window(since, until)
    _tally_cases(tally, window)
    _tally_tiers(tally, window)
    _tally_orders(tally, window)
    _tally_aftercare(tally, window)
    rows = tally.rows(timezone.now())
    with transaction.atomic():
        DailyFigure.objects.filter(day__gte=since, day__lte=until).delete()
        DailyFigure.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def figures_refresh(*, days: int = REFRESH_DAYS) -> int:
    """The scheduled job: the last `days` local days, today included."""
    today = timezone.localdate()
    return figures_recompute(since=today - datetime.timedelta(days=days - 1), until=today)


def figures_rebuild(*, since: datetime.date, until: datetime.date, step_days: int = 31) -> int:
    """A long range, a month at a time (bounded memory, short transactions)."""
    written, start = 0, since
    while start <= until:
        end = min(until, start + datetime.timedelta(days=step_days - 1))
        written += figures_recompute(since=start, until=end)
        start = end + datetime.timedelta(days=1)
    return written
