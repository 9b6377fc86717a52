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
