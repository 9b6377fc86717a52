"""A clerk works through the callback queue in a real browser: not reached once, then 重办."""

import pytest

from cases.models import Callback, State
from cases.services import case_record_citizen_outcome, case_resolve

pytestmark = pytest.mark.browser


def test_a_clerk_calls_back_and_an_unsolved_matter_goes_back_for_handling(page, server, log_in, register, clerk,
                                                                           duty_leader, page_errors):
    case = register()
    case_record_citizen_outcome(case=case, by=clerk, kind="solved")
    case_resolve(case=case, by=clerk, result="当场办结", close=True)
    callback = Callback.objects.get(case=case)

    log_in(clerk)
    page.goto(f"{server}/cases/")
    with page.expect_navigation():
        page.get_by_role("link", name="回访").first.click()
    row = page.locator(f'tr[data-callback="{callback.pk}"]')
    assert case.number in row.inner_text()
    assert row.locator(".light").count() == 1  # the light of its deadline

    with page.expect_navigation():
        row.get_by_role("link", name="回访").click()
    page.get_by_label("未联系上").check()
    with page.expect_navigation():
        page.locator("#callback-form button[type=submit]").click()
    assert page.locator("#callback-tries").inner_text().startswith("1")

    page.get_by_label("未解决").check()
    page.get_by_label("群众反映").fill("养老金仍未到账")
    with page.expect_navigation():
        page.locator("#callback-form button[type=submit]").click()
    assert page.url.endswith("/cases/callbacks/")
    assert case.number not in page.locator("#callback-queue").inner_text()
    case.refresh_from_db()
    assert case.state == State.TIER1
    assert page_errors == []
