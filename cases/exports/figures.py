"""The statistics page and the monthly ranking as spreadsheets, for the month the page shows.

Both read `monthly_figures` / `monthly_ranking`, which scope to the offices the
user reads, so the file holds the page's rows and no other office's.
"""

import datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from ..forms_figures import MonthForm
from ..selectors.statistics import RANK_WEIGHTS, monthly_figures, monthly_ranking
from . import ExportKind, register_kind

PERMISSION = "cases.review_escalations"


def parse(request) -> tuple[dict, str]:
    """The month the page's button posts (this month when none)."""
    form = MonthForm(request.POST)
    if not form.is_valid():
        raise ValueError(_("Enter a month as YYYY-MM, from 2000-01 to 2100-12."))
    return {"month": f"{form.chosen_month():%Y-%m}"}, ""


def _month(filters: dict) -> datetime.date:
    form = MonthForm({"month": filters.get("month", "")})
    if not form.is_valid():
        raise ValueError("The export's month is not valid.")
    return form.chosen_month()


# --- statistics: one row per office, the total, then one per department ---------------

STATISTICS_FIELDS = (
    ("registered", lambda: pgettext("number of cases", "Registered")), ("response_rate", lambda: _("Response rate")),
    ("resolution_rate", lambda: _("Resolution rate")), ("satisfaction_rate", lambda: _("Satisfaction rate")),
    ("rated", lambda: _("Ratings")), ("on_time_rate", lambda: _("On time (original deadline)")),
    ("orders_due", lambda: _("Work orders due")), ("orders_returned", lambda: _("Returned work orders")),
    ("reopened", lambda: _("Reopened (重办)")), ("paused_hours", lambda: _("Clock stopped (working hours)")),
    ("escalated_tier2", lambda: _("Escalated to tier 2")), ("escalated_tier3", lambda: _("Escalated to tier 3")),
    ("closed", lambda: pgettext("number of cases", "Closed")),
    ("median_close_hours", lambda: _("Median working hours to close")),
    ("consultations", lambda: _("Consultations answered at once")), ("climbed", lambda: _("Cases that climbed the tiers")),
)


def statistics_headers(user=None, filters=None) -> list[str]:
    return [_("Office"), _("Department"), *(label() for _name, label in STATISTICS_FIELDS)]


def statistics_rows(user, filters: dict, search: str):
    figures = monthly_figures(user, month=_month(filters))
    rows = [*figures.offices, *([figures.total] if len(figures.offices) > 1 else []), *figures.departments]
    return len(rows), ([row.office, row.department, *_cells(row.as_dict())] for row in rows)


def _cells(values: dict) -> list:
    cells = [values[name] for name, _label in STATISTICS_FIELDS]
    if values["median_close_open_ended"]:  # the page's "> n": beyond the last bucket
        index = [name for name, _label in STATISTICS_FIELDS].index("median_close_hours")
        cells[index] = f"> {cells[index]}"
    return cells


# --- the ranking: offices then departments, the rule in a note under them ------------

def ranking_headers(user=None, filters=None) -> list[str]:
    return [_("Ranking"), _("Rank"), _("Office"), _("Department"), _("Score"), _("On time (original deadline)"),
            _("Resolution rate"), _("Satisfaction rate"), _("Returned work orders")]


def ranking_rows(user, filters: dict, search: str):
    boards = monthly_ranking(user, month=_month(filters))
    lines = []
    for key, name in (("offices", _("Ranking of the offices")), ("departments", _("Ranking of the departments"))):
        board = boards[key]
        lines += [[name, row.rank, *_ranked(row.figures, row.score)] for row in board.ranked]
        lines += [[name, _("not ranked"), *_ranked(row, None)] for row in board.unranked]
    weights = dict(RANK_WEIGHTS)
    lines += [[], [_("Score = %(on_time)s × on-time rate (original deadline) + %(resolution)s × resolution rate + "
                     "%(satisfaction)s × satisfaction rate, the rates in percent. A rate with nothing to count in the "
                     "month is left out and the other weights scaled up to a total of 1; a unit with no rate at all "
                     "is not ranked.") % {"on_time": weights["on_time_rate"], "resolution": weights["resolution_rate"],
                                          "satisfaction": weights["satisfaction_rate"]}]]
    return len(lines), iter(lines)


def _ranked(row, score) -> list:
    return [row.office, row.department, score, row.on_time_rate, row.resolution_rate, row.satisfaction_rate,
            row.orders_returned]


register_kind(ExportKind(
    name="statistics", title=gettext_lazy("Statistics"), headers=statistics_headers, rows=statistics_rows,
    parse=parse, permission=PERMISSION, page="cases:statistics", widths=(16, 16, *[12] * len(STATISTICS_FIELDS)),
))
register_kind(ExportKind(
    name="ranking", title=gettext_lazy("Monthly ranking"), headers=ranking_headers, rows=ranking_rows,
    parse=parse, permission=PERMISSION, page="cases:ranking", widths=(16, 8, 16, 16, 10, 12, 12, 12, 12),
))
