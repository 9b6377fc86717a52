"""The statistics page and the ranking at a desk and on a 390 px phone: no wider
than the screen, tables stacked on the phone, no serious axe violation."""

import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone

from cases.models import DailyFigure
from routing.models import Department

from .test_accessibility import NARROW_CELLS, WIDTHS, _serious

pytestmark = pytest.mark.browser


def test_the_statistics_and_the_ranking_read_on_a_phone(page, server, log_in, director, city, county, other_county):
    today = timezone.localdate()
    section = Department.objects.create(office=city, name="养老保险科")
    for n, (office, department) in enumerate([(city, None), (county, None), (other_county, None), (city, section)]):
        DailyFigure.objects.create(
            office=office, department=department, day=today, computed_at=timezone.now(), registered=10 + n,
            responses_due=10, responded_in_time=9 - n, callbacks_reached=5, callbacks_solved=4 - n, rated_satisfied=3,
            rated_dissatisfied=n, orders_due=8, orders_on_time=8 - 2 * n, orders_returned=n, paused_seconds=3600 * n,
            escalated_tier2=n, closed=5, close_hours=[0, 1, 2, 1, 1, 0, 0, 0, 0, 0, 0])
    log_in(director)
    axe = Axe()
    for width in ("desk", "phone"):  # at a desk the wide tables scroll sideways, on a phone they stack
        page.set_viewport_size(WIDTHS[width])
        for path, must_show in (("/cases/review/statistics/", "响应率"), ("/cases/review/ranking/", "红榜")):
            response = page.goto(server + path)
            assert response.status == 200
            assert must_show in page.content()
            assert not _serious(axe.run(page)), (width, path)
            assert not page.evaluate("() => document.documentElement.scrollWidth > window.innerWidth + 1"), path
            assert width == "desk" or not page.evaluate(NARROW_CELLS), path
    page.goto(server + f"/cases/review/statistics/?month={(today - datetime.timedelta(days=40)):%Y-%m}")
    assert "本月没有统计数据" in page.content()
