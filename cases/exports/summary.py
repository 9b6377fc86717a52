"""One daily summary as a spreadsheet: its office and day, then a line per figure."""

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..selectors.summary import PERMISSION, get_summary_for_user, summary_rows
from . import ExportKind, register_kind


def _summary(user, pk):
    try:
        return get_summary_for_user(user, int(pk))
    except (Http404, TypeError, ValueError):
        raise ValueError(_("No such summary.")) from None


def parse(request) -> tuple[dict, str]:
    """The summary the page's button names, if the user reads it."""
    return {"summary": _summary(request.user, request.POST.get("summary")).pk}, ""


def headers(user=None, filters=None) -> list[str]:
    return [_("Section"), _("Figure"), _("Count")]


def rows(user, filters: dict, search: str):
    summary = _summary(user, filters.get("summary"))
    lines = [[_("Office"), summary.office.name, None], [_("Day"), summary.day, None],
             *([section, label, count] for section, label, count in summary_rows(summary))]
    return len(lines), iter(lines)


register_kind(ExportKind(
    name="daily_summary", title=gettext_lazy("Daily summary"), headers=headers, rows=rows, parse=parse,
    permission=PERMISSION, page="cases:summaries", widths=(36, 30, 10),
))
