"""The figures the director's overview draws: cases per month by category, lights now.

Both are counts in the database over the offices the user reads (`access`),
never rows brought back to Python: one query each, whatever the register's size.
The months are read from the covering index case_office_period_causes alone
(office, registered_at, with the category): COUNT(*), not COUNT(id), keeps it so.
"""

import datetime

from django.db.models import Case as DbCase
from django.db.models import CharField, Count, Q, Value, When
from django.db.models.functions import TruncMonth
from django.utils import timezone

from routing import clock

from ..access import cases_readable_by
from ..models import HANDLING_STATES


def months_back(today: datetime.date, months: int) -> list[datetime.date]:
    """The first days of the `months` months ending with `today`'s, oldest first."""
    year, month = today.year, today.month
    firsts = []
    for _ in range(months):
        firsts.append(datetime.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return firsts[::-1]


def cases_per_month(user, *, months: int = 12) -> tuple[list[datetime.date], dict[str, list[int]]]:
    """Cases registered in each of the last `months` months (on the user's office
    clock), by category ("" = not classified yet): the months and a list of counts per category."""
    zone = clock.zone(user.office) if getattr(user, "office_id", None) else timezone.get_current_timezone()
    firsts = months_back(timezone.localdate(timezone=zone), months)
    since = datetime.datetime.combine(firsts[0], datetime.time.min, zone)
    counts = (cases_readable_by(user).filter(registered_at__gte=since)
              .annotate(month=TruncMonth("registered_at", tzinfo=zone))
              .values_list("month", "category").annotate(n=Count("*")).order_by())
    index = {first: i for i, first in enumerate(firsts)}
    by_category: dict[str, list[int]] = {}
    for month, category, n in counts:
        day = month.date() if isinstance(month, datetime.datetime) else month
        if day in index:
            by_category.setdefault(category, [0] * months)[index[day]] += n
    return firsts, by_category


def light_now(now) -> DbCase:
    """A case's light at `now` as an SQL expression: the rule of `Case.light`
    (routing.clock.light) read from the columns the sweep keeps. Red past the
    due moment; yellow from the warning moment, which `warn_at` holds until the
    sweep has warned the owner and clears it; green before; "paused" while the
    clock is stopped; "" for a case with no running tier clock."""
    clocked = Q(state__in=HANDLING_STATES, due_at__isnull=False)
    return DbCase(
        When(clocked & Q(paused_at__isnull=False), then=Value("paused")),
        When(clocked & Q(due_at__lt=now), then=Value("red")),
        When(clocked & (Q(warn_at__isnull=True) | Q(warn_at__lte=now)), then=Value("yellow")),
        When(clocked, then=Value("green")),
        default=Value(""), output_field=CharField())


def lights_now(user) -> dict[str, dict[str, int]]:
    """Open cases at each tier by their light now: {"tier1": {"green": n, "yellow": n, "red": n, "paused": n}, ...}."""
    rows = (cases_readable_by(user).filter(state__in=HANDLING_STATES, due_at__isnull=False)
            .annotate(light=light_now(timezone.now())).values_list("state", "light").annotate(n=Count("id")).order_by())
    lights = {str(state): {"green": 0, "yellow": 0, "red": 0, "paused": 0} for state in HANDLING_STATES}
    for state, light, n in rows:
        lights[state][light] = n
    return lights
