"""The deadline sweep: runs every minute (Celery beat) and does what the clock says.

- a case whose tier time ran out moves up a tier (1 → 2 → 3), exactly once;
- an overdue tier-3 case is flagged to the party group once every working day;
- a case or work order whose light turns yellow is flagged to its owner once;
- an overdue work order is flagged to the duty leader and the department once;
- notifications whose mail could not be queued (broker down) are mailed.

Every step finds its rows through a partial index on the moment they fall
due, so a tick costs what is due, not what exists. Rows are claimed in
batches with `SELECT ... FOR UPDATE SKIP LOCKED`: two sweeps at once (two
beats by mistake, a slow tick overlapping the next) split the work instead of
doing it twice, and a clerk's action holding a row lock is simply skipped and
looked at again next minute. Due cases are escalated by the same service as
a duty leader's escalation (`cases_escalate`), a batch at a time. A step that
fails, or a row within one, is logged and left for the next tick; it does not
stop the others.
"""

import dataclasses
import datetime
import logging

from django.db import transaction
from django.db.models import Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Callback, Case, Notification, RatingInvitation, Rectification, State, WorkOrder
from cases.services import aftercare, escalation, notify, tiers
from routing import clock, rota
from routing.models import Office

log = logging.getLogger(__name__)

BATCH = 1000
# Mail goes out from its own task right after each commit; the sweep only
# sends what that task missed (the broker was down), so a tick that escalates
# ten thousand cases does not also stop to send their mail.
MAIL_GRACE = datetime.timedelta(minutes=2)


@dataclasses.dataclass
class SweepReport:
    escalated: int = 0
    flagged_overdue: int = 0
    warned: int = 0
    work_orders_overdue: int = 0
    work_orders_warned: int = 0
    mailed: int = 0
    callbacks_overdue: int = 0
    rectifications_overdue: int = 0
    rating_invitations: int = 0
    failed: list = dataclasses.field(default_factory=list)

    def __str__(self):
        return (f"escalated={self.escalated} flagged_overdue={self.flagged_overdue} warned={self.warned} "
                f"work_orders_overdue={self.work_orders_overdue} work_orders_warned={self.work_orders_warned} "
                f"mailed={self.mailed} callbacks_overdue={self.callbacks_overdue} "
                f"rectifications_overdue={self.rectifications_overdue} rating_invitations={self.rating_invitations} "
                f"failed={len(self.failed)}")


def sweep(now: datetime.datetime | None = None, *, batch_size: int = BATCH, mail: bool = True) -> SweepReport:
    now = now or timezone.now()
    report = SweepReport()
    due = what_is_due(now)
    if due["escalate"]:
        _step("escalate", escalate_due_cases, now, report, batch_size)
        if report.escalated:  # a late sweep can take a case to tier 3 and past its deadline at once
            # (Escalating never makes a callback or rating due: those keep the probe's answer.)
            due = {**dict.fromkeys(due, True), **{name: due[name] for name in AFTER_CLOSING}}
    if due["flag"]:
        _step("flag overdue", flag_overdue_tier3, now, report, batch_size)
    if due["warn"]:
        _step("warn yellow", warn_yellow_cases, now, report, batch_size)
    if due["work_orders_late"] or due["work_orders_warn"]:
        _step("work orders", flag_work_orders, now, report, batch_size)
    if any(due[name] for name in AFTER_CLOSING):
        _step("after closing", after_closing, now, report, batch_size)
    if mail and due["mail"]:
        try:
            report.mailed = notify.send_pending_mail(created_before=now - MAIL_GRACE)
        except Exception:
            log.exception("Sending notification mail failed; it is retried next tick.")
    if report.failed:
        log.error("Sweep at %s could not handle %d case(s): %s", now.isoformat(), len(report.failed), report.failed)
    return report


def _step(name: str, step, now, report: SweepReport, batch_size: int) -> None:
    """Run one step on its own: a step that fails is logged and reported, and the
    others still run (a yellow light is not withheld because a flag failed).
    Each batch commits by itself, so what the step did before failing stays done."""
    try:
        step(now, report, batch_size)
    except Exception as error:
        log.exception("Sweep step %r failed; it is retried next tick.", name)
        report.failed.append((name, repr(error)))


def what_is_due(now) -> dict[str, bool]:
    """One round trip that tells which steps have anything to do.

    Most ticks find nothing due. Each step asks for its earliest deadline, the
    first entry of its partial index, and compares it with now: an idle tick
    costs a single short query whatever the size of the register. (An EXISTS
    with the deadline in its condition let PostgreSQL, trusting statistics that
    still counted orders long since notified, scan every work order expecting
    to meet a due one soon.) The earliest deadlines are read as subqueries of
    one row of the office table, which exists wherever there is anything to do.
    """
    earliest = (Office.objects.order_by()
                .annotate(**{name: Subquery(due.waiting().values(due.column)[:1]) for name, due in DUE.items()})
                .values(*DUE)[:1])
    row = next(iter(earliest), {})
    return {name: row.get(name) is not None and row[name] <= now - due.grace for name, due in DUE.items()}


@dataclasses.dataclass(frozen=True)
class _Due:
    """What one step of the sweep works through: rows meeting `conditions`
    whose `column` (the column of the step's partial index) has come."""

    model: type
    conditions: dict
    column: str
    grace: datetime.timedelta = datetime.timedelta(0)

    def rows(self, now):
        """The rows due at `now`, earliest first."""
        return self.model.objects.filter(**self.conditions, **{f"{self.column}__lte": now - self.grace}).order_by(self.column)

    def waiting(self):
        """Every row that will fall due, earliest first (what the idle probe reads the first of)."""
        return self.model.objects.filter(**self.conditions, **{f"{self.column}__isnull": False}).order_by(self.column)


DUE = {
    "escalate": _Due(Case, {"state__in": [State.TIER1, State.TIER2], "paused_at__isnull": True}, "due_at"),
    "flag": _Due(Case, {"state": State.TIER3, "paused_at__isnull": True}, "next_overdue_flag_at"),
    "warn": _Due(Case, {"state__in": tiers.TIER_STATES, "paused_at__isnull": True}, "warn_at"),
    "work_orders_late": _Due(WorkOrder, {"state__in": WorkOrder.OPEN, "overdue_notified": False,
                                         "paused_at__isnull": True}, "due_at"),
    "work_orders_warn": _Due(WorkOrder, {"state__in": WorkOrder.OPEN, "paused_at__isnull": True}, "warn_at"),
    "mail": _Due(Notification, {"emailed_at__isnull": True}, "created_at", MAIL_GRACE),
    # After closing (cases.services.aftercare): overdue callbacks and rectifications
    # told to the duty leader once, and the one text inviting a rating.
    "callbacks_late": _Due(Callback, {"done_at__isnull": True, "overdue_notified_at__isnull": True}, "due_at"),
    "rectifications_late": _Due(Rectification, {"done_at__isnull": True, "overdue_notified_at__isnull": True}, "due_at"),
    "rating_invitations": _Due(RatingInvitation, {"sent_at__isnull": True, "dropped": False}, "due_at"),
}


def _claim(queryset, batch_size, exclude):
    return list(queryset.exclude(pk__in=exclude).select_for_update(skip_locked=True, of=("self",))[:batch_size])


def _in_batches(rows, batch_size: int, report: SweepReport, counter: str, handle) -> None:
    """Claim `rows` batch by batch, each in its own transaction, and `handle` it;
    what `handle` returns is added to the report's `counter`.

    A batch that fails is handled again one row at a time, each in its own
    savepoint and read again (the failed attempt may have changed the
    instances, not the rows, which are still ours) if still due: one row that
    cannot be handled, say one office's bad data, is logged, reported and left
    for the next tick, and does not stop the others.
    """
    failed: set[int] = set()
    while True:
        with transaction.atomic():
            batch = _claim(rows, batch_size, failed)
            if not batch:
                return
            try:
                with transaction.atomic():
                    done = handle(batch)
            except Exception:
                done = 0
                for pk in [row.pk for row in batch]:
                    try:
                        with transaction.atomic():
                            still_due = list(rows.filter(pk=pk))
                            if still_due:
                                done += handle(still_due)
                    except Exception as error:
                        row = rows.model.objects.filter(pk=pk).first()
                        log.exception("Sweep could not handle %s %s", rows.model._meta.model_name, row)
                        failed.add(pk)
                        report.failed.append((str(row), repr(error)))
            setattr(report, counter, getattr(report, counter) + done)


class _Members:
    """Committee / party-group members per office, read once per batch."""

    def __init__(self):
        self._cache = {}

    def of(self, case: Case, tier: str):
        key = (case.office_id, tier, case.duty_leader_id if tier == State.TIER1 else None)
        if key not in self._cache:
            self._cache[key] = notify.tier_members(case, tier)
        return self._cache[key]


# --- escalation ---------------------------------------------------------------

# What the escalation reads of a due case: enough to move it and word its
# notice. Not its text or its personal data (decrypting that was the dearest
# part of loading a case); its office is read once a batch.
DUE_COLUMNS = ("id", "office_id", "number", "state", "registered_at", "due_at", "escalated_at", "paused_at")


def escalate_due_cases(now, report: SweepReport, batch_size: int) -> None:
    _in_batches(DUE["escalate"].rows(now).only(*DUE_COLUMNS), batch_size, report, "escalated",
                lambda batch: _escalate_batch(batch, now))


def _escalate_batch(batch: list[Case], now) -> int:
    """Escalate a claimed batch through the one escalation service, as the timer."""
    offices = Office.objects.in_bulk({case.office_id for case in batch})
    for case in batch:
        case.office = offices[case.office_id]
    return escalation.cases_escalate(cases=batch, reason=escalation.TIMER_REASON, now=now)


# --- daily flag of overdue tier-3 cases ---------------------------------------


def flag_overdue_tier3(now, report: SweepReport, batch_size: int) -> None:
    """An overdue case before the party group stays red and is flagged each working day.

    Each case carries the moment it is next due for a flag: its deadline, then
    the opening of every following working day. So a tick reads only the cases
    due for a flag now, not the whole overdue backlog again.
    """

    def flag(batch) -> int:
        members = _Members()
        notes, flagged = [], 0
        for case in batch:
            today = rota.local_today(case.office, now)
            case.next_overdue_flag_at = tiers.next_working_morning(case, now)
            if not clock.is_working_day(today):
                continue  # weekends and holidays: flagged on the next working morning
            case.overdue_flagged_on = today
            flagged += 1
            notes += notify.build(
                recipients=members.of(case, State.TIER3), case=case, kind=Notification.Kind.OVERDUE,
                key=f"overdue:{case.pk}:{today.isoformat()}",
                message=notify.in_default_language(lambda: _(
                    "Case %(number)s is overdue before the bureau party group (deadline %(due)s) and still undecided.") % {
                    "number": case.number, "due": clock.local(case.due_at, case.office).strftime("%Y-%m-%d %H:%M")}))
        Case.objects.bulk_update(batch, ["overdue_flagged_on", "next_overdue_flag_at"])
        notify.save(notes)
        return flagged

    _in_batches(DUE["flag"].rows(now).select_related("office"), batch_size, report, "flagged_overdue", flag)


# --- yellow lights ------------------------------------------------------------


def warn_yellow_cases(now, report: SweepReport, batch_size: int) -> None:
    # A case already past its deadline is not "turning yellow": it escalates (or,
    # at tier 3, is flagged as overdue) instead; only its warn_at is cleared.
    # Cases that left their tier keep no warn_at (see Case.stop_clock), so the
    # index behind DUE["warn"] only ever holds running clocks.

    def warn(batch) -> int:
        members = _Members()
        notes = []
        for case in batch:
            if case.due_at <= now:
                continue
            notes += notify.build(
                recipients=members.of(case, case.state), case=case, kind=Notification.Kind.YELLOW,
                key=f"yellow:{case.pk}:{case.state}:{case.tier_entered_at.isoformat()}",
                message=notify.in_default_language(lambda: _(
                    "Less than 30%% of the time is left for case %(number)s (deadline %(due)s).") % {
                    "number": case.number, "due": clock.local(case.due_at, case.office).strftime("%Y-%m-%d %H:%M")}))
        Case.objects.filter(pk__in=[case.pk for case in batch]).update(warn_at=None)
        notify.save(notes)
        return len(batch)

    _in_batches(DUE["warn"].rows(now).select_related("office", "duty_leader"), batch_size, report, "warned", warn)


# --- work orders ------------------------------------------------------------


def flag_work_orders(now, report: SweepReport, batch_size: int) -> None:
    def flag_late(batch) -> int:
        notes = []
        for order in batch:
            notes += notify.build(
                recipients=[order.case.duty_leader or order.dispatched_by, order.department.head], case=order.case,
                work_order=order, kind=Notification.Kind.OVERDUE, key=f"work_order_overdue:{order.pk}:{order.due_at.isoformat()}",
                message=notify.in_default_language(lambda: _(
                    "The work order of case %(number)s to %(department)s is overdue (deadline %(due)s).") % {
                    "number": order.case.number, "department": order.department,
                    "due": clock.local(order.due_at, order.case.office).strftime("%Y-%m-%d %H:%M")}))
        WorkOrder.objects.filter(pk__in=[order.pk for order in batch]).update(overdue_notified=True, warn_at=None)
        notify.save(notes)
        return len(batch)

    def warn(batch) -> int:
        notes = []
        for order in batch:
            if order.department.head_id:
                notes += notify.build(
                    recipients=[order.department.head], case=order.case, work_order=order, kind=Notification.Kind.YELLOW,
                    key=f"work_order_yellow:{order.pk}:{order.due_at.isoformat()}",
                    message=notify.in_default_language(lambda: _(
                        "Less than 30%% of the time is left for the work order of case %(number)s (deadline %(due)s).") % {
                        "number": order.case.number,
                        "due": clock.local(order.due_at, order.case.office).strftime("%Y-%m-%d %H:%M")}))
        WorkOrder.objects.filter(pk__in=[order.pk for order in batch]).update(warn_at=None)
        notify.save(notes)
        return len(batch)

    _in_batches(DUE["work_orders_late"].rows(now).select_related("case", "case__office", "case__duty_leader",
                                                                "department", "department__head"),
                batch_size, report, "work_orders_overdue", flag_late)
    _in_batches(DUE["work_orders_warn"].rows(now).select_related("case", "case__office", "department",
                                                                "department__head"),
                batch_size, report, "work_orders_warned", warn)


AFTER_CLOSING = ("callbacks_late", "rectifications_late", "rating_invitations")


# --- after closing ------------------------------------------------------------


def after_closing(now, report: SweepReport, batch_size: int) -> None:
    """Overdue callbacks and rectifications, each told to the duty leader once, and
    the rating invitations due; each through its service, a claimed batch at a time."""
    _in_batches(DUE["callbacks_late"].rows(now).select_related("office", "case"), batch_size, report,
                "callbacks_overdue", lambda batch: aftercare.callbacks_flag_overdue(callbacks=batch, now=now))
    _in_batches(DUE["rectifications_late"].rows(now).select_related("office", "case"), batch_size, report,
                "rectifications_overdue",
                lambda batch: aftercare.rectifications_flag_overdue(rectifications=batch, now=now))
    _in_batches(DUE["rating_invitations"].rows(now).select_related("case", "case__office"), batch_size, report,
                "rating_invitations", lambda batch: aftercare.rating_invitations_send(invitations=batch, now=now))
