"""The 1-3-5 engine on a case page: dispatch, meetings, escalation, stopped clocks, decisions."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cases import selectors
from cases.forms import DecisionForm, DispatchForm, MeetingForm, ReasonForm, StateGuardForm
from cases.services import dispatch, escalation
from routing import clock

from .case import _act, _guard


@login_required
@require_POST
def dispatch_case(request, number):
    case = selectors.case_for_page(request.user, number, for_action=True)
    return _act(request, number, key="dispatch", form=DispatchForm(request.POST, office=case.office),
                call=lambda case, d: dispatch.case_dispatch(case=case, by=request.user, **d),
                done=_("Work order dispatched."))


@login_required
@require_POST
def record_meeting(request, number):
    case = selectors.case_for_page(request.user, number, for_action=True)
    return _act(request, number, key="meeting", form=MeetingForm(request.POST, office=case.office),
                call=lambda case, d: dispatch.meeting_record(case=case, by=request.user, **d),
                done=_("Meeting recorded."))


@login_required
@require_POST
def escalate(request, number):
    return _act(request, number, key="escalate", form=ReasonForm(request.POST, prefix="escalate"),
                call=lambda case, d: escalation.case_escalate(case=case, by=request.user, reason=d["reason"], **_guard(d)),
                done=_("Case escalated."))


@login_required
@require_POST
def pause(request, number):
    return _act(request, number, key="pause", form=ReasonForm(request.POST, prefix="pause"),
                call=lambda case, d: escalation.case_pause(case=case, by=request.user, reason=d["reason"], **_guard(d)),
                done=_("Clock stopped."))


@login_required
@require_POST
def resume(request, number):
    return _act(request, number, key="resume", form=StateGuardForm(request.POST),
                call=lambda case, d: escalation.case_resume(case=case, by=request.user, **_guard(d)),
                done=_("Clock restarted."))


@login_required
@require_POST
def decide(request, number):
    return _act(request, number, key="decision", form=DecisionForm(request.POST),
                call=lambda case, d: escalation.case_record_decision(
                    case=case, by=request.user, decision=d["decision"], decided_on=d["decided_on"], close=d["close"],
                    **_guard(d)),
                done=_("Decision recorded."))


@login_required
@require_GET
def escalation_notice(request, number, span_id):
    """催办/督办通知: the printable reminder to the tier a case has reached."""
    case = selectors.case_for_page(request.user, number)
    spans = selectors.case_tier_spans(case, with_leavers=True)
    index = next((i for i, s in enumerate(spans) if s.pk == span_id and i > 0), None)
    if index is None:
        raise Http404
    span, previous = spans[index], spans[index - 1]
    spent = clock.working_seconds_between(case.registered_at, span.entered_at, case.office)
    return render(request, "cases/print/escalation_notice.html", {
        "case": case, "span": span, "previous": previous, "spent_hours": f"{spent / 3600:.1f}",
        "due": clock.local(span.due_at, case.office), "entered": clock.local(span.entered_at, case.office),
        "work_orders": selectors.case_work_orders(case),
    })
