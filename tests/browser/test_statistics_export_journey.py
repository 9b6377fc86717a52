"""The director opens the statistics, picks a month, sees its chart, exports it to Excel,
waits for the worker and opens the downloaded file."""

import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone

from cases.models import DailyFigure
from tests.celery_worker import real_worker  # noqa: F401
from tests.public.conftest import _private_files  # noqa: F401  (the files in a folder of the test's own)

from .conftest import export_and_download, serious_violations

pytestmark = pytest.mark.browser


def test_director_filters_a_month_sees_the_chart_and_downloads_its_figures(
        page, page_errors, server, log_in, director, city, county, unrelated_office, real_worker, tmp_path):  # noqa: F811
    month = (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).replace(day=10)  # last month
    for office, registered in ((city, 12), (county, 5), (unrelated_office, 99)):
        DailyFigure.objects.create(office=office, day=month, computed_at=timezone.now(), registered=registered,
                                   responses_due=10, responded_in_time=8, callbacks_reached=4, callbacks_solved=3,
                                   rated_satisfied=2, close_hours=[])
    log_in(director)
    page.goto(f"{server}/cases/review/statistics/")
    assert page.locator(".chart-drawn").count() == 0  # nothing this month
    page.get_by_role("textbox", name="月份").fill(f"{month:%Y-%m}")
    with page.expect_navigation():
        page.get_by_role("button", name="查看").click()
    assert f"month={month:%Y-%m}" in page.url
    page.wait_for_selector(".chart-drawn .chart-canvas canvas")
    assert page.get_by_role("table", name="各单位三率（百分比）").count() == 1  # the chart's table for screen readers
    assert not serious_violations(Axe().run(page))
    name, rows = export_and_download(page, tmp_path / "statistics.xlsx")
    assert name.startswith("统计") and name.endswith(".xlsx")
    assert rows[0][:3] == ("单位", "部门", "登记数")
    assert [(row[0], row[2]) for row in rows[1:]] == [(city.name, 12), (county.name, 5), ("合计", 17)]
    assert page_errors == []
