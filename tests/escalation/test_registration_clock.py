"""Registering a case puts it at tier 1, owned by the day's duty leader (首问负责制)."""

import datetime

from cases.models import State, TierSpan
from tests.escalation.conftest import at


def test_a_case_registered_at_ten_on_a_working_day_belongs_to_that_days_leader(register_at, duty_leader, other_leader, on_duty):
    on_duty(duty_leader, datetime.date(2026, 11, 16))
    on_duty(other_leader, datetime.date(2026, 11, 17))
    case = register_at(at(16, 10))
    assert case.state == State.TIER1
    assert case.duty_leader == duty_leader


def test_the_tier_one_deadline_is_five_pm_of_the_next_working_day(register_at, leader_all_month):
    case = register_at(at(16, 10))
    assert case.due_at == at(17, 17)
    assert case.tier_entered_at == at(16, 10)
    assert case.tier_days == 1


def test_a_case_registered_on_a_friday_is_due_on_monday_evening(register_at, leader_all_month):
    case = register_at(at(20, 10))
    assert case.due_at == at(23, 17)


def test_registration_opens_one_tier_span_held_by_the_duty_leader(register_at, leader_all_month):
    case = register_at(at(16, 10))
    span = TierSpan.objects.get(case=case)
    assert (span.tier, span.holder, span.entered_at, span.due_at, span.left_at) == (
        State.TIER1, leader_all_month, at(16, 10), at(17, 17), None)


def test_a_case_registered_at_eight_in_the_evening_belongs_to_the_next_working_days_leader(
        register_at, duty_leader, other_leader, on_duty):
    on_duty(duty_leader, datetime.date(2026, 11, 16))
    on_duty(other_leader, datetime.date(2026, 11, 17))
    case = register_at(at(16, 20))
    assert case.duty_leader == other_leader
    # The evening is not counted: the case has the whole of Tuesday's office hours.
    assert case.due_at == at(17, 17)


def test_a_case_registered_on_a_saturday_belongs_to_mondays_leader_and_is_due_monday_evening(
        register_at, duty_leader, other_leader, on_duty):
    on_duty(duty_leader, datetime.date(2026, 11, 20))
    on_duty(other_leader, datetime.date(2026, 11, 23))
    case = register_at(at(21, 11))
    assert case.duty_leader == other_leader
    assert case.due_at == at(23, 17)


def test_a_case_registered_at_five_pm_sharp_is_already_the_next_days_business(register_at, duty_leader, other_leader, on_duty):
    on_duty(duty_leader, datetime.date(2026, 11, 16))
    on_duty(other_leader, datetime.date(2026, 11, 17))
    assert register_at(at(16, 17)).duty_leader == other_leader


def test_without_a_rota_the_case_still_registers_with_no_owner(register_at):
    case = register_at(at(16, 10))
    assert case.pk is not None
    assert case.state == State.TIER1
    assert case.duty_leader is None
    assert case.due_at == at(17, 17)
