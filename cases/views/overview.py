"""The director's overview: what the offices' registers look like, in charts and their tables."""

from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from cases.charts import lights_chart, month_chart


@login_required
@require_GET
@permission_required("cases.review_escalations", raise_exception=True)
def overview(request):
    return render(request, "cases/overview.html", {"charts": [month_chart(request.user), lights_chart(request.user)]})
