"""The callback after closing: its clock, its outcomes, three tries, and 重办."""

import pytest
import time_machine

from cases.models import AuditEvent, Callback, State, TextMessage
from cases.services import CaseActionError
from cases.services.aftercare import callback_record
from routing import clock
from tests.escalation.conftest import at


def _callback(case) -> Callback:
    return Callback.objects.get(case=case, kind=Callback.Kind.AFTER_CLOSING)


def test_closing_opens_a_callback_due_three_working_days_later_with_a_text_to_rate(close_case):
    case = close_case(at(20, 10))  # Friday
    callback = _callback(case)
    assert callback.is_open and callback.office_id == case.office_id
    # The end of the third working day after Friday: the weekend does not count.
    assert callback.due_at == clock.deadline(case.closed_at, 3, case.office).due == at(25, 17)
    text = TextMessage.objects.get(case=case, kind="rating_link")
    assert f"/t/{case.tracking_token}/rate/" in text.body


def test_the_office_sets_its_own_callback_days(close_case, city):
    city.callback_working_days = 1
    city.save()
    case = close_case(at(16, 10))
    assert _callback(case).due_at == at(17, 17)  # the end of the next working day


def test_the_light_runs_green_yellow_red_on_the_working_day_clock(close_case):
    case = close_case(at(16, 10))
    callback = _callback(case)
    with time_machine.travel(at(16, 11), tick=False):
        assert callback.light == "green"
    with time_machine.travel(at(19, 9), tick=False):
        assert callback.light == "yellow"
    with time_machine.travel(at(20, 9), tick=False):
        assert callback.light == "red"


@pytest.mark.parametrize("outcome", ["satisfied", "partly", "declined"])
def test_an_answer_closes_the_callback_and_leaves_the_case_closed(close_case, clerk, outcome):
    case = close_case()
    callback = callback_record(callback=_callback(case), by=clerk, outcome=outcome, note="群众表示认可")
    case.refresh_from_db()
    assert not callback.is_open and callback.outcome == outcome and callback.done_by == clerk
    assert case.state == State.CLOSED
    event = AuditEvent.objects.get(case=case, action="case.called_back")
    assert event.data["outcome"] == outcome and event.actor == clerk


def test_not_reached_is_tried_again_and_the_third_try_closes_it(close_case, clerk):
    case = close_case()
    callback = _callback(case)
    for tries in (1, 2):
        callback = callback_record(callback=callback, by=clerk, outcome="not_reached")
        assert callback.is_open and callback.tries == tries
    callback = callback_record(callback=callback, by=clerk, outcome="not_reached")
    assert not callback.is_open and callback.outcome == "not_reached" and callback.tries == 3
    assert AuditEvent.objects.filter(case=case, action="case.callback_tried").count() == 2
    assert AuditEvent.objects.filter(case=case, action="case.called_back").count() == 1
    with pytest.raises(CaseActionError, match="already done"):
        callback_record(callback=callback, by=clerk, outcome="not_reached")


def test_not_solved_reopens_the_case_for_handling_again_with_the_reason(close_case, clerk, duty_leader):
    case = close_case()
    with pytest.raises(CaseActionError) as error:
        callback_record(callback=_callback(case), by=clerk, outcome="not_solved")
    assert error.value.field == "note"
    callback_record(callback=_callback(case), by=clerk, outcome="not_solved", note="待遇仍未到账")
    case.refresh_from_db()
    assert case.state == State.TIER1 and case.closed_at is None and case.due_at is not None
    event = AuditEvent.objects.get(case=case, action="case.rehandling")
    assert (event.from_state, event.to_state, event.reason, event.actor) == ("closed", "tier1", "待遇仍未到账", clerk)


def test_a_case_closed_again_gets_a_fresh_callback_and_one_open_at_a_time(close_case, clerk, duty_leader):
    from cases.services import case_resolve

    case = close_case()
    callback_record(callback=_callback(case), by=clerk, outcome="not_solved", note="未解决")
    case.refresh_from_db()
    case_resolve(case=case, by=clerk, result="重新办理完毕", close=True)
    assert Callback.objects.filter(case=case, kind="after_closing").count() == 2
    assert Callback.objects.filter(case=case, kind="after_closing", done_at__isnull=True).count() == 1


def test_a_clerk_of_another_office_cannot_record_a_callback(close_case, county_clerk):
    case = close_case()
    with pytest.raises(CaseActionError, match="right"):
        callback_record(callback=_callback(case), by=county_clerk, outcome="satisfied")
    assert _callback(case).is_open


def test_a_case_without_a_phone_is_closed_without_a_text(close_case):
    case = close_case(reporter_phone="")
    assert _callback(case).is_open
    assert not TextMessage.objects.filter(case=case).exists()
