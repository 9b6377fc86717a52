"""The director's overview: what the offices' registers look like, in charts and their tables."""

from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from cases.charts import BarChart, Series
from cases.models import Category, State
from cases.selectors.charts import cases_per_month, lights_now
from cases.templatetags.desk import LIGHT_LABELS

# The same colours as the lights on the lists (static/css/windowdesk.css).
LIGHT_COLOURS = {"green": "#198754", "yellow": "#ffc107", "red": "#dc3545", "paused": "#adb5bd"}
CATEGORY_COLOURS = {Category.CITIZEN: "#0d6efd", Category.STAFF: "#d63384", Category.OBJECTIVE: "#fd7e14", "": "#6c757d"}


@login_required
@require_GET
@permission_required("cases.review_escalations", raise_exception=True)
def overview(request):
    return render(request, "cases/overview.html", {"charts": [month_chart(request.user), lights_chart(request.user)]})


def month_chart(user) -> BarChart:
    months, by_category = cases_per_month(user)
    labels = dict(Category.choices) | {"": _("not classified yet")}
    series = [Series(name=labels[key], data=by_category.get(key, [0] * len(months)), color=CATEGORY_COLOURS[key])
              for key in [*Category.values, ""]]
    return BarChart(id="cases-per-month", title=_("Cases per month by category (last 12 months)"),
                    labels=[f"{first:%Y-%m}" for first in months], series=series, stacked=True,
                    label_header=_("Month"))


def lights_chart(user) -> BarChart:
    lights = lights_now(user)
    tiers = [State.TIER1, State.TIER2, State.TIER3]
    series = [Series(name=LIGHT_LABELS[light], data=[lights[tier][light] for tier in tiers], color=LIGHT_COLOURS[light])
              for light in ("green", "yellow", "red", "paused")]
    return BarChart(id="lights-now", title=_("Open cases by light, now"), labels=[State(tier).label for tier in tiers],
                    series=series, stacked=True, label_header=_("Tier"))
