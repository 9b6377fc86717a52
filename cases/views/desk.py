"""The window desk: the register list, intake, and the same-person lookup."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases import searches, selectors, services
from cases.access import readable_offices
from cases.forms import CaseFilterForm, IntakeForm
from cases.models import CitizenOutcome
from cases.pagination import BoundedPaginator
from windowdesk.forms import posted, status_for

PAGE_SIZE = 25


def desk(request):
    if "q" in request.GET and not request.user.is_authenticated:
        # An old search link opened logged out: the login page's `next` must not
        # carry the query (an ID number in the access log); the search is typed again.
        return redirect_to_login(reverse("cases:desk"))
    return _desk(request)


@login_required
def _desk(request):
    """The register. A search is posted (or comes from an old `?q=` link) and
    answered with a redirect to `?search=<token>`: the query itself, often an
    ID number or a phone, stays in the session and out of every URL."""
    offices = readable_offices(request.user)
    if request.method == "POST" or "q" in request.GET:
        form = CaseFilterForm(request.POST if request.method == "POST" else request.GET, offices=offices)
        if form.is_valid():
            return _see_other(_register_url(request, form))
        return _register_page(request, form, request.GET.copy(), status=400)
    data = request.GET.copy()
    token = data.get("search")
    if token:
        query = searches.search_recall(request.session, token)
        if query is None:
            data.pop("search")
            messages.warning(request, _("That search has expired: search again."))
        else:
            data["q"] = query
    form = CaseFilterForm(data or None, offices=offices)
    return _register_page(request, form, data)


def _register_page(request, form, data, status=200):
    filters = form.cleaned_data if form.is_valid() else {}
    cases = selectors.cases_for_desk(request.user, **{k: v for k, v in filters.items() if v not in (None, "")})
    page = BoundedPaginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    # The pages' links carry the token and the other filters, never the query itself.
    query = data.copy()
    for name in ("page", "q", "csrfmiddlewaretoken"):
        query.pop(name, None)
    # The export button posts the same filters and search token; refused filters get no button.
    export_fields = [(name, value) for name, value in query.items() if value]
    if status != 200 or (form.is_bound and not form.is_valid()):
        export_fields = None
    return render(request, "cases/desk.html", {"form": form, "page": page, "query": query.urlencode(),
                                               "show_office": "office" in form.fields,
                                               "export_fields": export_fields}, status=status)


def _register_url(request, form) -> str:
    """The list's URL for a valid filter form: its filters as typed, the query as a token."""
    params = {name: form.data[name] for name in form.fields if name != "q" and form.data.get(name)}
    if form.cleaned_data.get("q"):
        params["search"] = searches.search_remember(request.session, form.cleaned_data["q"])
    return reverse("cases:desk") + ("?" + urlencode(params) if params else "")


def _see_other(url: str) -> HttpResponseRedirect:
    response = HttpResponseRedirect(url)
    response.status_code = 303  # the list is to be fetched with GET, whatever asked for it
    return response


@login_required
@permission_required("cases.register_case", raise_exception=True)
def register(request):
    office = request.user.office
    form = IntakeForm(posted(request), office=office)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = _register_from_form(request.user, data)
        except services.CaseActionError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            if data["close_now"]:
                # Rendered from a template (which escapes), with links to the case and its printout.
                messages.success(request, render_to_string("cases/messages/registered_and_closed.html", {"case": case},
                                                           request=request))
                return redirect("cases:register")
            messages.success(request, _("Case %(number)s registered.") % {"number": case.number})
            return redirect("cases:detail", number=case.number)
    same_person = []
    if form.is_bound:
        id_number = form.data.get("subject_id_number") or form.data.get("reporter_id_number") or ""
        same_person = selectors.other_cases_of_person(request.user, id_number)
    return render(request, "cases/register.html", {"form": form, "same_person": same_person},
                  status=status_for(form))


_REGISTRATION_FIELDS = ("channel", "reporter_name", "reporter_phone", "reporter_id_number", "on_behalf",
                        "subject_name", "subject_id_number", "subject_relation", "business_area",
                        "matter", "failed_at", "failure_reason")


def _register_from_form(clerk, data):
    registration = {k: data[k] for k in _REGISTRATION_FIELDS}
    if not data["close_now"]:
        return services.case_register(clerk=clerk, **registration)
    return services.case_register_and_answer(
        clerk=clerk, outcome=data["quick_outcome"] or CitizenOutcome.Kind.SOLVED, result=data["result"],
        regular_window=data["regular_window"], materials=data["materials"], steps=data["steps"], **registration,
    )


@login_required
@require_POST
def person_lookup(request):
    """The other cases of the person whose ID the clerk is typing (same office only)."""
    cases = selectors.other_cases_of_person(request.user, request.POST.get("id", ""))
    return render(request, "cases/_same_person.html", {"same_person": cases})
