"""Excel exports, one entry per kind in `KINDS`.

A kind says which rows a user may export and how each is written:

- `parse(request)` reads the page's filters from the request that asks for the
  export (the same form the page uses) and returns them as JSON-able values,
  with the register's search apart (it may be an ID number: stored encrypted);
  ValueError with a message for the user when they are not valid;
- `rows(user, filters, search)` gives the number of rows (or None) and an
  iterable of rows, read from the page's own selector, so the file holds
  exactly what the page lists, with the same scoping;
- `headers(user, filters)` the column titles (gettext: Chinese in the file),
  read after the rows (a matrix's columns are its data's), `widths` their
  widths, `title` the sheet's and file's name.

Statistics, rankings, matrices and summaries are one more `ExportKind` each,
registered with `register_kind`; the machinery (the task, the progress page,
the download with its access check) is shared. A figure drawn as a chart
(`cases.charts.BarChart`) exports its table with `chart_kind` in one line, and
its page shows the button when the chart names the kind (`export_kind`).
"""

import dataclasses
from collections.abc import Callable, Iterable

from django.utils.functional import Promise


@dataclasses.dataclass(frozen=True)
class ExportKind:
    name: str
    title: Promise | str
    headers: Callable[..., list]
    rows: Callable[..., tuple[int | None, Iterable[list]]]
    parse: Callable
    # Who may ask for it (besides reading what the rows' selector scopes).
    permission: str = "cases.view_case"
    widths: tuple[int, ...] = ()
    # Where the "back" link of the progress page goes: a URL name.
    page: str = "cases:desk"


KINDS: dict[str, ExportKind] = {}


def register_kind(kind: ExportKind) -> ExportKind:
    KINDS[kind.name] = kind
    return kind


def get_kind(name: str) -> ExportKind | None:
    _load_kinds()
    return KINDS.get(name)


def chart_kind(*, name: str, title, chart: Callable, page: str, permission: str = "cases.view_case") -> ExportKind:
    """An export of a chart's table, as the page shows it: `chart(user)` gives the
    BarChart (its selector does the scoping); no filters."""

    def headers(user, filters=None):
        built = chart(user)
        return [built.label_header, *(series.name for series in built.series)]

    def rows(user, filters, search):
        built = chart(user)
        return len(built.labels), ([label, *values] for label, values in built.rows)

    return register_kind(ExportKind(name=name, title=title, headers=headers, rows=rows, parse=lambda request: ({}, ""),
                                    permission=permission, page=page, widths=(14,)))


def _load_kinds():
    # The kinds register themselves on import; importing them here (not at the
    # top) keeps this module free of the selectors they read.
    from . import charts, figures, register, root_causes, summary  # noqa: F401
