"""Making an office's daily summary (每日汇总) and telling its readers.

Exactly once per office and working day: the row is inserted first, inside the
transaction that counts the figures and writes the notices, and the unique
constraint on (office, day) stops a second insert. A second worker making the
same summary at the same moment waits on the first one's insert, then fails on
the constraint and leaves without a trace; after a crash nothing was committed,
so the next run makes the summary whole.
"""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import DailySummary, Notification
from cases.selectors.summary import daily_figures
from routing import clock, roles, rota
from routing.models import Office

from . import notify
from .audit import audit_log


def summary_period(office: Office, day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """What the summary of `day` counts: from the previous working day's summary
    time to this day's, on the office's clock (a weekend falls in Monday's)."""
    zone = clock.zone(office)
    at = office.daily_summary_at
    start = datetime.datetime.combine(clock.previous_working_day(day), at, tzinfo=zone)
    return start, datetime.datetime.combine(day, at, tzinfo=zone)


def summary_recipients(office: Office, next_day: datetime.date):
    """The next working day's duty leader (every duty leader of the office when the
    rota has a gap, as a tier-1 notice does) and the office's directors."""
    leader = rota.duty_leader_on(office, next_day)
    leaders = [leader] if leader is not None else list(notify.members_of(office.pk, roles.DUTY_LEADER))
    return leader, [*leaders, *notify.members_of(office.pk, roles.PARTY_GROUP)]


def daily_summary_make(*, office: Office, day: datetime.date, now: datetime.datetime | None = None) -> DailySummary | None:
    """Make the summary of `office` for the working `day`; None when it exists already."""
    now = now or timezone.now()
    start, end = summary_period(office, day)
    next_day = clock.next_working_day(day)
    with transaction.atomic():
        try:
            with transaction.atomic():
                summary = DailySummary.objects.create(office=office, day=day, window_start=start, window_end=end,
                                                      next_day=next_day, computed_at=now)
        except IntegrityError:
            return None  # made by another worker, or before a restart
        leader, recipients = summary_recipients(office, next_day)
        summary.duty_leader = leader
        summary.figures = daily_figures(office, start=start, end=end, as_of=now)
        summary.save(update_fields=["duty_leader", "figures"])
        notify.save(notify.build(
            recipients=recipients, summary=summary, kind=Notification.Kind.DAILY_SUMMARY,
            key=f"daily_summary:{office.pk}:{day.isoformat()}",
            message=notify.in_default_language(lambda: summary_message(summary))))
        audit_log(office=office, actor=None, action="summary.made",
                  data={"day": day.isoformat(), "next_day": next_day.isoformat(),
                        "recipients": sorted({person.pk for person in recipients})})
    return summary


def summary_message(summary: DailySummary) -> str:
    f = summary.figures
    return _("Daily summary of %(office)s for %(day)s: %(new)d new, %(closed)d closed, %(open)d open "
             "(%(overdue)d overdue), %(escalated)d escalated, %(callbacks)d callbacks, %(ratings)d ratings "
             "(%(bad)d bad).") % {
        "office": summary.office.name, "day": summary.day.isoformat(), "new": f["new"]["total"],
        "closed": f["closed"], "open": f["open"]["total"], "overdue": f["overdue"]["cases"],
        "escalated": f["escalated"]["tier2"] + f["escalated"]["tier3"], "callbacks": f["callbacks"]["done"],
        "ratings": f["ratings"]["total"], "bad": f["ratings"]["bad"]}
