"""A director exports the register in a real browser, watches the progress and downloads the file;
then opens the overview, whose charts are drawn with no script or style the policy refuses."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.celery_worker import real_worker  # noqa: F401
from tests.public.conftest import _private_files  # noqa: F401  (the files in a folder of the test's own)

from .conftest import export_and_download

pytestmark = pytest.mark.browser



def test_director_exports_the_register_and_downloads_it(page, page_errors, server, log_in, director, register,
                                                       county_clerk, real_worker, tmp_path):  # noqa: F811
    register(reporter_name="张三")
    register(by=county_clerk, reporter_name="周县民")
    log_in(director)
    page.goto(f"{server}/cases/?state=open")
    name, rows = export_and_download(page, tmp_path / "register.xlsx")
    assert name.endswith(".xlsx") and name.startswith("事项台账")
    assert rows[0][0] == "受理编号" and {row[4] for row in rows[1:]} == {"张三", "周县民"}
    # The progress page passes axe and fits a phone.
    page.set_viewport_size({"width": 390, "height": 844})
    results = Axe().run(page)
    assert [v["id"] for v in results.response["violations"] if v["impact"] in ("serious", "critical")] == []
    assert not page.evaluate("() => document.documentElement.scrollWidth > window.innerWidth + 1")
    assert page_errors == []


def test_the_overview_draws_its_charts_and_prints_their_tables(page, page_errors, server, log_in, director, register):
    register()
    log_in(director)
    page.goto(f"{server}/cases/overview/")
    page.wait_for_selector(".chart-drawn .chart-canvas canvas")
    assert page.locator(".chart-drawn").count() == 2
    table = page.locator(".chart-table").first
    assert table.bounding_box()["width"] <= 1  # read by screen readers, not shown on screen
    assert page.get_by_role("table", name="近12个月各月受理数（按分类）").count() == 1  # a table to screen readers
    page.emulate_media(media="print")
    assert table.bounding_box()["width"] > 100 and not page.locator(".chart-canvas").first.is_visible()
    assert page_errors == []
