"""The citizen's rating page, reached through the tracking link: no login."""

from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from cases.forms_aftercare import RatingForm
from cases.services import CaseActionError, aftercare
from cases.views.public import too_many_guesses, tracked_case
from windowdesk.forms import posted


@never_cache
@require_http_methods(["GET", "POST"])
def rate(request, token):
    case = tracked_case(request, token)
    if case is None:
        return too_many_guesses(request)
    form = RatingForm(posted(request))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                rating = aftercare.rating_give(case=case, **form.cleaned_data)
            except CaseActionError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                return render(request, "public/rated.html", {"case": case, "rating": rating})
        status = 400
    return render(request, "public/rate.html", {
        "case": case, "form": form, "open": aftercare.rating_may_be_given(case)}, status=status)
