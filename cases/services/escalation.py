"""Moving a case up the 1-3-5 tiers by hand, stopping its clock, and the party group's decision."""

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from cases.models import Case, State, TierSpan
from routing import clock

from . import notify, tiers
from .audit import audit_log
from .errors import CaseActionError
from .transitions import apply_transition, check_expected_state

# Which transition takes a case from each tier to the next.
NEXT_TIER = {State.TIER1: ("escalate_to_committee", State.TIER2), State.TIER2: ("escalate_to_party_group", State.TIER3)}


def escalation_message(case: Case, *, tier: str, spent_seconds: int, timer: bool) -> str:
    return escalation_notice(number=case.number, due=case.due_at, office=case.office, tier=tier,
                             spent_seconds=spent_seconds, timer=timer)


def escalation_notice(*, number: str, due: datetime.datetime, office, tier: str, spent_seconds: int, timer: bool) -> str:
    """The notice of a case `number` reaching `tier` with its new deadline `due`, in the office's time."""
    hours = round(spent_seconds / 3600, 1)
    due = clock.local(due, office).strftime("%Y-%m-%d %H:%M")
    return notify.in_default_language(lambda: (
        (_("Case %(number)s reached %(tier)s because the time of the previous tier ran out. "
           "Office time spent so far: %(hours)s h. New deadline: %(due)s.") if timer else
         _("Case %(number)s was escalated to %(tier)s. Office time spent so far: %(hours)s h. New deadline: %(due)s."))
        % {"number": number, "tier": State(tier).label, "hours": hours, "due": due}
    ))


def case_escalate(*, case: Case, by, reason: str, expected_state: str | None = None) -> Case:
    """Escalate early ("too complex for this tier"), with the reason on record."""
    if not reason.strip():
        raise CaseActionError(_("Give the reason for escalating."), field="reason")
    with transaction.atomic():
        case = Case.objects.select_for_update().select_related("office").get(pk=case.pk)
        check_expected_state(case, expected_state)
        if by.office_id != case.office_id:
            raise CaseActionError(_("You do not have the right to do this."))
        if case.state not in NEXT_TIER:
            raise CaseActionError(_("This cannot be done now: the case is “%(state)s”.") % {"state": case.get_state_display()})
        name, target = NEXT_TIER[case.state]
        at = tiers.now()
        span = tiers.open_span(case)
        spent = clock.working_seconds_between(case.registered_at, at, case.office)
        tiers.end_pause(case, at=at, by=by)
        tiers.close_span(span, at=at, exit=TierSpan.Exit.ESCALATED_EARLY, by=by, reason=reason.strip())
        new_span = tiers.enter_tier(case, tier=target, at=at)
        apply_transition(case, name, by=by, action="case.escalated", reason=reason.strip(),
                         data={"due_at": case.due_at.isoformat(), "timer": False})
        if span:
            span.save()
        new_span.save()
        notify.notify(recipients=notify.tier_members(case, target), case=case, kind="escalated",
                      key=f"escalated:{case.pk}:{target}:{at.isoformat()}",
                      message=escalation_message(case, tier=target, spent_seconds=spent, timer=False))
    return case


def case_record_decision(*, case: Case, by, decision: str, decided_on: datetime.date, close: bool = False,
                         expected_state: str | None = None) -> Case:
    """The bureau party group decides a tier-3 case; the decision is its result."""
    from .handling import case_resolve

    if not decision.strip():
        raise CaseActionError(_("Write down the decision."), field="decision")
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        check_expected_state(locked, expected_state)
        if locked.state != State.TIER3:
            raise CaseActionError(_("Only a case before the bureau party group takes its decision."))
        if by.office_id != locked.office_id or not by.has_perm("cases.decide_case"):
            raise CaseActionError(_("You do not have the right to do this."))
        Case.objects.filter(pk=locked.pk).update(party_group_decision=decision.strip(), decided_on=decided_on)
        audit_log(case=locked, actor=by, action="case.decided", from_state=locked.state, to_state=locked.state,
                  data={"decided_on": decided_on.isoformat()})
        return case_resolve(case=locked, by=by, result=decision, close=close)


def case_pause(*, case: Case, by, reason: str, expected_state: str | None = None) -> Case:
    """挂起: stop the clock while waiting for the citizen's papers or another agency."""
    from cases.models import Pause

    if not reason.strip():
        raise CaseActionError(_("Give the reason for stopping the clock."), field="reason")
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        check_expected_state(case, expected_state)
        if by.office_id != case.office_id or not by.has_perm("cases.pause_case"):
            raise CaseActionError(_("You do not have the right to do this."))
        if case.state not in tiers.TIER_STATES:
            raise CaseActionError(_("This cannot be done now: the case is “%(state)s”.") % {"state": case.get_state_display()})
        if case.paused_at:
            raise CaseActionError(_("The clock is already stopped."))
        at = tiers.now()
        case.paused_at = at
        case.pause_reason = reason.strip()[:200]
        case.next_overdue_flag_at = None  # a stopped clock is not overdue
        case.save(update_fields=["paused_at", "pause_reason", "next_overdue_flag_at"])
        Pause.objects.create(case=case, reason=case.pause_reason, started_at=at, started_by=by)
        audit_log(case=case, actor=by, action="case.clock_stopped", from_state=case.state, to_state=case.state,
                  reason=case.pause_reason)
    return case


def case_resume(*, case: Case, by, expected_state: str | None = None) -> Case:
    """Restart the clock; the deadline moves by the office time the pause took."""
    with transaction.atomic():
        case = Case.objects.select_for_update().select_related("office").get(pk=case.pk)
        check_expected_state(case, expected_state)
        if by.office_id != case.office_id or not by.has_perm("cases.pause_case"):
            raise CaseActionError(_("You do not have the right to do this."))
        if not case.paused_at:
            raise CaseActionError(_("The clock is running."))
        at = tiers.now()
        stopped = max(0, clock.working_seconds_between(case.paused_at, at, case.office))
        pause = case.pauses.filter(ended_at__isnull=True, work_order__isnull=True).order_by("-started_at").first()
        if pause:
            pause.ended_at, pause.ended_by, pause.working_seconds = at, by, stopped
            pause.save(update_fields=["ended_at", "ended_by", "working_seconds"])
        case.paused_seconds += stopped
        case.due_at, case.warn_at = tiers.deadline(case, start=case.tier_entered_at, days=case.tier_days,
                                                    paused_seconds=case.paused_seconds)
        case.paused_at = None
        case.pause_reason = ""
        case.next_overdue_flag_at = case.due_at if case.state == State.TIER3 else None
        case.save(update_fields=["paused_at", "pause_reason", "paused_seconds", "due_at", "warn_at",
                                 "next_overdue_flag_at"])
        audit_log(case=case, actor=by, action="case.clock_restarted", from_state=case.state, to_state=case.state,
                  data={"stopped_seconds": stopped, "due_at": case.due_at.isoformat()})
    return case
