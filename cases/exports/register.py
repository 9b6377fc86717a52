"""The register as a spreadsheet: the desk's list with its current filters and search."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from routing import clock

from .. import pii, searches
from ..access import readable_offices
from ..forms import CaseFilterForm
from ..models import Case
from ..selectors import LIST_ONLY, NewestAcrossOffices, cases_for_desk
from ..templatetags.desk import LIGHT_LABELS
from . import ExportKind, register_kind

# Rows are read from the server in chunks of this many (a named cursor on PostgreSQL).
CHUNK = 2000
COLUMNS = (*LIST_ONLY, "reporter_phone", "reporter_id_number", "subject_id_number", "subject_relation", "matter",
           "failure_reason", "result", "closed_at", "tier_days")
FIELDS = ("number", "registered_at", "office", "channel", "reporter_name", "reporter_phone", "reporter_id_number",
          "on_behalf", "subject_name", "subject_id_number", "subject_relation", "business_area", "matter", "failed_at",
          "failure_reason", "category", "state")


def headers() -> list[str]:
    names = [str(Case._meta.get_field(name).verbose_name) for name in FIELDS]
    return [*names, _("Light"), str(Case._meta.get_field("due_at").verbose_name),
            str(Case._meta.get_field("closed_at").verbose_name), str(Case._meta.get_field("result").verbose_name)]


WIDTHS = (17, 17, 16, 12, 10, 14, 20, 8, 10, 20, 8, 12, 40, 16, 40, 16, 18, 10, 17, 17, 40)


def parse(request) -> tuple[dict, str]:
    """The desk's filters as its export button posts them (the filters as
    typed, the search as its token), read by the desk's own form: the search
    is resolved from the session here, since it never travels in a URL or a
    page. ValueError with a message for the user when they are not valid."""
    data = request.POST.copy()
    data.pop("csrfmiddlewaretoken", None)
    data.pop("q", None)
    search = ""
    token = data.pop("search", [""])[0]
    if token:
        search = searches.search_recall(request.session, token)
        if search is None:
            raise ValueError(_("That search has expired: search again."))
    form = CaseFilterForm({**data.dict(), "q": search}, offices=readable_offices(request.user))
    if not form.is_valid():
        raise ValueError(_("These filters are not valid: filter the list again, then export it."))
    return {name: form.data[name] for name in form.fields if name != "q" and form.data.get(name)}, search


def rows(user, filters: dict, search: str):
    """The number of rows and the rows, as the desk would list them now for `user`.

    The filters are checked again with the desk's form against the offices the
    user reads today: an office taken from them since the export was asked
    for is refused, not exported.
    """
    form = CaseFilterForm({**filters, "q": search or ""}, offices=readable_offices(user))
    if not form.is_valid():
        raise ValueError("The export's filters are no longer valid for this user.")
    cases = cases_for_desk(user, **{k: v for k, v in form.cleaned_data.items() if v not in (None, "")})
    if isinstance(cases, NewestAcrossOffices):
        cases = cases.queryset  # read in one pass, not page by page
    cases = cases.only(*COLUMNS)
    reveal = user.has_perm("cases.reveal_personal_data")
    return cases.count(), (_row(case, user, reveal) for case in cases.iterator(chunk_size=CHUNK))


def _row(case: Case, user, reveal: bool) -> list:
    office = case.office

    def local(moment):
        return clock.local(moment, office).replace(tzinfo=None) if moment else None

    phone, reporter_id, subject_id = case.reporter_phone or "", case.reporter_id_number or "", case.subject_id_number or ""
    if not reveal:
        phone, reporter_id, subject_id = pii.mask_phone(phone), pii.mask_id_number(reporter_id), pii.mask_id_number(subject_id)
    light = case.light
    return [
        case.number, local(case.registered_at), office.name, case.get_channel_display(), case.reporter_name_for(user),
        phone, reporter_id, _("yes") if case.on_behalf else "", case.subject_name, subject_id, case.subject_relation,
        case.business_area.name, case.matter, case.failed_at, case.failure_reason, case.get_category_display(),
        case.get_state_display(), str(LIGHT_LABELS[light]) if light else "", local(case.due_at) if light else None,
        local(case.closed_at), case.result,
    ]


KIND = register_kind(ExportKind(
    name="register", title=gettext_lazy("Case register"), headers=headers, rows=rows, parse=parse, widths=WIDTHS,
    page="cases:desk",
))
