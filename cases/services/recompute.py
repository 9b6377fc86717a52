"""When the calendar changes (next year's notice entered, a day corrected), the
open deadlines it touches are computed again from where each clock started."""

import datetime
import logging

from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef

from cases.models import AuditEvent, Case, ExtensionRequest, WorkOrder
from routing import clock

from . import tiers

log = logging.getLogger(__name__)


def deadlines_recompute(dates: list[datetime.date]) -> int:
    """Recompute the running clocks whose span covers one of `dates`; returns how many moved.

    Only clocks that started before the last changed day and end on or after
    the first can be affected, so the query stays narrow. A work order's
    extended deadline was granted as a date and is left as granted.
    """
    if not dates:
        return 0
    first, last = min(dates), max(dates)
    zone = ZoneInfo(settings.TIME_ZONE)
    start_before = datetime.datetime.combine(last + datetime.timedelta(days=1), datetime.time.min, zone)
    end_after = datetime.datetime.combine(first, datetime.time.min, zone)
    moved = 0
    with transaction.atomic():
        cases = list(Case.objects.select_for_update(of=("self",)).select_related("office")
                     .filter(state__in=tiers.TIER_STATES, tier_entered_at__lt=start_before, due_at__gte=end_after))
        events = []
        for case in cases:
            due, warn = tiers.deadline(case, start=case.tier_entered_at, days=case.tier_days, paused_seconds=case.paused_seconds)
            if due != case.due_at:
                events.append(AuditEvent(office_id=case.office_id, case=case, action="case.deadline_recomputed",
                                         from_state=case.state, to_state=case.state, reason="calendar changed",
                                         data={"before": case.due_at.isoformat(), "after": due.isoformat()}))
                if case.next_overdue_flag_at == case.due_at:
                    case.next_overdue_flag_at = due  # not flagged yet: flag at the new deadline
                case.due_at = due
                case.warn_at = warn if case.warn_at is not None else None
                moved += 1
        Case.objects.bulk_update([c for c in cases if c.pk in {e.case_id for e in events}],
                                 ["due_at", "warn_at", "next_overdue_flag_at"])
        orders = list(WorkOrder.objects.select_for_update(of=("self",)).select_related("case", "case__office")
                      .filter(state__in=WorkOrder.OPEN, dispatched_at__lt=start_before, due_at__gte=end_after)
                      .exclude(Exists(ExtensionRequest.objects.filter(work_order=OuterRef("pk"), approved=True))))
        changed = []
        for order in orders:
            office = order.case.office
            original = clock.add_working_days(order.dispatched_at, order.days, office)
            due, warn = clock.deadline(order.dispatched_at, order.days, office, paused_seconds=order.paused_seconds)
            if (due, original) != (order.due_at, order.original_due_at):
                events.append(AuditEvent(office_id=office.pk, case=order.case, action="work_order.deadline_recomputed",
                                         from_state=order.case.state, to_state=order.case.state, reason="calendar changed",
                                         data={"work_order": order.pk, "before": order.due_at.isoformat(), "after": due.isoformat()}))
                order.due_at, order.original_due_at = due, original
                # Its light turns yellow at the new moment; an owner already warned is not warned again.
                order.warn_at = warn if order.warn_at is not None else None
                changed.append(order)
                moved += 1
        WorkOrder.objects.bulk_update(changed, ["due_at", "original_due_at", "warn_at"])
        AuditEvent.objects.bulk_create(events)
    if moved:
        log.info("Calendar change moved %d open deadline(s).", moved)
    return moved

