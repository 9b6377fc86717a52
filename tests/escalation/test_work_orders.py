"""Work orders (工单): a clock from dispatch, capped returns, honest extensions."""

import datetime

import pytest
import time_machine

from cases.models import AuditEvent, Notification, WorkOrder
from cases.services import CaseActionError
from cases.services.dispatch import (
    case_dispatch,
    extension_decide,
    work_order_answer,
    work_order_request_extension,
    work_order_return,
    work_order_sign,
)
from cases.sweep import sweep
from routing import roles
from tests.conftest import make_staff
from tests.escalation.conftest import at


@pytest.fixture
def case(register_at, leader_all_month):
    return register_at(at(16, 9))


def dispatch(case, by, department, kind="should", moment=None):
    with time_machine.travel(moment or at(16, 10), tick=False):
        return case_dispatch(case=case, by=by, department=department, kind=kind, instruction="三日内答复外省数据问题")


def test_a_should_have_been_done_order_gets_five_working_days(case, leader_all_month, department):
    order = dispatch(case, leader_all_month, department, kind="should")
    assert (order.days, order.due_at, order.original_due_at) == (5, at(23, 17), at(23, 17))


def test_a_cannot_be_done_order_gets_three_working_days(case, leader_all_month, department):
    order = dispatch(case, leader_all_month, department, kind="cannot")
    assert (order.days, order.due_at) == (3, at(19, 17))


def test_the_limits_are_the_offices_settings(case, city, leader_all_month, department):
    city.work_order_days_should_have_done = 2
    city.save()
    order = dispatch(case, leader_all_month, department, kind="should")
    assert order.due_at == at(18, 17)


def test_dispatching_notifies_the_department_head(case, leader_all_month, department, section_head):
    order = dispatch(case, leader_all_month, department)
    note = Notification.objects.get(kind="dispatched")
    assert (note.recipient, note.work_order) == (section_head, order)


def test_a_clerk_may_not_dispatch(case, clerk, department):
    with pytest.raises(CaseActionError):
        dispatch(case, clerk, department)


def test_the_clock_runs_from_dispatch_not_from_signing(case, leader_all_month, department, section_head):
    order = dispatch(case, leader_all_month, department)
    with time_machine.travel(at(20, 16), tick=False):  # signed four days later
        signed = work_order_sign(order=order, by=section_head)
    assert signed.state == WorkOrder.State.SIGNED
    assert (signed.dispatched_at, signed.due_at) == (at(16, 10), at(23, 17))


def test_only_the_departments_head_signs(case, leader_all_month, department, other_clerk):
    order = dispatch(case, leader_all_month, department)
    with pytest.raises(CaseActionError, match="head"):
        work_order_sign(order=order, by=other_clerk)


def test_a_return_needs_a_reason(case, leader_all_month, department, section_head):
    order = dispatch(case, leader_all_month, department)
    with pytest.raises(CaseActionError) as refused:
        work_order_return(order=order, by=section_head, reason=" ")
    assert refused.value.field == "reason"
    order.refresh_from_db()
    assert order.state == WorkOrder.State.DISPATCHED


def test_a_return_goes_back_to_the_duty_leader_with_its_reason(case, leader_all_month, department, section_head):
    order = dispatch(case, leader_all_month, department)
    returned = work_order_return(order=order, by=section_head, reason="不属于本科职责")
    assert (returned.state, returned.return_reason) == (WorkOrder.State.RETURNED, "不属于本科职责")
    assert Notification.objects.filter(kind="returned", recipient=leader_all_month).count() == 1


def test_after_two_returns_the_next_dispatch_is_final_and_cannot_be_returned(case, leader_all_month, department, section_head):
    for _ in range(2):
        order = dispatch(case, leader_all_month, department)
        assert not order.final
        work_order_return(order=order, by=section_head, reason="不属于本科职责")
    final = dispatch(case, leader_all_month, department)
    assert final.final
    assert final.previous is not None
    with pytest.raises(CaseActionError, match="final"):
        work_order_return(order=final, by=section_head, reason="还是不属于本科职责")
    final.refresh_from_db()
    assert final.state == WorkOrder.State.DISPATCHED
    assert AuditEvent.objects.filter(case=case, action="work_order.returned").count() == 2
    # The final assignment is still answered normally.
    assert work_order_answer(order=final, by=section_head, answer="已办结").state == WorkOrder.State.ANSWERED


def test_an_extension_asked_for_after_the_deadline_is_refused(case, leader_all_month, department, section_head):
    order = dispatch(case, leader_all_month, department)
    with time_machine.travel(at(23, 17, 1), tick=False), pytest.raises(CaseActionError, match="before the deadline"):
        work_order_request_extension(order=order, by=section_head, until=datetime.date(2026, 11, 27), reason="等外省")
    assert not order.extension_requests.exists()


def test_an_extension_asked_for_before_the_deadline_waits_for_the_duty_leader(case, leader_all_month, department, section_head):
    order = dispatch(case, leader_all_month, department)
    with time_machine.travel(at(23, 16), tick=False):
        request = work_order_request_extension(order=order, by=section_head, until=datetime.date(2026, 11, 27), reason="等外省")
    assert request.approved is None
    assert request.requested_due_at == at(27, 17)
    assert Notification.objects.filter(kind="extension", recipient=leader_all_month).count() == 1


def test_an_approved_extension_keeps_the_original_deadline_on_record(case, leader_all_month, department, section_head):
    order = dispatch(case, leader_all_month, department)
    with time_machine.travel(at(23, 16), tick=False):
        request = work_order_request_extension(order=order, by=section_head, until=datetime.date(2026, 11, 27), reason="等外省")
        extension_decide(request=request, by=leader_all_month, approve=True, note="同意")
    order.refresh_from_db()
    assert (order.original_due_at, order.due_at) == (at(23, 17), at(27, 17))
    assert order.was_extended


def test_a_refused_extension_leaves_the_deadline(case, leader_all_month, department, section_head):
    order = dispatch(case, leader_all_month, department)
    with time_machine.travel(at(23, 16), tick=False):
        request = work_order_request_extension(order=order, by=section_head, until=datetime.date(2026, 11, 27), reason="等外省")
        extension_decide(request=request, by=leader_all_month, approve=False, note="不同意")
    order.refresh_from_db()
    assert order.due_at == order.original_due_at == at(23, 17)


def test_on_time_is_measured_against_the_original_deadline(case, leader_all_month, department, section_head):
    order = dispatch(case, leader_all_month, department)
    with time_machine.travel(at(23, 16), tick=False):
        request = work_order_request_extension(order=order, by=section_head, until=datetime.date(2026, 11, 27), reason="等外省")
        extension_decide(request=request, by=leader_all_month, approve=True)
    with time_machine.travel(at(25, 10), tick=False):  # inside the extension, after the original deadline
        answered = work_order_answer(order=order, by=section_head, answer="已答复")
    assert answered.on_time is False


def test_an_answer_by_the_original_deadline_is_on_time(case, leader_all_month, department, section_head):
    order = dispatch(case, leader_all_month, department)
    with time_machine.travel(at(23, 17), tick=False):
        assert work_order_answer(order=order, by=section_head, answer="已答复").on_time is True


def test_an_overdue_order_notifies_the_duty_leader_and_the_head_once(case, leader_all_month, department, section_head):
    order = dispatch(case, leader_all_month, department)
    assert sweep(at(23, 16, 59), mail=False).work_orders_overdue == 0
    assert sweep(at(23, 17, 1), mail=False).work_orders_overdue == 1
    assert sweep(at(24, 9), mail=False).work_orders_overdue == 0
    notes = Notification.objects.filter(kind="overdue", work_order=order)
    assert sorted(n.recipient.username for n in notes) == ["head", "leader"]


def test_an_answered_order_is_never_flagged_overdue(case, leader_all_month, department, section_head):
    order = dispatch(case, leader_all_month, department)
    with time_machine.travel(at(18, 10), tick=False):
        work_order_answer(order=order, by=section_head, answer="已答复")
    assert sweep(at(30, 9), mail=False).work_orders_overdue == 0
    assert not Notification.objects.filter(kind="overdue", work_order=order).exists()


def test_an_order_turning_yellow_notifies_the_head_once(case, leader_all_month, department, section_head):
    order = dispatch(case, leader_all_month, department, kind="cannot")
    assert order.warn_at is not None
    assert sweep(order.warn_at, mail=False).work_orders_warned == 1
    assert sweep(order.due_at, mail=False).work_orders_warned == 0
    assert Notification.objects.filter(kind="yellow", work_order=order, recipient=section_head).count() == 1


def test_an_extended_order_that_runs_late_again_is_flagged_again(case, leader_all_month, department, section_head):
    order = dispatch(case, leader_all_month, department)
    sweep(at(23, 17, 1), mail=False)
    # Asked for before the deadline, decided after it.
    with time_machine.travel(at(23, 16), tick=False):
        request = work_order_request_extension(order=order, by=section_head, until=datetime.date(2026, 11, 26), reason="等外省")
    with time_machine.travel(at(24, 9), tick=False):
        extension_decide(request=request, by=leader_all_month, approve=True)
    assert sweep(at(26, 17, 1), mail=False).work_orders_overdue == 1
    assert Notification.objects.filter(kind="overdue", work_order=order, recipient=section_head).count() == 2


def test_an_outside_agency_without_an_account_is_answered_for_by_the_duty_leader(case, city, leader_all_month):
    from routing.models import Department

    province = Department.objects.create(office=city, name="外省养老保险中心", kind=Department.Kind.EXTERNAL)
    order = dispatch(case, leader_all_month, province)
    assert work_order_answer(order=order, by=leader_all_month, answer="外省已修正数据").state == WorkOrder.State.ANSWERED
    other_head = make_staff("head2", city, roles.SECTION_HEAD)
    with pytest.raises(CaseActionError):
        work_order_sign(order=dispatch(case, leader_all_month, province), by=other_head)
