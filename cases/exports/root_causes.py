"""The cause matrix and the discipline inspection's accountability records as spreadsheets,
with the page's period, office and kind; read through the pages' own selectors."""

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from routing import clock

from ..access import readable_offices
from ..forms_causes import AccountabilityFilterForm, MonthRangeForm
from ..selectors.causes import accountability_records, cause_counts, cause_matrix
from . import ExportKind, register_kind

PERMISSION = "cases.review_escalations"


def _posted(request) -> dict:
    data = request.POST.copy()
    data.pop("csrfmiddlewaretoken", None)
    return {name: value for name, value in data.items() if value}


# --- the matrix: a row per business area and category, a column per place -------------

def _period_form(user, filters: dict) -> MonthRangeForm:
    return MonthRangeForm(filters, offices=readable_offices(user), today=timezone.localdate())


def matrix_parse(request) -> tuple[dict, str]:
    """The period and office as the page shows them: the default period is
    written out, so the file is the page's even if it is built next month."""
    form = _period_form(request.user, _posted(request))
    if not form.is_valid():
        raise ValueError(_("These filters are not valid: filter the list again, then export it."))
    since, until = form.period()
    office = form.chosen_office()
    return {"since": f"{since:%Y-%m}", "until": f"{until:%Y-%m}", **({"office": office.pk} if office else {})}, ""


def _matrix(user, filters: dict) -> dict:
    form = _period_form(user, filters)
    if not form.is_valid():
        raise ValueError("The export's filters are no longer valid for this user.")
    since, until = form.period()
    return cause_matrix(cause_counts(user, since=since, until=until, office=form.chosen_office()))


def matrix_headers(user, filters=None) -> list[str]:
    matrix = _matrix(user, filters or {})
    return [_("Business area"), _("Category"), *matrix["columns"], *([_("Other places")] if matrix["other_column"] else []),
            _("Total"), _("Policy bottlenecks")]


def matrix_rows(user, filters: dict, search: str):
    matrix = _matrix(user, filters)
    lines = [[row["business_area"], row["category_label"], *(cell["cases"] for cell in row["cells"]),
              *([row["other"]] if matrix["other_column"] else []), row["total"], row["bottlenecks"]]
             for row in matrix["rows"]]
    return len(lines), iter(lines)


# --- accountability records and referrals ----------------------------------------------

def _accountability_form(user, filters: dict) -> AccountabilityFilterForm:
    return AccountabilityFilterForm(filters, offices=readable_offices(user))


def accountability_parse(request) -> tuple[dict, str]:
    form = _accountability_form(request.user, _posted(request))
    if not form.is_valid():
        raise ValueError(_("These filters are not valid: filter the list again, then export it."))
    return {name: value for name, value in form.data.items() if name in form.fields and value}, ""


def accountability_headers(user=None, filters=None) -> list[str]:
    return [_("Case"), _("Office"), _("Business area"), _("Regular window"), _("Staff member"), _("Section head"),
            _("Leader in charge"), _("Finding"), _("Measure taken"), _("Referred to discipline inspection"),
            _("Recorded"), _("Recorded by")]


def accountability_rows(user, filters: dict, search: str):
    form = _accountability_form(user, filters)
    if not form.is_valid():
        raise ValueError("The export's filters are no longer valid for this user.")
    records = accountability_records(user, **form.filters()).annotate(office_pk=F("case__office_id"))
    zones = {office.pk: clock.zone(office) for office in readable_offices(user)}
    yes, no = _("yes"), _("no")

    def line(row) -> list:
        recorded_by = (row["recorded_by_last_name"] + row["recorded_by_first_name"]) or row["recorded_by_username"]
        recorded = row["recorded_at"].astimezone(zones[row["office_pk"]]).replace(tzinfo=None)
        return [row["number"], row["office"], row["business_area"], row["regular_window"] or "", row["staff_member"],
                row["section_head"], row["leader_in_charge"], row["finding"], row["measure"],
                yes if row["referred_to_discipline"] else no, recorded, recorded_by]

    return records.count(), (line(row) for row in records.iterator())


register_kind(ExportKind(
    name="cause_matrix", title=gettext_lazy("Where matters fail"), headers=matrix_headers, rows=matrix_rows,
    parse=matrix_parse, permission=PERMISSION, page="cases:causes", widths=(16, 14),
))
register_kind(ExportKind(
    name="accountability", title=gettext_lazy("Accountability and referrals"), headers=accountability_headers,
    rows=accountability_rows, parse=accountability_parse, permission=PERMISSION, page="cases:accountability_records",
    widths=(17, 16, 14, 14, 10, 10, 10, 40, 40, 10, 17, 10),
))
