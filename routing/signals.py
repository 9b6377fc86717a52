"""Signals of the working-day calendar.

`calendar_changed` is sent whenever the calendar may have moved a deadline:
a CalendarDay saved or deleted, or a CalendarYear saved or deleted (its
publication switches the whole year from the statutory estimate to the
official schedule). Arguments:

    sender  -- the model class that changed (CalendarDay or CalendarYear)
    dates   -- a sorted list of datetime.date whose working-day status may
               have changed: the one day for a CalendarDay, every day of the
               year for a CalendarYear

A deadline computed by `routing.clock.add_working_days` is affected when one of
`dates` lies after its start's local date and on or before its due date; the
receiver (in `cases`, which may import `routing` but not the reverse)
recomputes those. The signal is sent inside the writing transaction: a
receiver that does more than a few queries should use `transaction.on_commit`.

The receivers below also drop the clock's in-process cache of the year, so
this process sees the change at once; other processes catch up within
`routing.clock.CACHE_SECONDS`.
"""

import datetime

from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal, receiver

from routing import clock

calendar_changed = Signal()


def _days_of_year(year: int) -> list[datetime.date]:
    first = datetime.date(year, 1, 1)
    return [first + datetime.timedelta(days=i) for i in range((datetime.date(year, 12, 31) - first).days + 1)]


@receiver(post_save, sender="routing.CalendarDay", dispatch_uid="routing.calendar_day_saved")
@receiver(post_delete, sender="routing.CalendarDay", dispatch_uid="routing.calendar_day_deleted")
def _calendar_day_changed(sender, instance, **kwargs):
    clock.invalidate_cache(instance.date.year)
    calendar_changed.send(sender=sender, dates=[instance.date])


@receiver(post_save, sender="routing.CalendarYear", dispatch_uid="routing.calendar_year_saved")
@receiver(post_delete, sender="routing.CalendarYear", dispatch_uid="routing.calendar_year_deleted")
def _calendar_year_changed(sender, instance, **kwargs):
    clock.invalidate_cache(instance.year)
    if 1 <= instance.year <= 9999:
        calendar_changed.send(sender=sender, dates=_days_of_year(instance.year))
