"""The office administrator's pages: the duty rota, a month at a time."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from windowdesk.forms import posted, status_for

from . import rota
from .forms import RotaMonthForm


@login_required
@require_http_methods(["GET", "POST"])
@permission_required("routing.change_dutyassignment", raise_exception=True)
def rota_month(request, year=None, month=None):
    office = request.user.office
    if office is None:
        raise Http404
    today = rota.local_today(office)
    year, month = year or today.year, month or today.month
    if not (2000 <= year <= 2100 and 1 <= month <= 12):
        raise Http404
    days = rota.working_days_of_month(year, month)
    current = rota.month_rota(office, year, month)
    form = RotaMonthForm(posted(request), days=days, leaders=rota.eligible_leaders(office), initial_leaders=current)
    if request.method == "POST" and form.is_valid():
        try:
            covered = rota.rota_set_month(office=office, by=request.user, year=year, month=month,
                                          leaders=form.leaders_by_day())
        except rota.RotaError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("Rota saved: %(covered)d of %(days)d working days covered.") % {
                "covered": covered, "days": len(days)})
            return redirect("routing:rota_month", year=year, month=month)
    first = datetime.date(year, month, 1)
    previous = (first - datetime.timedelta(days=1)).replace(day=1)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    return render(request, "routing/rota.html", {
        "form": form, "first": first, "previous": previous, "following": following,
        "gaps": rota.rota_gaps(office), "office": office,
    }, status=status_for(form))
