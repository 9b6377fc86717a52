"""The register as a spreadsheet: the desk's list with its current filters and search."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from routing import clock

from .. import pii, searches
from ..access import readable_offices
from ..forms import CaseFilterForm
from ..models import Case
from ..selectors import NewestAcrossOffices, cases_for_desk
from ..selectors.charts import light_now
from ..templatetags.desk import LIGHT_LABELS
from . import ExportKind, register_kind

# Rows are read from the server in chunks of this many (a named cursor on PostgreSQL).
CHUNK = 2000
FIELDS = ("number", "registered_at", "office", "channel", "reporter_name", "reporter_phone", "reporter_id_number",
          "on_behalf", "subject_name", "subject_id_number", "subject_relation", "business_area", "matter", "failed_at",
          "failure_reason", "category", "state")


def headers(user=None, filters=None) -> list[str]:
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
    for is refused, not exported. Rows are read as tuples, not model
    instances (a third of the time per row), with the light computed by the
    database by the rule of `Case.light`.
    """
    offices = readable_offices(user)
    form = CaseFilterForm({**filters, "q": search or ""}, offices=offices)
    if not form.is_valid():
        raise ValueError("The export's filters are no longer valid for this user.")
    cases = cases_for_desk(user, **{k: v for k, v in form.cleaned_data.items() if v not in (None, "")})
    if isinstance(cases, NewestAcrossOffices):
        cases = cases.queryset  # read in one pass, not page by page
    cases = cases.annotate(light_now=light_now(timezone.now())).values_list(*VALUES)
    write = _RowWriter(user, offices)
    return cases.count(), (write(values) for values in cases.iterator(chunk_size=CHUNK))


VALUES = ("number", "registered_at", "office_id", "channel", "reporter_name", "reporter_confidential", "reporter_phone",
          "reporter_id_number", "on_behalf", "subject_name", "subject_id_number", "subject_relation",
          "business_area__name", "matter", "failed_at", "failure_reason", "category", "state", "light_now", "due_at",
          "closed_at", "result")


class _RowWriter:
    """One case's cells, in the deployment's language, times on its office's clock."""

    def __init__(self, user, offices):
        self.reveal = user.has_perm("cases.reveal_personal_data")
        self.offices = {office.pk: (office.name, clock.zone(office)) for office in offices}
        self.labels = {name: {value: str(label) for value, label in Case._meta.get_field(name).flatchoices}
                       for name in ("channel", "category", "state")}
        self.lights = {value: str(label) for value, label in LIGHT_LABELS.items()}
        self.yes = _("yes")

    def __call__(self, values) -> list:
        (number, registered_at, office_id, channel, reporter_name, confidential, phone, reporter_id, on_behalf,
         subject_name, subject_id, relation, area, matter, failed_at, reason, category, state, light, due_at,
         closed_at, result) = values
        office_name, zone = self.offices[office_id]
        phone, reporter_id, subject_id = phone or "", reporter_id or "", subject_id or ""
        if not self.reveal:
            phone, reporter_id, subject_id = pii.mask_phone(phone), pii.mask_id_number(reporter_id), pii.mask_id_number(subject_id)
            if confidential:
                reporter_name = pii.mask_name(reporter_name)

        def local(moment):
            return moment.astimezone(zone).replace(tzinfo=None) if moment else None

        return [
            number, local(registered_at), office_name, self.labels["channel"].get(channel, channel), reporter_name,
            phone, reporter_id, self.yes if on_behalf else "", subject_name, subject_id, relation, area, matter,
            failed_at, reason, self.labels["category"].get(category, ""), self.labels["state"].get(state, state),
            self.lights.get(light, ""), local(due_at) if light else None, local(closed_at), result,
        ]


KIND = register_kind(ExportKind(
    name="register", title=gettext_lazy("Case register"), headers=headers, rows=rows, parse=parse, widths=WIDTHS,
    page="cases:desk",
))
