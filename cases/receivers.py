"""What the register does when the organisation or the calendar changes."""

from django.db import transaction
from django.dispatch import receiver

from routing.signals import calendar_changed


@receiver(calendar_changed, dispatch_uid="cases.recompute_deadlines")
def recompute_open_deadlines(sender, dates, **kwargs):
    from cases.services.recompute import deadlines_recompute

    dates = list(dates)
    transaction.on_commit(lambda: deadlines_recompute(dates))
