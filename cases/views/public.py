"""The citizens' side: the front door, the report form, the receipt and the tracking page.

No login anywhere here. A case is reached only by its tracking code (256
random bits); a wrong code is a plain 404.
"""

import io

import segno
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cases import public_limits, services
from cases.forms_public import AddInformationForm, OfficeSearchForm, ReportForm
from cases.selectors import public as selectors
from cases.services import aftercare
from cases.services.public import case_add_information, case_report_online

RECEIPT_SESSION_KEY = "public_receipt"


@require_GET
def front_door(request):
    form = OfficeSearchForm(request.GET or None)
    q = form.cleaned_data["q"] if form.is_valid() else ""
    return render(request, "public/front_door.html", {
        "search": form, "q": q, "groups": selectors.offices_for_front_door(q)})


@require_GET
def find_matter(request):
    """The front door's "track a matter" box: the code typed, or the link pasted whole."""
    code = request.GET.get("code", "").strip().rstrip("/").rsplit("/", 1)[-1]
    if not code:
        return redirect("front_door")
    return redirect("public:track", token=code)


@never_cache
@require_http_methods(["GET", "POST"])
def report(request, code):
    office = selectors.office_for_public(code)
    # Every submission counts, refused ones too: see cases.public_limits.
    allowance = public_limits.report_allowance(request, count_this_one=request.method == "POST")
    if request.method == "GET":
        return render(request, "public/report.html", {
            "office": office, "form": ReportForm(office=office, captcha=allowance.needs_captcha)})
    form = ReportForm(request.POST, request.FILES, office=office, captcha=allowance.needs_captcha)
    if form.is_robot:
        return _refused(request, office, ReportForm(office=office, captcha=allowance.needs_captcha), robot=True)
    if allowance.blocked:
        return _refused(request, office, form, status=429, reason=_(
            "Too many reports were sent from your network in the last hour. Please try again in an hour, "
            "or tell the office at its window."))
    if request.upload_too_large:
        form.is_valid()
        form.add_error("files", _upload_too_large())
        return _refused(request, office, form, status=413)
    if not form.is_valid():
        return _refused(request, office, form)
    phone = form.cleaned_data["reporter_phone"]
    if public_limits.phone_has_reached_cap(request, phone):
        form.add_error("reporter_phone", _(
            "This phone number has already sent %(n)d reports today. The office has them all; "
            "follow them with the links we texted you, or try again tomorrow.")
            % {"n": settings.PUBLIC_REPORTS_PER_PHONE_PER_DAY})
        return _refused(request, office, form, status=429)
    try:
        case = case_report_online(office=office, files=form.cleaned_data["files"], **form.registration())
    except services.CaseActionError as error:
        form.add_error(error.field if error.field in form.fields else None, error.message)
        return _refused(request, office, form)
    public_limits.phone_report_registered(request, phone)
    # The receipt is shown once, to whoever submitted: the session holds the code, not the URL.
    request.session[RECEIPT_SESSION_KEY] = case.tracking_token
    return redirect("public:receipt")


def _upload_too_large() -> str:
    return _("The files together are too large and none was received. "
             "Send at most 5 files of 5 MB each: choose fewer or smaller ones.")


def _refused(request, office, form, *, robot=False, status=400, reason=""):
    return render(request, "public/report.html", {
        "office": office, "form": form, "refused": True, "robot": robot, "reason": reason,
        "files_dropped": bool(request.FILES) or request.upload_too_large}, status=status)


@never_cache
@require_GET
def receipt(request):
    token = request.session.get(RECEIPT_SESSION_KEY)
    if not token:
        return redirect("front_door")
    case = selectors.case_for_tracking(token)
    link = request.build_absolute_uri(reverse("public:track", args=[case.tracking_token]))
    return render(request, "public/receipt.html", {"case": case, "link": link})


def tracked_case(request, token):
    """The case, or a 404 counted against the address; None once it has guessed too often.

    Every page reached by a tracking code goes through here (the rating page
    too), so a guesser is counted and stopped whichever page it tries.
    """
    if public_limits.tracking_blocked(request):
        return None
    try:
        return selectors.case_for_tracking(token)
    except Http404:
        public_limits.tracking_missed(request)
        raise


def too_many_guesses(request):
    return render(request, "public/too_many_guesses.html", status=429)


@never_cache
@require_GET
def track(request, token):
    case = tracked_case(request, token)
    if case is None:
        return too_many_guesses(request)
    return _tracking_page(request, case, AddInformationForm())


def _tracking_page(request, case, form, *, status=200, files_dropped=False):
    return render(request, "public/track.html", {
        "case": case, "history": selectors.tracking_history(case), "holders": selectors.who_has_it(case),
        "form": form, "files_dropped": files_dropped,
        "expected": selectors.expected_answer(case),
        "may_rate": aftercare.rating_may_be_given(case),
        "rejection": selectors.rejection_explained(case),
        "rectification": selectors.latest_rectification(case),
    }, status=status)


@never_cache
@require_POST
def add_information(request, token):
    case = tracked_case(request, token)
    if case is None:
        return too_many_guesses(request)
    form = AddInformationForm(request.POST, request.FILES)
    if request.upload_too_large:
        form.is_valid()
        form.add_error("files", _upload_too_large())
        return _tracking_page(request, case, form, status=413, files_dropped=True)
    if form.is_valid():
        try:
            case_add_information(case=case, text=form.cleaned_data["text"], files=form.cleaned_data["files"])
        except services.CaseActionError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Thank you: what you sent is with the office."))
            return redirect("public:track", token=token)
    return _tracking_page(request, case, form, status=400, files_dropped=bool(request.FILES))


@require_GET
def poster(request, code):
    office = selectors.office_for_public(code)
    link = request.build_absolute_uri(reverse("public:report", args=[office.code]))
    return render(request, "public/poster.html", {"office": office, "link": link})


@require_GET
def poster_qr(request, code):
    """The poster's QR code as an SVG image (segno writes the SVG; nothing is built here)."""
    office = selectors.office_for_public(code)
    link = request.build_absolute_uri(reverse("public:report", args=[office.code]))
    buffer = io.BytesIO()
    segno.make(link, error="m").save(buffer, kind="svg", scale=8, border=2, title=office.name)
    return HttpResponse(buffer.getvalue(), content_type="image/svg+xml")

