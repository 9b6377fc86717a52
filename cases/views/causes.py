"""The root-cause pages for directors, the party group and discipline inspection:
where matters fail and why, what keeps coming back, and the accountability that
followed. Every figure comes from `selectors.causes`, scoped like the lists."""

from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from cases.access import readable_offices
from cases.forms_causes import AccountabilityFilterForm, MonthRangeForm
from cases.pagination import BoundedPaginator
from cases.selectors import causes
from windowdesk.forms import status_for

RECORDS_PAGE = 25


def _period_form(request) -> MonthRangeForm:
    return MonthRangeForm(request.GET or None, offices=readable_offices(request.user), today=timezone.localdate())


@login_required
@require_GET
@permission_required("cases.review_escalations", raise_exception=True)
def cause_matrix(request):
    """Category × business area × the place where the matter failed."""
    form = _period_form(request)
    since, until = form.period()
    rows = causes.cause_counts(request.user, since=since, until=until, office=form.chosen_office())
    return render(request, "cases/causes.html", {
        "form": form, "since": since, "until": until, "matrix": causes.cause_matrix(rows),
    }, status=status_for(form))


@login_required
@require_GET
@permission_required("cases.review_escalations", raise_exception=True)
def repeated(request):
    """Matters and reporters that come back: a problem common to many, or one person's unsolved matter."""
    form = _period_form(request)
    since, until = form.period()
    scope = {"since": since, "until": until, "office": form.chosen_office()}
    return render(request, "cases/repeated.html", {
        "form": form, "since": since, "until": until,
        "places": causes.repeated_places(causes.cause_counts(request.user, **scope)),
        "matters": causes.repeated_matters(request.user, **scope),
        "reporters": causes.repeated_reporters(request.user, **scope),
        "repeated_matter": causes.REPEATED_MATTER, "repeated_reporter": causes.REPEATED_REPORTER,
    }, status=status_for(form))


@login_required
@require_GET
@permission_required("cases.review_escalations", raise_exception=True)
def accountability_records(request):
    """Discipline inspection: the accountability records and referrals of the subtree."""
    form = AccountabilityFilterForm(request.GET or None, offices=readable_offices(request.user))
    records = causes.accountability_records(request.user, **form.filters())
    page = BoundedPaginator(records, RECORDS_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "cases/accountability_records.html", {
        "form": form, "page": page, "query": query.urlencode(),
    }, status=status_for(form))
