"""The statistics page and the monthly ranking (红黑榜) for directors, the
party group and discipline inspection, over the offices they read."""

from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from cases.charts import ranking_chart, rates_chart
from cases.forms_figures import MonthForm
from cases.models import CLOSE_HOUR_EDGES
from cases.selectors.statistics import RANK_LIST_SIZE, RANK_WEIGHTS, month_days, monthly_figures, monthly_ranking
from windowdesk.forms import status_for


def _month_page(request, template: str, read):
    """The month asked for (this month by default), `read(user, month)`'s
    context for it, or the refused month with 400 and no figures."""
    form = MonthForm(request.GET or None, initial={"month": f"{timezone.localdate():%Y-%m}"})
    month = form.chosen_month()
    first, last = month_days(month)
    context = {"form": form, "month": month, "first": first, "last": last, "last_edge": CLOSE_HOUR_EDGES[-1]}
    if not form.errors:
        context |= read(request.user, month)
    return render(request, template, context, status=status_for(form))


@login_required
@require_GET
@permission_required("cases.review_escalations", raise_exception=True)
def statistics(request):
    def read(user, month):
        figures = monthly_figures(user, month=month)
        return {"figures": figures, "chart": rates_chart(figures.offices)}

    return _month_page(request, "cases/statistics.html", read)


@login_required
@require_GET
@permission_required("cases.review_escalations", raise_exception=True)
def ranking(request):
    def read(user, month):
        boards = monthly_ranking(user, month=month)
        return {"boards": boards, "chart": ranking_chart(boards["offices"]), "weights": dict(RANK_WEIGHTS),
                "list_size": RANK_LIST_SIZE}

    return _month_page(request, "cases/ranking.html", read)
