"""Charts for the pages people look at rather than read, each with its table.

A chart is drawn by static/js/charts.js (Apache ECharts, vendored) from data
the page emits with `json_script` (no inline script: CSP), and the same
numbers are in a `<table>` under it (templates/_chart.html): what a screen
reader reads and what prints, the canvas being hidden on paper.
"""

import dataclasses


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
