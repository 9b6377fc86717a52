"""Entering and leaving a tier of the 1-3-5 mechanism: the case's clock."""

import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

from cases.models import Case, Pause, State, TierSpan
from routing import clock, rota

TIER_STATES = (State.TIER1, State.TIER2, State.TIER3)

# The light turns yellow when less than 30% of the tier's time is left (the
# bureau's panoramic monitoring), i.e. once 70% of it is used.
WARN_AFTER_FRACTION = 1 - clock.YELLOW_WHEN_LEFT_BELOW_PERCENT / 100


def tier_days(case: Case, tier: str) -> int:
    office = case.office
    return {State.TIER1: office.tier1_days, State.TIER2: office.tier2_days, State.TIER3: office.tier3_days}[tier]


def deadline(case: Case, *, start: datetime.datetime, days: int, paused_seconds: int = 0) -> tuple[datetime.datetime, datetime.datetime]:
    """(due, warn) of a tier that started at `start` and was paused for `paused_seconds`."""
    due = clock.add_working_days(start, days, case.office)
    due = clock.shift_by_working_time(due, paused_seconds, case.office)
    total = clock.working_seconds_between(start, due, case.office)
    warn = clock.shift_by_working_time(start, int(total * WARN_AFTER_FRACTION), case.office)
    return due, warn


def enter_tier(case: Case, *, tier: str, at: datetime.datetime, holder=None) -> TierSpan:
    """Set the clock of `tier` on the case; returns the (unsaved) span of its stay there."""
    days = tier_days(case, tier)
    due, warn = deadline(case, start=at, days=days)
    case.tier_entered_at = at
    case.tier_days = days
    case.due_at = due
    case.warn_at = warn
    case.paused_at = None
    case.pause_reason = ""
    case.paused_seconds = 0
    case.overdue_flagged_on = None
    # Tier 3 cannot escalate further: when its time runs out the party group is
    # told, then again each working morning until it decides.
    case.next_overdue_flag_at = due if tier == State.TIER3 else None
    return TierSpan(case=case, tier=tier, holder=holder, entered_at=at, due_at=due)


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
    local = timezone.localtime(at, ZoneInfo(case.office.timezone))
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
    zone = ZoneInfo(case.office.timezone)
    day = clock.next_working_day(timezone.localtime(after, zone).date())
    return datetime.datetime.combine(day, case.office.morning_opens, zone)
