"""Moving cases up the 1-3-5 tiers, stopping a case's clock, and the party group's decision.

Every escalation, a duty leader's "too complex for this tier" and the sweep's
"the time ran out" alike, goes through `cases_escalate`: the model's
transition, one audit row, and one notice per member of the next tier.
"""

import collections
import datetime

from django.conf import settings
from django.db import models, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition, can_proceed, has_transition_perm

from cases.models import AuditEvent, Case, Notification, Pause, State, TierSpan, labels
from routing import clock

from . import notify, tiers
from .audit import audit_log
from .errors import CaseActionError
from .handling import case_resolve
from .transitions import check_expected_state

# Which transition takes a case from each tier to the next.
NEXT_TIER = {State.TIER1: ("escalate_to_committee", State.TIER2), State.TIER2: ("escalate_to_party_group", State.TIER3)}

TIMER_REASON = labels.TIMER_REASON  # the reason on record when the sweep escalates a case

# The columns an escalation changes on a case: its state, the date of its first
# escalation, and the clock of the tier it enters.
CASE_FIELDS = ("state", "escalated_at", *tiers.CLOCK_FIELDS)


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
        try:
            cases_escalate(cases=[case], by=by, reason=reason.strip())
        except ConcurrentTransition:
            raise CaseActionError(
                _("Someone else changed this case at the same moment. Reload the page to see what happened."))
    return case


def cases_escalate(*, cases: list[Case], by=None, reason: str, now: datetime.datetime | None = None) -> int:
    """Move each of `cases` up one tier through the transition `NEXT_TIER` names. Call inside `transaction.atomic()`,
    with the cases' rows locked and their office loaded.

    `by` is the person escalating early: the transition's permission is theirs
    to have, and the next tier starts now. Without `by` it is the timer: the
    next tier starts when the previous one ran out (the case's due moment), so
    a sweep running late (broker down, machine off) still gives each tier its
    time. Each case gets one audit row, its open tier span closed and a new one
    opened, and one notice per member of the next tier; the rows of all the
    cases are written together, a statement per kind of row. The cases leaving
    one tier share one UPDATE, which (as the model's ConcurrentTransitionMixin
    does for one save) only changes a case still in the state it was read in,
    else raises ConcurrentTransition. Returns how many cases moved.
    """
    if not cases:
        return 0
    now = now or tiers.now()
    timer = by is None
    written_at = timezone.now()
    exit = TierSpan.Exit.ESCALATED_BY_TIMER if timer else TierSpan.Exit.ESCALATED_EARLY
    moves = [_move(case, by=by, now=now, timer=timer) for case in cases]

    by_source = collections.defaultdict(list)
    for case, source, at in moves:
        by_source[source].append(case)
    for source, moved in by_source.items():
        if Case.objects.filter(pk__in=[case.pk for case in moved], state=source).update(**_columns(moved)) != len(moved):
            raise ConcurrentTransition("A case changed state while it was being escalated.")
    # Each open span ends when its case entered the next tier, as just written.
    TierSpan.objects.filter(case_id__in=[case.pk for case, _s, _a in moves], left_at__isnull=True).update(
        left_at=Subquery(Case.objects.filter(pk=OuterRef("case_id")).values("tier_entered_at")),
        exit=exit, left_by=by, reason=reason)
    TierSpan.objects.bulk_create(TierSpan(case=case, tier=case.state, entered_at=at, due_at=case.due_at)
                                 for case, source, at in moves)
    data = {"timer": timer, **({"swept_at": now.isoformat()} if timer else {})}
    AuditEvent.objects.bulk_create(
        AuditEvent(office_id=case.office_id, case=case, actor=by, at=written_at, action="case.escalated",
                   from_state=source, to_state=case.state, reason=reason,
                   data={"due_at": case.due_at.isoformat(), **data})
        for case, source, at in moves)
    members = {tier: notify.tier_member_ids({case.office_id for case, _s, _a in moves}, tier)
               for tier in {case.state for case, _s, _a in moves}}
    notices = []
    with translation.override(settings.LANGUAGE_CODE):  # stored notices are in the deployment's language
        for case, source, at in moves:
            message = escalation_notice(
                number=case.number, due=case.due_at, office=case.office, tier=case.state, timer=timer,
                spent_seconds=clock.working_seconds_between(case.registered_at, at, case.office))
            notices += [Notification(recipient_id=pk, case=case, kind=Notification.Kind.ESCALATED, message=message,
                                     key=f"escalated:{case.pk}:{case.state}:{at.isoformat()}", created_at=written_at)
                        for pk in members[case.state][case.office_id]]
    notify.save(notices)
    return len(moves)


def _columns(cases: list[Case]) -> dict:
    """CASE_FIELDS of `cases` as UPDATE values: one value where they all agree, else one per case."""
    columns = {}
    for name in CASE_FIELDS:
        values = {case.pk: getattr(case, name) for case in cases}
        if len(set(values.values())) == 1:
            columns[name] = next(iter(values.values()))
        else:
            field = Case._meta.get_field(name)
            columns[name] = models.Case(*(models.When(pk=pk, then=models.Value(value, output_field=field))
                                          for pk, value in values.items()), output_field=field)
    return columns


def _move(case: Case, *, by, now: datetime.datetime, timer: bool) -> tuple[Case, str, datetime.datetime]:
    """Apply one case's transition and set the clock of its next tier, in memory; (case, its old state, when it moved)."""
    if case.state not in NEXT_TIER:
        raise CaseActionError(_("This cannot be done now: the case is “%(state)s”.") % {"state": case.get_state_display()})
    name, target = NEXT_TIER[case.state]
    method = getattr(case, name)
    if not can_proceed(method):
        raise CaseActionError(_("This cannot be done now: the case is “%(state)s”.") % {"state": case.get_state_display()})
    if by is not None and not has_transition_perm(method, by):
        raise CaseActionError(_("You do not have the right to do this."))
    at = case.due_at if timer else now
    source = case.state
    tiers.end_pause(case, at=at, by=by)
    method(at=at)
    for field, value in tiers.tier_clock(case.office, tier=target, at=at).items():
        setattr(case, field, value)
    return case, source, at


def case_record_decision(*, case: Case, by, decision: str, decided_on: datetime.date, close: bool = False,
                         expected_state: str | None = None) -> Case:
    """The bureau party group decides a tier-3 case; the decision is its result."""
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
