"""Printable documents: the referral slip, the one-time notice, the refusal letter.

Each is an HTML page with an A4 print stylesheet: the browser prints it, so
there is no PDF engine to install on the hall's computers.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from cases import selectors
from cases.models import CitizenOutcome


@login_required
@require_GET
def referral_slip(request, number):
    case = selectors.case_for_slip(request.user, number)
    return render(request, "cases/print/referral_slip.html", {
        "case": case, "records": selectors.case_records(case), "meeting": selectors.case_first_meeting(case),
        "work_orders": selectors.case_work_orders(case, with_signers=True),
    })


def _citizen_document(request, number, kind, template):
    case = selectors.case_for_page(request.user, number)
    outcome = getattr(case, "citizen_outcome", None)
    if outcome is None or outcome.kind != kind:
        raise Http404(_("This case has no such document."))
    return render(request, template, {"case": case, "outcome": outcome})


@login_required
@require_GET
def one_time_notice(request, number):
    return _citizen_document(request, number, CitizenOutcome.Kind.GUIDED, "cases/print/one_time_notice.html")


@login_required
@require_GET
def refusal_letter(request, number):
    return _citizen_document(request, number, CitizenOutcome.Kind.REFUSAL, "cases/print/refusal_letter.html")
