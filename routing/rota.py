"""Who is on duty: reading and editing the duty rota of an office."""

import calendar
import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import clock, roles
from .models import DutyAssignment, Office, User


class RotaError(Exception):
    def __init__(self, message, *, field=None):
        super().__init__(message)
        self.message = message
        self.field = field


def local_today(office: Office | None = None, now: datetime.datetime | None = None) -> datetime.date:
    return timezone.localtime(now or timezone.now(), clock.zone(office)).date()


def duty_leader_on(office: Office, day: datetime.date) -> User | None:
    # get(), not first(): one leader per office and day, and first()'s ORDER BY
    # only costs compiling time (every registration asks).
    try:
        return DutyAssignment.objects.select_related("leader").get(office=office, day=day).leader
    except DutyAssignment.DoesNotExist:
        return None


def eligible_leaders(office: Office):
    """Deputy-director-level staff of the office who may stand duty."""
    return User.objects.filter(office=office, is_active=True, groups__name=roles.DUTY_LEADER).order_by("last_name", "first_name")


def working_days_of_month(year: int, month: int) -> list[datetime.date]:
    last = calendar.monthrange(year, month)[1]
    return [d for d in (datetime.date(year, month, n) for n in range(1, last + 1)) if clock.is_working_day(d)]


def month_rota(office: Office, year: int, month: int) -> dict[datetime.date, User | None]:
    days = working_days_of_month(year, month)
    assigned = {
        a.day: a.leader
        for a in DutyAssignment.objects.filter(office=office, day__year=year, day__month=month).select_related("leader")
    }
    return {day: assigned.get(day) for day in days}


def rota_gaps(office: Office, *, start: datetime.date | None = None, working_days: int = 10) -> list[datetime.date]:
    """The coming working days (today included) with nobody on duty."""
    day = start or local_today(office)
    days = []
    if clock.is_working_day(day):
        days.append(day)
    while len(days) < working_days:
        day = clock.next_working_day(day)
        days.append(day)
    covered = set(DutyAssignment.objects.filter(office=office, day__in=days).values_list("day", flat=True))
    return [d for d in days if d not in covered]


def rota_set_month(*, office: Office, by: User, year: int, month: int, leaders: dict[datetime.date, User | None]) -> int:
    """Replace a month's rota in one transaction; returns how many days are covered."""
    if by.office_id != office.pk or not by.has_perm("routing.change_dutyassignment"):
        raise RotaError(_("You do not have the right to do this."))
    allowed = set(eligible_leaders(office).values_list("pk", flat=True))
    for day, leader in leaders.items():
        if (day.year, day.month) != (year, month):
            raise RotaError(_("%(day)s is not in this month.") % {"day": day})
        if leader is not None and leader.pk not in allowed:
            raise RotaError(_("%(name)s is not a duty leader of this office.") % {"name": leader}, field=day.isoformat())
    with transaction.atomic():
        DutyAssignment.objects.filter(office=office, day__year=year, day__month=month).exclude(
            day__in=[d for d, leader in leaders.items() if leader is not None]).delete()
        for day, leader in leaders.items():
            if leader is not None:
                DutyAssignment.objects.update_or_create(office=office, day=day,
                                                        defaults={"leader": leader, "assigned_by": by})
    return sum(1 for leader in leaders.values() if leader is not None)
