"""The overview's figures as spreadsheets: each chart's table, one line each."""

from django.utils.translation import gettext_lazy as _

from ..charts import month_chart
from . import chart_kind

chart_kind(name="cases_per_month", title=_("Cases per month by category"), chart=month_chart, page="cases:overview",
           permission="cases.review_escalations")
