"""Work orders: dispatching a case to departments and what the departments do with it."""

import datetime

from django.db import transaction
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition, TransitionNotAllowed, can_proceed, has_transition_perm

from cases.models import Case, ExtensionRequest, Meeting, Pause, WorkOrder
from cases.models.audit import MEETING_RECORDED
from routing import clock
from routing.models import Department

from . import notify, tiers
from .audit import audit_log
from .errors import CaseActionError


def work_order_days(case: Case, kind: str) -> int:
    office = case.office
    return office.work_order_days_should_have_done if kind == WorkOrder.Kind.SHOULD_HAVE_DONE else office.work_order_days_cannot_be_done


def _returns_so_far(case: Case) -> int:
    return case.work_orders.filter(state=WorkOrder.State.RETURNED).count()


def case_dispatch(*, case: Case, by, department: Department, kind: str, instruction: str) -> WorkOrder:
    """派单: send the case to a department, whose clock starts now."""
    if kind not in WorkOrder.Kind.values:
        raise CaseActionError(_("Choose the kind of matter."), field="kind")
    if not instruction.strip():
        raise CaseActionError(_("Write the instruction for the department."), field="instruction")
    with transaction.atomic():
        case = Case.objects.select_for_update().select_related("office").get(pk=case.pk)
        if by.office_id != case.office_id or not by.has_perm("cases.dispatch_case"):
            raise CaseActionError(_("You do not have the right to do this."))
        if case.state not in tiers.TIER_STATES:
            raise CaseActionError(_("This cannot be done now: the case is “%(state)s”.") % {"state": case.get_state_display()})
        if department.office_id != case.office_id or not department.active:
            raise CaseActionError(_("Choose a department of this office."), field="department")
        if case.work_orders.filter(department=department, state__in=WorkOrder.OPEN).exists():
            raise CaseActionError(_("This department already has an open work order for this case."), field="department")
        at = tiers.now()
        days = work_order_days(case, kind)
        due, warn = clock.deadline(at, days, case.office)
        returns = _returns_so_far(case)
        order = WorkOrder.objects.create(
            case=case, department=department, kind=kind, instruction=instruction.strip(), dispatched_by=by,
            dispatched_at=at, days=days, original_due_at=due, due_at=due, warn_at=warn,
            # After the allowed returns, the duty leader's assignment is final.
            final=returns >= case.office.max_work_order_returns,
            previous=case.work_orders.filter(state=WorkOrder.State.RETURNED).order_by("-returned_at").first(),
        )
        audit_log(case=case, actor=by, action="work_order.dispatched", from_state=case.state, to_state=case.state,
                  data={"work_order": order.pk, "department": department.name, "due_at": due.isoformat(),
                        "final": order.final})
        if department.head_id:
            notify.notify(recipients=[department.head], case=case, work_order=order, kind="dispatched",
                          key=f"dispatched:{order.pk}",
                          message=notify.in_default_language(lambda: _(
                              "Work order for case %(number)s: %(instruction)s Deadline: %(due)s.") % {
                              "number": case.number, "instruction": order.instruction,
                              "due": clock.local(due, case.office).strftime("%Y-%m-%d %H:%M")}))
    return order


def _locked_order(order: WorkOrder) -> WorkOrder:
    return WorkOrder.objects.select_for_update().select_related("case", "case__office", "department").get(pk=order.pk)


def _department_may_act(order: WorkOrder, by) -> None:
    """The department's head acts on its orders; for an outside agency (another
    province's office, with no account here) the duty leader records what it said."""
    department = order.department
    stands_in = department.kind == Department.Kind.EXTERNAL and by.has_perm("cases.dispatch_case")
    allowed = by.office_id == order.case.office_id and (department.head_id == by.pk or stands_in)
    if not allowed:
        raise CaseActionError(_("Only the head of %(department)s may do this.") % {"department": department})


def _apply(order: WorkOrder, name: str, *, by, action: str, audit_reason: str = "", **kwargs) -> None:
    method = getattr(order, name)
    if not can_proceed(method, check_conditions=False):
        raise CaseActionError(_("This cannot be done now: the work order is “%(state)s”.") % {"state": order.get_state_display()})
    if not can_proceed(method):
        raise CaseActionError(_("The returns allowed are used up: this assignment is final and must be handled."))
    if not has_transition_perm(method, by):
        raise CaseActionError(_("You do not have the right to do this."))
    before = order.state
    try:
        method(by=by, **kwargs)
        order.save()
    except TransitionNotAllowed:
        raise CaseActionError(_("This cannot be done now: the work order is “%(state)s”.") % {"state": order.get_state_display()})
    except ConcurrentTransition:
        raise CaseActionError(_("Someone else changed this work order at the same moment. Reload the page."))
    audit_log(case=order.case, actor=by, action=action, from_state=order.case.state, to_state=order.case.state,
              reason=audit_reason, data={"work_order": order.pk, "department": order.department.name,
                                   "from": before, "to": order.state})


def work_order_sign(*, order: WorkOrder, by) -> WorkOrder:
    """签收: the department acknowledges; the clock is not reset by it."""
    with transaction.atomic():
        order = _locked_order(order)
        _department_may_act(order, by)
        _apply(order, "sign", by=by, action="work_order.signed")
    return order


def work_order_answer(*, order: WorkOrder, by, answer: str) -> WorkOrder:
    if not answer.strip():
        raise CaseActionError(_("Write the answer."), field="answer")
    with transaction.atomic():
        order = _locked_order(order)
        _department_may_act(order, by)
        _apply(order, "answer_in_writing", by=by, action="work_order.answered", answer=answer.strip())
        notify.notify(recipients=[order.case.duty_leader or order.dispatched_by], case=order.case, work_order=order,
                      kind="answered", key=f"answered:{order.pk}",
                      message=notify.in_default_language(lambda: _("%(department)s answered the work order of case %(number)s.") % {
                          "department": order.department, "number": order.case.number}))
    return order


def work_order_return(*, order: WorkOrder, by, reason: str) -> WorkOrder:
    """退回: back to the duty leader with a typed reason; capped per case."""
    if not reason.strip():
        raise CaseActionError(_("Give the reason for returning the work order."), field="reason")
    with transaction.atomic():
        order = _locked_order(order)
        _department_may_act(order, by)
        _apply(order, "return_to_leader", by=by, action="work_order.returned", audit_reason=reason.strip(),
               reason=reason.strip())
        notify.notify(recipients=[order.case.duty_leader or order.dispatched_by], case=order.case, work_order=order,
                      kind="returned", key=f"returned:{order.pk}",
                      message=notify.in_default_language(lambda: _("%(department)s returned the work order of case %(number)s: %(reason)s") % {
                          "department": order.department, "number": order.case.number, "reason": reason.strip()}))
    return order


def work_order_request_extension(*, order: WorkOrder, by, until: datetime.date, reason: str) -> ExtensionRequest:
    """延期: asked for before the deadline, to the close of office hours of `until`."""
    if not reason.strip():
        raise CaseActionError(_("Give the reason for the extension."), field="reason")
    with transaction.atomic():
        order = _locked_order(order)
        _department_may_act(order, by)
        if not order.is_open:
            raise CaseActionError(_("This cannot be done now: the work order is “%(state)s”.") % {"state": order.get_state_display()})
        at = tiers.now()
        if at >= order.due_at:
            raise CaseActionError(_("An extension must be asked for before the deadline."), field="until")
        office = order.case.office
        requested = datetime.datetime.combine(until, office.afternoon_closes, clock.local(at, office).tzinfo)
        if requested <= order.due_at:
            raise CaseActionError(_("Ask for a date after the current deadline."), field="until")
        if order.extension_requests.filter(approved__isnull=True).exists():
            raise CaseActionError(_("An extension is already waiting for the duty leader."))
        request = ExtensionRequest.objects.create(work_order=order, requested_due_at=requested, reason=reason.strip(),
                                                  requested_by=by)
        audit_log(case=order.case, actor=by, action="work_order.extension_requested", from_state=order.case.state,
                  to_state=order.case.state, reason=reason.strip(),
                  data={"work_order": order.pk, "requested_due_at": requested.isoformat()})
        notify.notify(recipients=[order.case.duty_leader or order.dispatched_by], case=order.case, work_order=order,
                      kind="extension", key=f"extension:{request.pk}",
                      message=notify.in_default_language(lambda: _("%(department)s asks to extend the work order of case %(number)s to %(until)s: %(reason)s") % {
                          "department": order.department, "number": order.case.number, "until": until.isoformat(),
                          "reason": reason.strip()}))
    return request


def extension_decide(*, request: ExtensionRequest, by, approve: bool, note: str = "") -> ExtensionRequest:
    """The duty leader grants or refuses; the original deadline stays on record."""
    with transaction.atomic():
        request = ExtensionRequest.objects.select_for_update().get(pk=request.pk)
        order = _locked_order(request.work_order)
        if by.office_id != order.case.office_id or not by.has_perm("cases.dispatch_case"):
            raise CaseActionError(_("You do not have the right to do this."))
        if request.approved is not None:
            raise CaseActionError(_("This request was already decided."))
        request.approved = approve
        request.decided_by = by
        request.decided_at = tiers.now()
        request.decision_note = note.strip()
        request.save(update_fields=["approved", "decided_by", "decided_at", "decision_note"])
        if approve and order.is_open:
            order.due_at, order.warn_at = clock.deadline(order.dispatched_at, order.days, order.case.office,
                                                         granted=max(order.due_at, request.requested_due_at))
            order.overdue_notified = False
            order.save(update_fields=["due_at", "warn_at", "overdue_notified"])
        audit_log(case=order.case, actor=by, action="work_order.extension_approved" if approve else "work_order.extension_refused",
                  from_state=order.case.state, to_state=order.case.state, reason=note.strip(),
                  data={"work_order": order.pk, "original_due_at": order.original_due_at.isoformat(),
                        "due_at": order.due_at.isoformat()})
        if order.department.head_id:
            notify.notify(recipients=[order.department.head], case=order.case, work_order=order, kind="extension_decided",
                          key=f"extension_decided:{request.pk}",
                          message=notify.in_default_language(lambda: (
                              _("Extension granted for case %(number)s.") if approve else
                              _("Extension refused for case %(number)s.")) % {"number": order.case.number}))
    return request


def work_order_pause(*, order: WorkOrder, by, reason: str) -> WorkOrder:
    """Stop a work order's clock while waiting on the citizen or another agency."""
    if not reason.strip():
        raise CaseActionError(_("Give the reason for stopping the clock."), field="reason")
    with transaction.atomic():
        order = _locked_order(order)
        _department_may_act(order, by)
        if not order.is_open or order.paused_at:
            raise CaseActionError(_("The clock of this work order cannot be stopped now."))
        order.paused_at = tiers.now()
        order.pause_reason = reason.strip()[:200]
        order.save(update_fields=["paused_at", "pause_reason"])
        Pause.objects.create(case=order.case, work_order=order, reason=order.pause_reason, started_at=order.paused_at, started_by=by)
        audit_log(case=order.case, actor=by, action="work_order.clock_stopped", from_state=order.case.state,
                  to_state=order.case.state, reason=order.pause_reason, data={"work_order": order.pk})
    return order


def work_order_resume(*, order: WorkOrder, by) -> WorkOrder:
    with transaction.atomic():
        order = _locked_order(order)
        _department_may_act(order, by)
        if not order.paused_at:
            raise CaseActionError(_("The clock is running."))
        at = tiers.now()
        office = order.case.office
        stopped = max(0, clock.working_seconds_between(order.paused_at, at, office))
        pause = order.pauses.filter(ended_at__isnull=True).order_by("-started_at").first()
        if pause:
            pause.ended_at, pause.ended_by, pause.working_seconds = at, by, stopped
            pause.save(update_fields=["ended_at", "ended_by", "working_seconds"])
        order.paused_seconds += stopped
        # A stopped clock moves the deadline; the original one stays on record.
        order.due_at, order.warn_at = clock.deadline(order.dispatched_at, order.days, office, granted=order.due_at,
                                                     paused_seconds=stopped)
        order.paused_at = None
        order.pause_reason = ""
        order.save(update_fields=["paused_at", "pause_reason", "paused_seconds", "due_at", "warn_at"])
        audit_log(case=order.case, actor=by, action="work_order.clock_restarted", from_state=order.case.state,
                  to_state=order.case.state, data={"work_order": order.pk, "stopped_seconds": stopped})
    return order


def meeting_record(*, case: Case, by, held_at: datetime.datetime, departments, attendees: str, decision: str,
                   place: str = "") -> Meeting:
    """研究室: the duty leader convenes several departments; the meeting goes on the slip."""
    departments = list(departments)
    if len(departments) < 1:
        raise CaseActionError(_("Choose the departments that attended."), field="departments")
    if not attendees.strip():
        raise CaseActionError(_("List who attended."), field="attendees")
    if not decision.strip():
        raise CaseActionError(_("Write down what was decided."), field="decision")
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        if by.office_id != case.office_id or not by.has_perm("cases.dispatch_case"):
            raise CaseActionError(_("You do not have the right to do this."))
        if any(d.office_id != case.office_id for d in departments):
            raise CaseActionError(_("Choose departments of this office."), field="departments")
        meeting = Meeting.objects.create(case=case, held_at=held_at, attendees=attendees.strip(), decision=decision.strip(),
                                         recorded_by=by, **({"place": place.strip()} if place.strip() else {}))
        meeting.departments.set(departments)
        audit_log(case=case, actor=by, action=MEETING_RECORDED, from_state=case.state, to_state=case.state,
                  data={"meeting": meeting.pk, "departments": [d.name for d in departments]})
    return meeting
