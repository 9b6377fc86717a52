"""Charts for the pages people look at rather than read, each with its table.

A chart is drawn by static/js/charts.js (Apache ECharts, vendored) from data
the page emits with `json_script` (no inline script: CSP), and the same
numbers are in a `<table>` under it (templates/_chart.html): what a screen
reader reads and what prints, the canvas being hidden on paper.

A page adds a chart in three lines: build a `BarChart` from its selector's
figures (`horizontal=True` for a ranking, `stacked=True` for parts of a whole,
one `Series` per bar colour), `{% include "_chart.html" %}` with `chart` in the
context, and `{% include "_chart_scripts.html" %}` once in its scripts block.
With `export_kind` (and one `cases.exports.chart_kind` line) its table also
downloads as a spreadsheet.
"""

import dataclasses

from django.utils.translation import gettext as _

from .models import Category, State
from .selectors.charts import cases_per_month, lights_now
from .templatetags.desk import LIGHT_LABELS


@dataclasses.dataclass
class Series:
    name: str
    data: list[int]
    color: str = ""


@dataclasses.dataclass
class BarChart:
    """Bars per label (a month, a tier, an office), one series per colour;
    stacked or side by side, horizontal for a ranking."""

    id: str
    title: str
    labels: list[str]
    series: list[Series]
    stacked: bool = False
    horizontal: bool = False
    label_header: str = ""
    # The export kind (cases.exports) of this chart's table: its page shows an "Export to Excel" button.
    export_kind: str = ""

    @property
    def data_id(self) -> str:
        return f"{self.id}-data"

    @property
    def data(self) -> dict:
        """What the script draws, for `json_script`."""
        return {"labels": [str(label) for label in self.labels], "stacked": self.stacked, "horizontal": self.horizontal,
                "series": [{"name": str(s.name), "data": list(s.data), "color": s.color} for s in self.series]}

    @property
    def rows(self) -> list[tuple[str, list[int]]]:
        """The table: one row per label, one cell per series."""
        return [(str(label), [s.data[i] for s in self.series]) for i, label in enumerate(self.labels)]

    @property
    def empty(self) -> bool:
        return not any(any(s.data) for s in self.series)


# --- the director's overview -----------------------------------------------------------

# The same colours as the lights on the lists (static/css/windowdesk.css).
LIGHT_COLOURS = {"green": "#198754", "yellow": "#ffc107", "red": "#dc3545", "paused": "#adb5bd"}
CATEGORY_COLOURS = {Category.CITIZEN: "#0d6efd", Category.STAFF: "#d63384", Category.OBJECTIVE: "#fd7e14", "": "#6c757d"}


def month_chart(user) -> BarChart:
    """Cases registered per month over the last twelve, stacked by category."""
    months, by_category = cases_per_month(user)
    labels = dict(Category.choices) | {"": _("not classified yet")}
    series = [Series(name=labels[key], data=by_category.get(key, [0] * len(months)), color=CATEGORY_COLOURS[key])
              for key in [*Category.values, ""]]
    return BarChart(id="cases-per-month", title=_("Cases per month by category (last 12 months)"),
                    labels=[f"{first:%Y-%m}" for first in months], series=series, stacked=True,
                    label_header=_("Month"), export_kind="cases_per_month")


def lights_chart(user) -> BarChart:
    """Open cases at each tier by their light now."""
    lights = lights_now(user)
    tiers = [State.TIER1, State.TIER2, State.TIER3]
    series = [Series(name=LIGHT_LABELS[light], data=[lights[tier][light] for tier in tiers], color=LIGHT_COLOURS[light])
              for light in ("green", "yellow", "red", "paused")]
    return BarChart(id="lights-now", title=_("Open cases by light, now"), labels=[State(tier).label for tier in tiers],
                    series=series, stacked=True, label_header=_("Tier"))


# --- the statistics, the ranking and an innovation's effect ---------------------------

RATE_COLOURS = ("#0d6efd", "#198754", "#fd7e14")
BEFORE_AFTER_COLOURS = {"before": "#6c757d", "adoption": "#adb5bd", "after": "#0d6efd"}


def rates_chart(rows) -> BarChart:
    """The three rates per office (statistics FigureRows), side by side; a rate
    with nothing to count is left blank, not drawn as 0."""
    names = (("response_rate", _("Response rate")), ("resolution_rate", _("Resolution rate")),
             ("satisfaction_rate", _("Satisfaction rate")))
    series = [Series(name=label, data=[getattr(row, name) for row in rows], color=colour)
              for (name, label), colour in zip(names, RATE_COLOURS, strict=True)]
    return BarChart(id="office-rates-chart", title=_("The three rates by office, in percent"), labels=[row.office for row in rows],
                    series=series, label_header=_("Office"))


def ranking_chart(board) -> BarChart:
    """The ranked offices' scores (a statistics Board), the first at the top."""
    ranked = board.ranked
    return BarChart(id="ranking-chart", title=_("Score by office"),
                    labels=[f"{row.rank}. {row.figures.unit}" for row in ranked],
                    series=[Series(name=_("Score"), data=[row.score for row in ranked], color="#0d6efd")],
                    horizontal=True, label_header=_("Office"))


def before_after_chart(figures: dict) -> BarChart:
    """An innovation's covered cases per month (innovation_before_after): the
    months before and after in two colours, the month of adoption apart."""
    rows = figures["rows"]
    names = {"before": _("before adoption"), "adoption": _("month of adoption"), "after": _("after adoption")}
    series = [Series(name=names[side], data=[row["cases"] if row["side"] == side else 0 for row in rows],
                     color=BEFORE_AFTER_COLOURS[side]) for side in ("before", "adoption", "after")]
    return BarChart(id="before-after-chart", title=_("Cases it covers, month by month"),
                    labels=[f"{row['month']:%Y-%m}" for row in rows], series=series, stacked=True,
                    label_header=_("Month"))
