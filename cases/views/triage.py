"""The clerks' triage of web reports: the queue, one report, and the three decisions.

Every page here is the receiving office's own: a report is fetched through
`access.get_web_report_for_triage`, so another office's clerk gets 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cases import services
from cases.access import get_web_report_for_triage
from cases.forms_triage import MergeForm, RejectForm
from cases.pagination import BoundedPaginator
from cases.selectors import public as public_selectors
from cases.selectors import triage as selectors
from cases.services import triage
from windowdesk.forms import REJECTED


@login_required
@require_GET
@permission_required("cases.triage_web_report", raise_exception=True)
def queue(request):
    page = BoundedPaginator(selectors.web_reports_to_triage(request.user), 25).get_page(request.GET.get("page"))
    return render(request, "cases/web_reports.html", {"page": page})


@login_required
@require_GET
def report(request, number):
    return _report_page(request, get_web_report_for_triage(request.user, number))


def _report_page(request, report, *, merge_form=None, reject_form=None, status=200):
    candidates = selectors.merge_candidates(request.user, report) if report.awaits_triage else []
    return render(request, "cases/web_report.html", {
        "report": report,
        "candidates": candidates,
        "attachments": public_selectors.case_attachments(report),
        "merge_form": merge_form or MergeForm(candidates=candidates),
        "reject_form": reject_form or RejectForm(),
    }, status=status)


@login_required
@require_POST
def accept(request, number):
    report = get_web_report_for_triage(request.user, number)
    try:
        triage.web_report_accept(report=report, by=request.user)
    except services.CaseActionError as error:
        messages.error(request, error.message)
        return _report_page(request, report, status=REJECTED)
    messages.success(request, _("%(number)s is accepted and handled like any case.") % {"number": report.number})
    return redirect("cases:detail", number=report.number)


@login_required
@require_POST
def merge(request, number):
    report = get_web_report_for_triage(request.user, number)
    form = MergeForm(request.POST, candidates=selectors.merge_candidates(request.user, report))
    if form.is_valid():
        into = selectors.case_to_merge_into(request.user, form.cleaned_data["target"])
        if into is None:
            form.add_error("number", _("This office has no case with that number."))
        else:
            try:
                triage.web_report_merge(report=report, into=into, by=request.user)
            except services.CaseActionError as error:
                form.add_error("number" if error.field == "into" else None, error.message)
            else:
                messages.success(request, _("%(number)s is merged into %(into)s; the reporter is told.")
                                 % {"number": report.number, "into": into.number})
                return redirect("cases:web_reports")
    return _report_page(request, report, merge_form=form, status=REJECTED)


@login_required
@require_POST
def reject(request, number):
    report = get_web_report_for_triage(request.user, number)
    form = RejectForm(request.POST)
    if form.is_valid():
        try:
            triage.web_report_reject(report=report, by=request.user, kind=form.cleaned_data["kind"],
                                     reason=form.cleaned_data["reason"])
        except services.CaseActionError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("%(number)s is rejected and closed.") % {"number": report.number})
            return redirect("cases:web_reports")
    return _report_page(request, report, reject_form=form, status=REJECTED)
