"""The statistics page's three rates per office and the ranking's scores, as charts with their tables."""

import json

import pytest
from django.urls import reverse
from django.utils import timezone

from .test_pages import figure

pytestmark = pytest.mark.django_db


@pytest.fixture
def month_of_figures(city, county, unrelated_office):
    today = timezone.localdate()
    figure(city, today, responses_due=10, responded_in_time=9, callbacks_reached=4, callbacks_solved=2,
           rated_satisfied=3, rated_dissatisfied=1, orders_due=4, orders_on_time=4)
    figure(county, today, responses_due=4, responded_in_time=1, orders_due=2, orders_on_time=1)  # no callback, no rating: blank, not 0
    figure(unrelated_office, today, responses_due=5, responded_in_time=5)


def _chart_data(html: str, data_id: str) -> dict:
    start = html.index(f'<script id="{data_id}" type="application/json">') + len(f'<script id="{data_id}" type="application/json">')
    return json.loads(html[start:html.index("</script>", start)])


def test_the_statistics_page_draws_the_three_rates_per_office(client, director, city, county, month_of_figures):
    client.force_login(director)
    response = client.get(reverse("cases:statistics"))
    chart = response.context["chart"]
    assert chart.labels == [city.name, county.name]  # not the unrelated office
    assert [series.data for series in chart.series] == [[90.0, 25.0], [50.0, None], [75.0, None]]
    html = response.content.decode()
    assert _chart_data(html, "office-rates-chart-data")["series"][0]["data"] == [90.0, 25.0]
    assert "<caption>各单位三率（百分比）</caption>" in html
    assert '<th scope="row">%s</th><td class="text-end">25.0</td><td class="text-end">—</td>' % county.name in html
    assert "echarts.min.js" in html


def test_the_ranking_page_draws_the_scores_as_horizontal_bars(client, director, city, county, month_of_figures):
    client.force_login(director)
    response = client.get(reverse("cases:ranking"))
    board = response.context["boards"]["offices"]
    chart = response.context["chart"]
    assert chart.horizontal and chart.labels == [f"{row.rank}. {row.figures.office}" for row in board.ranked]
    assert chart.series[0].data == [row.score for row in board.ranked] and chart.series[0].data[0] > chart.series[0].data[1]
    html = response.content.decode()
    assert _chart_data(html, "ranking-chart-data")["horizontal"] is True
    assert "<caption>各单位得分</caption>" in html and f'<th scope="row">1. {city.name}</th>' in html


def test_a_month_with_no_figures_draws_no_chart(client, director, month_of_figures):
    client.force_login(director)
    html = client.get(reverse("cases:statistics"), {"month": "2020-01"}).content.decode()
    assert "office-rates-chart" not in html and "echarts.min.js" not in html
