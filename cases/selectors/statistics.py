"""The statistics page and the monthly ranking (红黑榜): a month of daily
figures (cases.models.DailyFigure), added up per office and department.

Every selector here returns plain rows (`FigureRow`, `RankedRow`, and their
`as_dict()`), so an export or a chart reads exactly what the page shows. The
figures are read through the database router (windowdesk/db_router.py): from
the replica when one is configured.
"""

import calendar
import dataclasses
import datetime

from django.utils.translation import gettext as _

from ..access import readable_office_ids
from ..models import CLOSE_HOUR_EDGES, COUNTERS, DailyFigure

SATISFIED_FIELDS = ("rated_very_satisfied", "rated_satisfied", "rated_basically")
RATED_FIELDS = (*SATISFIED_FIELDS, "rated_dissatisfied", "rated_very_dissatisfied")
# The ranking rule: a weighted mean of three rates (percentages). A rate with
# nothing to count (no order due, no callback, no rating) is left out and the
# others' weights scaled up to a total of 1; a unit with no rate is not ranked.
RANK_WEIGHTS = (("on_time_rate", 0.4), ("resolution_rate", 0.3), ("satisfaction_rate", 0.3))
RANK_LIST_SIZE = 3  # 红榜 and 黑榜: the first and last three (at most half the ranked units each)


def month_days(month: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first and last day of the month of `month`."""
    last = calendar.monthrange(month.year, month.month)[1]
    return month.replace(day=1), month.replace(day=last)


def _rate(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def median_close_hours(buckets: list[int]) -> tuple[float | None, bool]:
    """The median of the working hours to close, from the counts per bucket
    (CLOSE_HOUR_EDGES), by linear interpolation inside the bucket that holds
    it; (lower edge, True) when it falls in the last, open-ended bucket."""
    total = sum(buckets)
    if not total:
        return None, False
    half, seen = total / 2, 0
    for index, count in enumerate(buckets):
        if count and seen + count >= half:
            low = CLOSE_HOUR_EDGES[index - 1] if index else 0.0
            if index == len(CLOSE_HOUR_EDGES):
                return float(low), True
            high = CLOSE_HOUR_EDGES[index]
            return round(low + (high - low) * (half - seen) / count, 1), False
        seen += count
    return None, False  # unreachable: the counts add up to total


@dataclasses.dataclass
class FigureRow:
    """One office's or one department's figures for the month (or the total of the scope)."""

    office: str
    department: str = ""
    counts: dict = dataclasses.field(default_factory=lambda: dict.fromkeys(COUNTERS, 0))
    close_hours: list = dataclasses.field(default_factory=lambda: [0] * (len(CLOSE_HOUR_EDGES) + 1))

    def add(self, figure: dict) -> None:
        for field in COUNTERS:
            self.counts[field] += figure[field]
        for index, count in enumerate(figure["close_hours"] or ()):
            self.close_hours[index] += count

    def __getattr__(self, name):  # row.registered, row.orders_due... for templates and exports
        counts = self.__dict__.get("counts", {})
        if name in counts:
            return counts[name]
        raise AttributeError(name)

    @property
    def unit(self) -> str:
        return self.department or self.office

    @property
    def rated(self) -> int:
        return sum(self.counts[field] for field in RATED_FIELDS)

    @property
    def response_rate(self) -> float | None:
        return _rate(self.counts["responded_in_time"], self.counts["responses_due"])

    @property
    def resolution_rate(self) -> float | None:
        return _rate(self.counts["callbacks_solved"], self.counts["callbacks_reached"])

    @property
    def satisfaction_rate(self) -> float | None:
        return _rate(sum(self.counts[field] for field in SATISFIED_FIELDS), self.rated)

    @property
    def on_time_rate(self) -> float | None:
        return _rate(self.counts["orders_on_time"], self.counts["orders_due"])

    @property
    def paused_hours(self) -> float:
        return round(self.counts["paused_seconds"] / 3600, 1)

    @property
    def median_close_hours(self) -> float | None:
        return median_close_hours(self.close_hours)[0]

    @property
    def median_close_open_ended(self) -> bool:
        return median_close_hours(self.close_hours)[1]

    def as_dict(self) -> dict:
        """The row for an export: names, every counter, the rates and the median."""
        return {"office": self.office, "department": self.department, **self.counts, "rated": self.rated,
                "response_rate": self.response_rate, "resolution_rate": self.resolution_rate,
                "satisfaction_rate": self.satisfaction_rate, "on_time_rate": self.on_time_rate,
                "paused_hours": self.paused_hours, "median_close_hours": self.median_close_hours,
                "median_close_open_ended": self.median_close_open_ended}


@dataclasses.dataclass
class MonthFigures:
    offices: list[FigureRow]
    departments: list[FigureRow]
    total: FigureRow


def monthly_figures(user, *, month: datetime.date) -> MonthFigures:
    """The month's figures of every office the user reads (its subtree for an
    overseer), per office, per department, and their total: one query."""
    first, last = month_days(month)
    offices, departments = {}, {}
    total = FigureRow(office=_("Total"))
    figures = (DailyFigure.objects
               .filter(office_id__in=readable_office_ids(user), day__gte=first, day__lte=last)
               .values("office_id", "department_id", "office__name", "office__path", "department__name",
                       "close_hours", *COUNTERS))
    for figure in figures:
        if figure["department_id"] is None:
            row = offices.setdefault(figure["office_id"], (figure["office__path"], FigureRow(figure["office__name"])))[1]
            total.add(figure)
        else:
            row = departments.setdefault(figure["department_id"], (
                figure["office__path"], FigureRow(figure["office__name"], figure["department__name"])))[1]
        row.add(figure)
    return MonthFigures(
        offices=[row for _path, row in sorted(offices.values(), key=lambda item: (item[0], item[1].office))],
        departments=[row for _path, row in sorted(departments.values(),
                                                  key=lambda item: (item[0], item[1].office, item[1].department))],
        total=total)


@dataclasses.dataclass
class RankedRow:
    rank: int
    figures: FigureRow
    score: float

    def as_dict(self) -> dict:
        return {"rank": self.rank, "score": self.score, **self.figures.as_dict()}


def rank_score(row: FigureRow) -> float | None:
    """The ranking's score (see RANK_WEIGHTS): None when the unit has no rate."""
    rated = [(getattr(row, name), weight) for name, weight in RANK_WEIGHTS if getattr(row, name) is not None]
    if not rated:
        return None
    return round(sum(rate * weight for rate, weight in rated) / sum(weight for _rate, weight in rated), 2)


def rank(rows: list[FigureRow]) -> tuple[list[RankedRow], list[FigureRow]]:
    """Units in ranking order, and the units with no rate (not ranked).

    Higher score first; ties go to the higher satisfaction rate, then the higher
    on-time rate, then the fewer returned work orders, then the name.
    """
    scored = [(rank_score(row), row) for row in rows]
    order = sorted(((score, row) for score, row in scored if score is not None),
                   key=lambda item: (-item[0], -(item[1].satisfaction_rate or 0), -(item[1].on_time_rate or 0),
                                     item[1].orders_returned, item[1].office, item[1].department))
    ranked = [RankedRow(rank=position, figures=row, score=score) for position, (score, row) in enumerate(order, 1)]
    return ranked, [row for score, row in scored if score is None]


@dataclasses.dataclass
class Board:
    """One ranking (offices or departments): the whole order, 红榜 and 黑榜."""

    ranked: list[RankedRow]
    unranked: list[FigureRow]

    @property
    def size(self) -> int:
        return min(RANK_LIST_SIZE, len(self.ranked) // 2)

    @property
    def red(self) -> list[RankedRow]:
        return self.ranked[:self.size]

    @property
    def black(self) -> list[RankedRow]:
        return list(reversed(self.ranked[len(self.ranked) - self.size:])) if self.size else []


def monthly_ranking(user, *, month: datetime.date) -> dict[str, Board]:
    """The month's ranking of the offices and of the departments the user reads."""
    figures = monthly_figures(user, month=month)
    return {"offices": Board(*rank(figures.offices)), "departments": Board(*rank(figures.departments))}
