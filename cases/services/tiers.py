"""Entering and leaving a tier of the 1-3-5 mechanism: the case's clock."""

import datetime

from django.utils import timezone

from cases.models import Case, Pause, State, TierSpan
from routing import clock, rota

TIER_STATES = (State.TIER1, State.TIER2, State.TIER3)

# The columns of a case that hold its tier clock, all set on entering a tier.
CLOCK_FIELDS = ("tier_entered_at", "tier_days", "due_at", "warn_at", "paused_at", "pause_reason", "paused_seconds",
                "overdue_flagged_on", "next_overdue_flag_at")


def tier_days(case: Case, tier: str) -> int:
    return office_tier_days(case.office, tier)


def office_tier_days(office, tier: str) -> int:
    return {State.TIER1: office.tier1_days, State.TIER2: office.tier2_days, State.TIER3: office.tier3_days}[tier]


def deadline(case: Case, *, start: datetime.datetime, days: int, paused_seconds: int = 0) -> clock.Deadline:
    """(due, warn) of a tier of `case` that started at `start` and was paused for `paused_seconds`."""
    return clock.deadline(start, days, case.office, paused_seconds=paused_seconds)


def tier_clock(office, *, tier: str, at: datetime.datetime) -> dict[str, object]:
    """The clock of a case of `office` entering `tier` at `at`, column by column (CLOCK_FIELDS)."""
    days = office_tier_days(office, tier)
    due, warn = clock.deadline(at, days, office)
    return {
        "tier_entered_at": at, "tier_days": days, "due_at": due, "warn_at": warn,
        "paused_at": None, "pause_reason": "", "paused_seconds": 0, "overdue_flagged_on": None,
        # Tier 3 cannot escalate further: when its time runs out the party group is
        # told, then again each working morning until it decides.
        "next_overdue_flag_at": due if tier == State.TIER3 else None,
    }


def enter_tier(case: Case, *, tier: str, at: datetime.datetime, holder=None) -> TierSpan:
    """Set the clock of `tier` on the case; returns the (unsaved) span of its stay there."""
    for name, value in tier_clock(case.office, tier=tier, at=at).items():
        setattr(case, name, value)
    return TierSpan(case=case, tier=tier, holder=holder, entered_at=at, due_at=case.due_at)


def open_span(case: Case) -> TierSpan | None:
    return case.tier_spans.filter(left_at__isnull=True).order_by("-entered_at").first()


def close_span(span: TierSpan | None, *, at: datetime.datetime, exit: str, by=None, reason: str = "") -> None:
    if span is None:
        return
    span.left_at = at
    span.exit = exit
    span.left_by = by
    span.reason = reason


def end_pause(case: Case, *, at: datetime.datetime, by=None) -> None:
    """The case leaves its tier with its clock stopped: the open pause ends here too."""
    if case.paused_at is None:
        return
    stopped = max(0, clock.working_seconds_between(case.paused_at, at, case.office))
    Pause.objects.filter(case=case, work_order__isnull=True, ended_at__isnull=True).update(
        ended_at=at, ended_by=by, working_seconds=stopped)


def duty_day(case: Case, at: datetime.datetime) -> datetime.date:
    """The working day a case that came in at `at` is first handled.

    Outside office hours, at weekends and on holidays a call or web message is
    answered first thing on the next working day, so that day's leader owns it.
    """
    local = timezone.localtime(at, clock.zone(case.office))
    if clock.is_working_day(local.date()) and local.time() < case.office.afternoon_closes:
        return local.date()
    return clock.next_working_day(local.date())


def duty_leader_for(case: Case, at: datetime.datetime):
    """首问负责制: the leader on duty the day the case comes in owns it at tier 1."""
    return rota.duty_leader_on(case.office, duty_day(case, at))


def now() -> datetime.datetime:
    return timezone.now()


def next_working_morning(case: Case, after: datetime.datetime) -> datetime.datetime:
    """The opening of the office on the first working day after `after`'s date."""
    zone = clock.zone(case.office)
    day = clock.next_working_day(timezone.localtime(after, zone).date())
    return datetime.datetime.combine(day, case.office.morning_opens, zone)
