"""The daily figures agree with the register: every counter of every row is
recomputed here from the raw rows, by a plain reading of each definition."""

import bisect
import datetime
from collections import Counter, defaultdict
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from cases.models import (CLOSE_HOUR_EDGES, COUNTERS, AuditEvent, Callback, Case, DailyFigure, Pause, Rating,
                          TierSpan, WorkOrder)
from cases.selectors.statistics import median_close_hours
from cases.services.figures import figures_rebuild, figures_recompute, figures_refresh
from routing import clock
from routing.models import Office

RATING_FIELD = {"very_satisfied": "rated_very_satisfied", "satisfied": "rated_satisfied", "basically": "rated_basically",
                "dissatisfied": "rated_dissatisfied", "very_dissatisfied": "rated_very_dissatisfied"}


def from_raw_rows(since, until):
    offices = {office.pk: office for office in Office.objects.all()}
    counts, hours = defaultdict(Counter), defaultdict(lambda: [0] * (len(CLOSE_HOUR_EDGES) + 1))

    def day(moment, office_id):
        return moment.astimezone(ZoneInfo(offices[office_id].timezone)).date()

    def add(office_id, department_id, moment, field, n=1):
        if moment is not None and since <= day(moment, office_id) <= until and n:
            counts[(office_id, department_id, day(moment, office_id))][field] += n

    counted = [case for case in Case.objects.all() if case.triage not in ("spam", "abuse", "merged")]
    for case in counted:
        add(case.office_id, None, case.registered_at, "registered")
        if (case.escalated_at is None and case.closed_at is not None
                and day(case.closed_at, case.office_id) == day(case.registered_at, case.office_id)):
            add(case.office_id, None, case.registered_at, "consultations")
        add(case.office_id, None, case.escalated_at, "climbed")
        add(case.office_id, None, case.resolved_at, "resolved")
        if case.state == "closed":
            add(case.office_id, None, case.closed_at, "closed")
            if since <= day(case.closed_at, case.office_id) <= until:
                worked = clock.working_seconds_between(case.registered_at, case.closed_at, offices[case.office_id])
                bucket = bisect.bisect_left(CLOSE_HOUR_EDGES, worked / 3600)
                hours[(case.office_id, None, day(case.closed_at, case.office_id))][bucket] += 1
    for span in TierSpan.objects.select_related("case"):
        if span.tier == "tier1" and span.left_at and span.exit != "triaged":
            add(span.case.office_id, None, span.left_at, "responses_due")
            on_time = span.exit != "escalated_by_timer" and span.left_at <= span.due_at
            add(span.case.office_id, None, span.left_at, "responded_in_time", int(on_time))
        if span.tier in ("tier2", "tier3"):
            add(span.case.office_id, None, span.entered_at, f"escalated_{span.tier}")
    for event in AuditEvent.objects.filter(action__in=["case.reopened", "case.rehandling"]):
        add(event.office_id, None, event.at, "reopened")
    for order in WorkOrder.objects.select_related("case", "department"):
        units = [(order.case.office_id, None), (order.department.office_id, order.department_id)]
        for office_id, department_id in units:
            if order.state == "returned":
                add(office_id, department_id, order.returned_at, "orders_returned")
                continue
            add(office_id, department_id, order.original_due_at, "orders_due")
            add(office_id, department_id, order.original_due_at, "orders_on_time", int(bool(order.on_time)))
            if department_id:
                add(office_id, department_id, order.original_due_at, "responses_due")
                signed = order.signed_at is not None and order.signed_at <= order.original_due_at
                add(office_id, department_id, order.original_due_at, "responded_in_time", int(signed))
    for pause in Pause.objects.select_related("case", "work_order__department"):
        add(pause.case.office_id, None, pause.ended_at, "paused_seconds", pause.working_seconds)
        if pause.work_order_id:
            department = pause.work_order.department
            add(department.office_id, department.pk, pause.ended_at, "paused_seconds", pause.working_seconds)

    def answering(case):
        return [(o.department.office_id, o.department_id)
                for o in WorkOrder.objects.filter(case=case, state="answered").select_related("department")]

    for callback in Callback.objects.filter(kind="after_closing", outcome__in=["satisfied", "partly", "not_solved"]):
        for office_id, department_id in [(callback.office_id, None), *set(answering(callback.case))]:
            add(office_id, department_id, callback.done_at, "callbacks_reached")
            add(office_id, department_id, callback.done_at, "callbacks_solved", int(callback.outcome == "satisfied"))
    for rating in Rating.objects.select_related("case"):
        for office_id, department_id in [(rating.case.office_id, None), *set(answering(rating.case))]:
            add(office_id, department_id, rating.given_at, RATING_FIELD[rating.level])
    return counts, hours


def stored():
    return {(row.office_id, row.department_id, row.day): row for row in DailyFigure.objects.all()}


def test_every_figure_of_every_day_agrees_with_the_raw_rows(raw_register):
    since, until = timezone.localdate() - datetime.timedelta(days=16), timezone.localdate() + datetime.timedelta(days=1)
    figures_recompute(since=since, until=until)
    counts, hours = from_raw_rows(since, until)
    rows = stored()
    assert set(rows) == set(counts)
    for key, row in rows.items():
        assert {field: getattr(row, field) for field in COUNTERS} == {field: counts[key][field] for field in COUNTERS}, key
        assert row.close_hours == (hours[key] if key in hours else []), key
    assert sum(c["registered"] for c in counts.values()) > 30  # the world is not empty
    assert sum(c["orders_due"] for c in counts.values()) and sum(c["callbacks_reached"] for c in counts.values())


def test_a_rerun_and_a_rebuild_a_week_at_a_time_write_the_same_rows(raw_register):
    since, until = timezone.localdate() - datetime.timedelta(days=16), timezone.localdate()

    def snapshot():
        return {key: ({f: getattr(row, f) for f in COUNTERS}, row.close_hours) for key, row in stored().items()}

    figures_recompute(since=since, until=until)
    first = snapshot()
    figures_recompute(since=since, until=until)
    assert snapshot() == first
    DailyFigure.objects.all().delete()
    figures_rebuild(since=since, until=until, step_days=7)
    assert snapshot() == first


def test_the_scheduled_refresh_rewrites_only_the_last_days(raw_register):
    today = timezone.localdate()
    figures_recompute(since=today - datetime.timedelta(days=16), until=today)
    old = {key: row.computed_at for key, row in stored().items() if key[2] < today - datetime.timedelta(days=7)}
    figures_refresh(days=8)
    assert old and all(stored()[key].computed_at == at for key, at in old.items())
    assert min(row.day for row in DailyFigure.objects.filter(computed_at__gt=max(old.values()))) >= today - datetime.timedelta(days=7)


@pytest.mark.parametrize(("buckets", "expected"), [
    ([], (None, False)),
    ([0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0], (3.0, False)),  # all four in (2, 4]: the middle of the band
    ([1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], (0.5, False)),
    ([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3], (160.0, True)),
])
def test_the_median_is_read_from_the_bands(buckets, expected):
    assert median_close_hours(buckets) == expected
