"""After closing, for staff: the callback queue and a callback, a rating given
at the window, and a bad rating's rectification. Each POST calls one service."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cases import selectors
from cases.forms_aftercare import CallbackForm, RatingForm, RectificationFinishForm, RectificationReopenForm
from cases.pagination import BoundedPaginator
from cases.selectors import aftercare as reads
from cases.services import CaseActionError, aftercare
from cases.views.case import render_case_page


@login_required
@require_GET
def callback_queue(request):
    page = BoundedPaginator(reads.callback_queue(request.user), 30).get_page(request.GET.get("page"))
    return render(request, "cases/callbacks.html", {
        "page": page, "rectifications": reads.open_rectifications(request.user)[:30]})


def _failed(form, error: CaseActionError, request) -> None:
    if error.field in form.fields:
        form.add_error(error.field, error.message)
    else:
        messages.error(request, error.message)


@login_required
@require_http_methods(["GET", "POST"])
def callback(request, pk):
    call = reads.get_callback_for_user(request.user, pk)
    form = CallbackForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                call = aftercare.callback_record(callback=call, by=request.user, **form.cleaned_data)
            except CaseActionError as error:
                _failed(form, error, request)
            else:
                if call.is_open:
                    messages.info(request, _("Not reached: %(left)d more tries.") % {"left": call.tries_left})
                    return redirect("cases:callback", pk=pk)
                messages.success(request, _("Callback recorded."))
                return redirect("cases:callbacks")
        status = 400
    return render(request, "cases/callback.html", {"callback": call, "case": call.case, "form": form}, status=status)


@login_required
@require_POST
def rate_at_window(request, number):
    """A rating the citizen gave in person, recorded by the clerk on the case's page."""
    case = selectors.case_for_page(request.user, number, for_action=True)
    form = RatingForm(request.POST)
    if form.is_valid():
        try:
            aftercare.rating_give(case=case, by=request.user, **form.cleaned_data)
        except CaseActionError as error:
            _failed(form, error, request)
        else:
            messages.success(request, _("Rating recorded."))
            return redirect("cases:detail", number=number)
    return render_case_page(request, case, bound={"rating": form}, status=400)


def _rectification_page(request, rectification, *, bound=None, status=200):
    forms = {"reopen": RectificationReopenForm(), "finish": RectificationFinishForm()}
    forms.update(bound or {})
    return render(request, "cases/rectification.html", {
        "rectification": rectification, "case": rectification.case, "forms": forms,
        "callbacks": rectification.callbacks.order_by("opened_at", "id"),
    }, status=status)


@login_required
@require_GET
def rectification(request, pk):
    return _rectification_page(request, reads.get_rectification_for_user(request.user, pk))


@login_required
@require_POST
def rectification_reopen(request, pk):
    rectification = reads.get_rectification_for_user(request.user, pk)
    form = RectificationReopenForm(request.POST)
    if form.is_valid():
        try:
            aftercare.rectification_reopen_case(rectification=rectification, by=request.user, **form.cleaned_data)
        except CaseActionError as error:
            _failed(form, error, request)
        else:
            messages.success(request, _("The case is open again for handling."))
            return redirect("cases:rectification", pk=pk)
    return _rectification_page(request, rectification, bound={"reopen": form}, status=400)


@login_required
@require_POST
def rectification_finish(request, pk):
    rectification = reads.get_rectification_for_user(request.user, pk)
    form = RectificationFinishForm(request.POST)
    if form.is_valid():
        try:
            aftercare.rectification_finish(rectification=rectification, by=request.user, **form.cleaned_data)
        except CaseActionError as error:
            _failed(form, error, request)
        else:
            messages.success(request, _("Rectification done; the citizen is asked for a follow-up rating."))
            return redirect("cases:rectification", pk=pk)
    return _rectification_page(request, rectification, bound={"finish": form}, status=400)
