"""Template context of the back office: warn staff when a year's calendar is a guess."""

from django.utils import timezone
from django.utils.translation import gettext

from routing import clock


def calendar_warnings(request) -> dict:
    """`calendar_warnings`: one message per year the clock has to estimate.

    Shown to staff (the administrators who can enter the notice) on every page
    for the current year and, from October, the next one: the State Council
    publishes the next year's schedule late in the autumn, and until it is
    entered deadlines in that year assume weekends and statutory holidays only.
    Cheap on every page: `clock.is_year_published` reads the clock's
    per-process cache, at most one query per year a minute.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_staff:
        return {"calendar_warnings": []}
    today = timezone.localdate()
    years = [today.year, today.year + 1] if today.month >= 10 else [today.year]
    warnings = [
        gettext(
            "The official holiday schedule for %(year)s has not been entered; "
            "deadlines in %(year)s assume weekends and statutory holidays only."
        ) % {"year": year}
        for year in years
        if not clock.is_year_published(year)
    ]
    return {"calendar_warnings": warnings}


def rota_warnings(request) -> dict:
    """`rota_warnings`: coming working days of the user's office with nobody on duty.

    Shown to whoever edits the rota, so a gap is filled before a case arrives
    with no duty leader to own it. One indexed query per page, for them only.
    """
    user = getattr(request, "user", None)
    if (user is None or not user.is_authenticated or not getattr(user, "office_id", None)
            or not user.has_perm("routing.change_dutyassignment")):
        return {"rota_warnings": []}
    from routing.rota import rota_gaps

    gaps = rota_gaps(user.office, working_days=10)
    if not gaps:
        return {"rota_warnings": []}
    days = "、".join(day.strftime("%m-%d") for day in gaps)
    return {"rota_warnings": [gettext("No duty leader is on the rota for these coming working days: %(days)s.") % {"days": days}]}
