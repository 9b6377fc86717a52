"""The window clerk's day in a real browser: intake by keyboard, the printed slip, handling, closing."""

import re

import pytest
from django.utils import translation

from cases.models import Case, State
from tests.conftest import VALID_ID

from .conftest import pdf_pages_and_size, pdf_text, print_slip

pytestmark = pytest.mark.browser


def focused(page) -> str:
    """The name (or id) of the element that has the keyboard focus."""
    return page.evaluate("() => { const e = document.activeElement; return e.name || e.id || e.tagName; }")


def tab_to(page, name, limit=12):
    """Press Tab until the field `name` has the focus, as a clerk would; fail if it never gets it."""
    for _ in range(limit):
        if focused(page) == name:
            return
        page.keyboard.press("Tab")
    assert focused(page) == name, f"Tab never reached {name!r}"


def open_intake_by_keyboard(page):
    """From the desk: Tab to the "new case" link in the menu and press Enter.

    (The link also has accesskey="n", but Chromium ignores access keys in
    synthesised key events, so the test walks the menu with Tab.)
    """
    for _ in range(8):
        page.keyboard.press("Tab")
        if page.evaluate("() => (document.activeElement.getAttribute('href') || '').endsWith('/cases/new/')"):
            break
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/new/")
    page.wait_for_selector("#id_reporter_name:focus")  # autofocus: the clerk starts typing at once


def test_clerk_journey_register_print_classify_close(page, page_errors, server, log_in, clerk, pension, tmp_path):
    log_in(clerk)
    open_intake_by_keyboard(page)

    # The intake, with the keyboard only: the name has the focus, Tab walks the form in order.
    page.keyboard.type("张桂兰")
    page.keyboard.press("Tab")
    assert focused(page) == "reporter_phone"
    page.keyboard.type("13812345678")
    page.keyboard.press("Tab")
    assert focused(page) == "reporter_id_number"
    page.keyboard.type(VALID_ID)
    page.keyboard.press("Tab")
    assert focused(page) == "on_behalf"  # left unticked: she comes for herself
    page.keyboard.press("Tab")
    assert focused(page) == "business_area"  # the on-behalf fields are hidden, so Tab skips them
    page.keyboard.press("ArrowDown")  # first business area: 养老保险
    assert page.input_value("#id_business_area") == str(pension.pk)
    page.keyboard.press("Tab")
    assert focused(page) == "failed_at"
    page.keyboard.type("养老保险窗口")
    page.keyboard.press("Tab")
    assert focused(page) == "matter"
    page.keyboard.type("办理养老保险关系转移接续，从外省转回本市。")
    page.keyboard.press("Tab")
    assert focused(page) == "failure_reason"
    page.keyboard.type("外省社保系统数据未传，窗口无法受理。")
    page.keyboard.press("Tab")
    assert focused(page) == "close_now"  # not ticked: this one goes to handling
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.type") == "submit"
    with page.expect_navigation():
        page.keyboard.press("Enter")

    # The case page: a number at once, in hand at tier 1.
    case = Case.objects.get(reporter_name="张桂兰")
    assert re.fullmatch(r"DD-\d{4}-000001", case.number)
    assert page.url.endswith(f"/{case.number}/")
    assert page.locator("h1.case-number").inner_text() == case.number
    assert case.state == State.TIER1
    assert page.locator(".state-badge").first.get_attribute("class").split()[-1] == "state-tier1"

    # The referral slip opens in its own tab and prints on one A4 page.
    with page.context.expect_page() as new_tab:
        page.click(f"a[href$='/{case.number}/slip/']")
    slip = new_tab.value
    slip.wait_for_load_state()
    pdf = print_slip(slip, tmp_path / "slip.pdf")
    pages, size = pdf_pages_and_size(pdf)
    assert (pages, size) == (1, "A4")
    text = pdf_text(pdf)
    assert case.number in text
    assert "张桂兰" in text and "210602" not in text  # the slip shows the ID masked
    slip.close()

    # 1. Category: the cause lies with the citizen.
    page.check("input[name=category][value=citizen]")
    with page.expect_navigation():
        page.click("form[action$='/classify/'] button[type=submit]")
    assert page.locator(".alert-success").count() == 1, page_errors
    # 2. Outcome: solved at the window.
    page.select_option("form[action$='/citizen-outcome/'] select[name=kind]", "solved")
    with page.expect_navigation():
        page.click("form[action$='/citizen-outcome/'] button[type=submit]")
    assert page.locator(".alert-success").count() == 1
    # 3. The result, recorded first without closing, then the case closed (销号) on its own.
    resolve = page.locator("form[action$='/resolve/']")
    resolve.locator("textarea[name=result]").fill("已联系外省社保中心补传数据，当场办结转移接续。")
    resolve.locator("input[name=close]").uncheck()
    with page.expect_navigation():
        resolve.locator("button[type=submit]").click()
    case.refresh_from_db()
    assert case.state == State.RESOLVED
    with page.expect_navigation():
        page.click("form[action$='/close/'] button[type=submit]")

    case.refresh_from_db()
    assert case.state == State.CLOSED and case.closed_by == clerk
    assert page.locator("h1.case-number + .state-badge").get_attribute("class").split()[-1] == "state-closed"
    # Read-only now: no more forms to classify, handle or resolve.
    for action in ("classify", "citizen-outcome", "resolve", "close"):
        assert page.locator(f"form[action$='/{action}/']").count() == 0, action
    facts = page.locator("dl.case-facts").first.inner_text()
    assert "已联系外省社保中心补传数据" in facts and case.closed_at.astimezone().strftime("%Y-") in facts
    # The history shows every step, the last one the closing.
    history = page.locator("ol.history li")
    actions = [item.get_attribute("data-action") for item in history.all()]
    assert len(actions) >= 4, actions
    assert "case.closed" in actions and "case.resolved" in actions, actions
    closing = page.locator("ol.history li[data-action='case.closed']")
    with translation.override("zh-hans"):
        moved = f"{State.RESOLVED.label} → {State.CLOSED.label}"
    assert moved in closing.inner_text() and clerk.get_full_name() in closing.inner_text()

    # The slip now carries the category and the closing.
    slip = page.context.new_page()
    slip.goto(f"{server}/cases/{case.number}/slip/")
    pdf = print_slip(slip, tmp_path / "slip-closed.pdf")
    assert pdf_pages_and_size(pdf) == (1, "A4")
    assert "☑" in pdf_text(pdf)
    assert page_errors == []
