"""The statistics page and the monthly ranking (红黑榜) for directors, the
party group and discipline inspection, over the offices they read."""

from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from cases.forms_figures import MonthForm
from cases.models import CLOSE_HOUR_EDGES
from cases.selectors.statistics import RANK_LIST_SIZE, RANK_WEIGHTS, month_days, monthly_figures, monthly_ranking
from windowdesk.forms import status_for


def _month_context(request) -> tuple[MonthForm, dict]:
    form = MonthForm(request.GET or None)
    month = form.chosen_month()
    first, last = month_days(month)
    return form, {"form": form, "month": month, "first": first, "last": last}


@login_required
@require_GET
@permission_required("cases.review_escalations", raise_exception=True)
def statistics(request):
    form, context = _month_context(request)
    figures = monthly_figures(request.user, month=context["month"]) if not form.errors else None
    return render(request, "cases/statistics.html", {
        **context, "figures": figures, "last_edge": CLOSE_HOUR_EDGES[-1]}, status=status_for(form))


@login_required
@require_GET
@permission_required("cases.review_escalations", raise_exception=True)
def ranking(request):
    form, context = _month_context(request)
    boards = monthly_ranking(request.user, month=context["month"]) if not form.errors else None
    weights = dict(RANK_WEIGHTS)
    return render(request, "cases/ranking.html", {
        **context, "boards": boards, "weights": weights, "list_size": RANK_LIST_SIZE}, status=status_for(form))
