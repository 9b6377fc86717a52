"""Typing a reason at the bottom of the case page and sending it is not held up by a scrolling animation."""

import time

import pytest

pytestmark = pytest.mark.browser


def test_the_page_jumps_instead_of_gliding(page, server, log_in, duty_leader, register):
    case = register()
    log_in(duty_leader)
    page.goto(f"{server}/cases/{case.number}/")
    assert page.evaluate("getComputedStyle(document.documentElement).scrollBehavior") == "auto"


def test_escalating_from_the_top_of_the_case_page_leaves_within_half_a_second(page, server, log_in, duty_leader,
                                                                                register):
    case = register()
    log_in(duty_leader)
    page.set_viewport_size({"width": 1366, "height": 500})  # a laptop with the browser's bars: the form below the fold
    page.goto(f"{server}/cases/{case.number}/")
    sent = []
    page.on("request", lambda request: sent.append(time.monotonic()) if request.method == "POST" else None)
    escalate = page.locator("form[action$='/escalate/']")
    started = time.monotonic()
    escalate.locator("textarea[name=escalate-reason]").fill("超出值班领导权限")
    with page.expect_navigation():
        escalate.locator("button[type=submit]").click()
    # With Bootstrap's smooth scrolling the button glided into view for about a
    # second, and the click waited for it to come to rest.
    assert sent and sent[0] - started < 0.5, sent and sent[0] - started
