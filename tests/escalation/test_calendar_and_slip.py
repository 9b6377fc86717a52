"""A calendar correction moves the open deadlines it touches; meetings go on the slip."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from cases.models import AuditEvent, Case
from cases.services.dispatch import case_dispatch, meeting_record
from cases.sweep import sweep
from routing import clock
from routing.models import CalendarDay
from tests.escalation.conftest import at


def _declare_holiday(day, capture):
    with capture(execute=True):
        CalendarDay.objects.create(date=day, is_working_day=False, kind=CalendarDay.Kind.HOLIDAY, name="临时假日")


def test_a_holiday_entered_inside_a_cases_tier_moves_its_deadline_by_a_day(
        register_at, leader_all_month, django_capture_on_commit_callbacks):
    case = register_at(at(16, 10))
    _declare_holiday(datetime.date(2026, 11, 17), django_capture_on_commit_callbacks)
    case.refresh_from_db()
    assert case.due_at == at(18, 17)
    event = AuditEvent.objects.get(case=case, action="case.deadline_recomputed")
    assert event.actor is None
    moved = [datetime.datetime.fromisoformat(event.data[key]) for key in ("before", "after")]
    assert moved == [at(17, 17), at(18, 17)]


def test_the_sweep_follows_the_moved_deadline(register_at, leader_all_month, committee, django_capture_on_commit_callbacks):
    case = register_at(at(16, 10))
    _declare_holiday(datetime.date(2026, 11, 17), django_capture_on_commit_callbacks)
    assert sweep(at(17, 17, 1), mail=False).escalated == 0
    assert sweep(at(18, 17, 1), mail=False).escalated == 1
    assert Case.objects.get(pk=case.pk).tier_entered_at == at(18, 17)


def test_a_holiday_after_a_cases_deadline_leaves_it_alone(register_at, leader_all_month, django_capture_on_commit_callbacks):
    case = register_at(at(16, 10))
    _declare_holiday(datetime.date(2026, 11, 19), django_capture_on_commit_callbacks)
    case.refresh_from_db()
    assert case.due_at == at(17, 17)
    assert not AuditEvent.objects.filter(action="case.deadline_recomputed").exists()


def test_a_holiday_inside_a_work_orders_time_moves_both_its_deadlines(
        register_at, leader_all_month, department, django_capture_on_commit_callbacks):
    case = register_at(at(16, 9))
    with time_machine.travel(at(16, 10), tick=False):
        order = case_dispatch(case=case, by=leader_all_month, department=department, kind="cannot", instruction="答复")
    assert order.due_at == at(19, 17)
    _declare_holiday(datetime.date(2026, 11, 18), django_capture_on_commit_callbacks)
    order.refresh_from_db()
    assert (order.due_at, order.original_due_at) == (at(20, 17), at(20, 17))
    assert AuditEvent.objects.filter(case=case, action="work_order.deadline_recomputed").count() == 1


def test_a_recorded_meeting_shows_its_decision_on_the_referral_slip(register_at, leader_all_month, department, client):
    case = register_at(at(16, 9))
    with time_machine.travel(at(16, 15), tick=False):
        meeting_record(case=case, by=leader_all_month, held_at=at(16, 14), departments=[department],
                       attendees="养老保险科、档案室", decision="档案室复核原始档案后补录")
    client.force_login(leader_all_month)
    html = client.get(reverse("cases:slip", args=[case.number])).content.decode()
    assert "档案室复核原始档案后补录" in html


def test_a_meeting_needs_a_decision(register_at, leader_all_month, department):
    from cases.services import CaseActionError

    case = register_at(at(16, 9))
    with pytest.raises(CaseActionError) as refused:
        meeting_record(case=case, by=leader_all_month, held_at=at(16, 14), departments=[department],
                       attendees="养老保险科", decision=" ")
    assert refused.value.field == "decision"


def test_a_holiday_inside_a_work_orders_time_moves_its_yellow_light_with_its_deadline(
        register_at, leader_all_month, department, django_capture_on_commit_callbacks):
    case = register_at(at(16, 9))
    with time_machine.travel(at(16, 10), tick=False):
        order = case_dispatch(case=case, by=leader_all_month, department=department, kind="cannot", instruction="答复")
    before = order.warn_at
    _declare_holiday(datetime.date(2026, 11, 18), django_capture_on_commit_callbacks)
    order.refresh_from_db()
    assert order.warn_at != before
    assert order.warn_at == clock.deadline(order.dispatched_at, order.days, case.office).warn
    # The sweep warns the department exactly when the list shows the light turning yellow.
    assert clock.light(start=order.dispatched_at, due=order.due_at, now=order.warn_at, hours=case.office) == clock.YELLOW
    just_before = order.warn_at - datetime.timedelta(microseconds=1)
    assert clock.light(start=order.dispatched_at, due=order.due_at, now=just_before, hours=case.office) == clock.GREEN
