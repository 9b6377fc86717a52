"""The window desk: the register list, intake, and the same-person lookup."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases import selectors, services
from cases.access import readable_offices
from cases.forms import CaseFilterForm, IntakeForm
from cases.models import CitizenOutcome
from cases.pagination import BoundedPaginator
from windowdesk.forms import posted, status_for

PAGE_SIZE = 25


@login_required
def desk(request):
    offices = readable_offices(request.user)
    form = CaseFilterForm(request.GET or None, offices=offices)
    filters = form.cleaned_data if form.is_valid() else {}
    cases = selectors.cases_for_desk(request.user, **{k: v for k, v in filters.items() if v not in (None, "")})
    page = BoundedPaginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "cases/desk.html", {"form": form, "page": page, "query": query.urlencode(),
                                               "show_office": "office" in form.fields})


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
                messages.success(request, _("Case %(number)s registered, answered and closed.") % {"number": case.number})
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
