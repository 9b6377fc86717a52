"""The intake screen under queue pressure: a simple matter by keyboard alone, and the same-person lookup."""

import time

import pytest

from cases.models import Case, CitizenOutcome, State
from tests.conftest import OTHER_VALID_ID, VALID_ID

from .conftest import CASE_NUMBER
from .test_clerk_journey import focused

pytestmark = pytest.mark.browser


def test_simple_matter_registered_answered_and_closed_by_keyboard_alone(page, page_errors, server, log_in, clerk,
                                                                        pension):
    log_in(clerk)
    page.goto(f"{server}/cases/new/")
    page.wait_for_selector("#id_reporter_name:focus")
    assert page.is_hidden("#id_result")  # the answer box shows only for a simple matter

    started = time.monotonic()
    keys = page.keyboard
    keys.type("刘大爷")
    keys.press("Tab")
    keys.type("13987654321")
    keys.press("Tab")  # ID number: none given, it is a question
    keys.press("Tab")  # on behalf: no
    keys.press("Tab")
    assert focused(page) == "business_area"
    keys.press("ArrowDown")
    keys.press("Tab")
    keys.type("养老保险窗口")
    keys.press("Tab")
    keys.type("咨询养老金领取资格认证怎么做")
    keys.press("Tab")
    keys.type("窗口排队时间长，未得到解答")
    keys.press("Tab")
    assert focused(page) == "close_now"
    keys.press("Space")  # tick: answer and close now
    assert page.is_checked("#id_close_now") and page.is_visible("#id_result")
    keys.press("Tab")
    assert focused(page) == "quick_outcome"  # default: solved at the window
    keys.press("Tab")
    assert focused(page) == "result"  # the one-time-notice fields stay hidden for "solved"
    keys.type("已当场指导使用手机APP完成资格认证。")
    with page.expect_navigation():
        keys.press("Control+Enter")
    elapsed = time.monotonic() - started

    # Back on an empty intake screen, ready for the next person in the queue.
    assert page.url.endswith("/cases/new/")
    page.wait_for_selector("#id_reporter_name:focus")
    assert page.input_value("#id_reporter_name") == ""
    message = page.locator(".alert-success").inner_text()
    number = CASE_NUMBER.search(message).group(0)
    assert elapsed < 20, f"a simple matter took {elapsed:.1f} s of keyboard work"
    print(f"\nsimple matter registered, answered and closed by keyboard in {elapsed:.2f} s")

    case = Case.objects.get(number=number)
    assert case.office == clerk.office and case.business_area == pension
    assert case.state == State.CLOSED and case.closed_by == clerk and case.closed_at
    assert case.citizen_outcome.kind == CitizenOutcome.Kind.SOLVED
    assert case.result == "已当场指导使用手机APP完成资格认证。"

    page.goto(f"{server}/cases/{number}/")
    assert page.locator("h1.case-number + .state-badge").get_attribute("class").split()[-1] == "state-closed"
    assert page_errors == []


def test_typing_an_id_number_shows_the_persons_earlier_cases_of_this_office_only(
        page, page_errors, server, log_in, clerk, register, county_clerk, outside_clerk):
    earlier = register(matter="办理养老金资格认证")
    in_county = register(by=county_clerk, matter="县里的一件事")
    elsewhere = register(by=outside_clerk, matter="别的单位的一件事")
    stranger = register(reporter_id_number=OTHER_VALID_ID, matter="另一个人的事")

    log_in(clerk)
    page.goto(f"{server}/cases/new/")
    page.wait_for_selector("#id_reporter_name:focus")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert focused(page) == "reporter_id_number"

    page.keyboard.type(VALID_ID[:17])  # not yet a whole number: no lookup
    assert page.locator("#same-person-list").count() == 0
    with page.expect_response(lambda r: r.url.endswith("/cases/person-lookup/") and r.request.method == "POST") as rsp:
        page.keyboard.type(VALID_ID[17:])
    assert rsp.value.ok
    shown = page.locator("#same-person-list")
    shown.wait_for()
    text = shown.inner_text()
    assert earlier.number in text and "办理养老金资格认证" in text
    for hidden in (in_county, elsewhere, stranger):
        assert hidden.number not in text
    assert shown.locator(f"a[href$='/cases/{earlier.number}/']").count() == 1
    assert VALID_ID not in page.content().replace(f'value="{VALID_ID}"', "")  # the list itself shows no ID

    # A different person's number replaces the list with theirs.
    page.fill("#id_reporter_id_number", "")
    with page.expect_response(lambda r: r.url.endswith("/cases/person-lookup/")):
        page.keyboard.type(OTHER_VALID_ID)
    page.wait_for_function("n => !document.getElementById('same-person').innerText.includes(n)", arg=earlier.number)
    text = page.locator("#same-person-list").inner_text()
    assert stranger.number in text and earlier.number not in text

    # The county clerk, typing the same number, sees only the county's case.
    page.context.clear_cookies()
    log_in(county_clerk)
    page.goto(f"{server}/cases/new/")
    page.click("#id_reporter_id_number")
    with page.expect_response(lambda r: r.url.endswith("/cases/person-lookup/")):
        page.keyboard.type(VALID_ID)
    text = page.locator("#same-person-list").inner_text()
    assert in_county.number in text
    assert earlier.number not in text and elsewhere.number not in text
    assert page_errors == []
