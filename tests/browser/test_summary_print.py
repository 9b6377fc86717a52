"""The daily summary prints on A4: one sheet on an ordinary day, at most two on the fullest."""

import pytest

from cases.models import DailySummary
from cases.selectors.summary import TOP
from cases.services.summary import daily_summary_make
from tests.escalation.conftest import at

from .conftest import pdf_pages_and_size, pdf_text, print_slip

pytestmark = pytest.mark.browser


def _fullest(summary: DailySummary) -> None:
    """Every list at its longest, every name at the longest the register takes."""
    f = summary.figures
    f["new"]["by_business_area"] = [[f"业务领域{n}" + "长" * 44, 900 - n] for n in range(TOP - 1)] + [["*", 5]]
    f["new"]["by_failed_at"] = [[f"常规窗口{n}" + "窗" * 94, 800 - n] for n in range(TOP - 1)] + [["*", 7]]
    f["new"]["by_channel"] = {"window": 12345, "hotline": 2345, "business_line": 345, "website": 45, "hotline_12345": 5}
    summary.save(update_fields=["figures"])


@pytest.mark.parametrize("fullest, most_pages", [(False, 1), (True, 2)])
def test_the_daily_summary_prints_on_a4(page, page_errors, server, log_in, director, city, tmp_path, fullest, most_pages):
    summary = daily_summary_make(office=city, day=at(16, 0).date(), now=at(16, 17, 30))
    if fullest:
        _fullest(summary)
    log_in(director)
    page.goto(f"{server}/cases/summaries/{summary.pk}/")
    pdf = print_slip(page, tmp_path / "summary.pdf")

    pages, size = pdf_pages_and_size(pdf)
    assert size == "A4"
    assert 1 <= pages <= most_pages
    text = pdf_text(pdf)
    assert "每日汇总" in text and "2026-11-16" in text
    assert "返回每日汇总" not in text  # the toolbar stays on the screen
    if fullest:
        assert "12345" in text and "其他" in text
