"""A bad rating followed to the end in a real browser: the rectification loop and the follow-up rating.

The citizen, on a phone, rates the closed case 不满意 through the link texted at
closing; a clerk makes the verifying callback, the duty leader reopens the case,
handles it again and finishes the rectification, all through their pages; the
citizen then gives the one follow-up rating through the link texted again.
Every step shows on the tracking page in plain words, and every step is audited.
"""

import re

import pytest

from cases.models import AuditEvent, Callback, Rating, Rectification, State, TextMessage
from cases.services import case_record_citizen_outcome, case_resolve
from cases.services.texts import send_pending_texts
from windowdesk import sms

from .conftest import assert_accessible, assert_readable

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESK = {"width": 1366, "height": 900}
LINK = re.compile(r"https?://\S+")


def texted_link(kind: str) -> str:
    """The link in the last text of `kind`, as the citizen's phone received it from the (fake) gateway."""
    send_pending_texts()
    body = TextMessage.objects.filter(kind=kind).latest("created_at").body
    assert any(text.body == body for text in sms.outbox), "the text did not go out"
    return LINK.search(body).group(0)


def as_citizen(page):
    page.context.clear_cookies()
    page.set_viewport_size(PHONE)


def as_staff(page, log_in, user):
    page.context.clear_cookies()
    page.set_viewport_size(DESK)
    log_in(user)


def test_a_bad_rating_is_verified_rectified_and_rated_again(page, page_errors, server, settings, log_in, register,
                                                            clerk, duty_leader):
    settings.PUBLIC_SITE_URL = server  # the links texted to the citizen lead to this server
    case = register()
    case_record_citizen_outcome(case=case, by=clerk, kind="solved")
    case_resolve(case=case, by=clerk, result="已告知办理流程，当场办结。", close=True)
    track = f"{server}/t/{case.tracking_token}/"

    # The citizen opens the rating link texted at closing and rates 不满意, on a phone.
    as_citizen(page)
    rate_link = texted_link("rating_link")
    assert rate_link == f"{server}/t/{case.tracking_token}/rate/"
    page.goto(rate_link)
    assert_readable(page)
    assert_accessible(page)
    page.get_by_label("不满意", exact=True).check()
    page.get_by_label("不满意 · 问题没有解决", exact=True).check()
    page.get_by_label("意见").fill("养老金还是没有到账。")
    with page.expect_navigation():
        page.get_by_role("button", name="提交评价").click()
    assert page.locator("#rated").inner_text() == "感谢您的评价。"
    assert "一个工作日内与您联系" in page.locator("#rated-next").inner_text()
    assert_accessible(page)
    rating = Rating.objects.get(case=case)
    assert (rating.level, rating.reasons, rating.follow_up) == ("dissatisfied", ["not_solved"], False)
    rectification = Rectification.objects.get(case=case)
    verifying = Callback.objects.get(case=case, kind=Callback.Kind.VERIFYING)

    # The tracking page says what happens now, and offers no second rating yet.
    page.goto(track)
    assert_readable(page)
    assert_accessible(page)
    assert page.locator("#track-state").inner_text() == "您的事项已办结。"
    assert "一个工作日内与您电话联系" in page.locator("#track-rectification").inner_text()
    history = page.locator("#track-history").inner_text()
    assert "您对办理作出了评价：不满意。" in history and "因您不满意，单位重新核查您的事项。" in history
    assert page.locator("#track-rate").count() == 0

    # A clerk makes the verifying callback from the queue: still not solved.
    as_staff(page, log_in, clerk)
    page.goto(f"{server}/cases/callbacks/")
    row = page.locator(f'tr[data-callback="{verifying.pk}"]')
    assert "差评核实回访" in row.inner_text() and row.locator(".light").count() == 1
    with page.expect_navigation():
        row.get_by_role("link", name="回访").click()
    page.get_by_label("未解决").check()
    page.get_by_label("群众反映").fill("养老金仍未到账，要求重新办理。")
    with page.expect_navigation():
        page.locator("#callback-form button[type=submit]").click()
    assert page.url.endswith("/cases/callbacks/") and "回访已记录。" in page.locator(".alert-success").inner_text()
    verifying.refresh_from_db()
    assert verifying.outcome == "not_solved"

    # The duty leader opens the rectification from the same queue and reopens the case (重办).
    as_staff(page, log_in, duty_leader)
    page.goto(f"{server}/cases/callbacks/")
    row = page.locator("#rectification-queue tr", has_text=case.number)
    assert "不满意" in row.inner_text() and row.locator(".light").count() == 1
    with page.expect_navigation():
        row.get_by_role("link", name="查看").click()
    assert page.url.endswith(f"/cases/rectifications/{rectification.pk}/")
    assert_accessible(page)
    assert "未解决: 养老金仍未到账，要求重新办理。" in page.locator("main").inner_text()
    reopen = page.locator("form[action$='/reopen/']")
    with page.expect_navigation():
        reopen.get_by_role("button", name="重新办理此事项").click()  # no reason: refused beside the field
    assert page.locator("#id_reason.is-invalid").count() == 1
    assert page.locator("#id_reason ~ .invalid-feedback, #id_reason + .invalid-feedback").count() == 1
    reopen.get_by_label("重办理由").fill("核实属实：养老金未到账，重新办理。")
    with page.expect_navigation():
        reopen.get_by_role("button", name="重新办理此事项").click()
    assert "该事项已重新办理。" in page.locator(".alert-success").inner_text()
    case.refresh_from_db()
    assert case.state == State.TIER1

    # The citizen sees it is being handled again.
    as_citizen(page)
    page.goto(track)
    assert page.locator("#track-state").inner_text().startswith("单位正在办理您的事项。")
    assert "您的事项正在重新办理。" in page.locator("#track-history").inner_text()
    assert page.locator("#track-rectification").count() == 1

    # The duty leader handles it and closes it on the case page, then finishes the rectification.
    as_staff(page, log_in, duty_leader)
    page.goto(f"{server}/cases/{case.number}/")
    resolve = page.locator("form[action$='/resolve/']")
    resolve.locator("textarea[name=result]").fill("已联系省社保中心补发养老金，当面致歉。")
    resolve.locator("input[name=close]").check()
    with page.expect_navigation():
        resolve.locator("button[type=submit]").click()
    case.refresh_from_db()
    assert case.state == State.CLOSED
    page.goto(f"{server}/cases/rectifications/{rectification.pk}/")
    finish = page.locator("form[action$='/finish/']")
    finish.get_by_label("已重办").check()
    finish.get_by_label("整改情况，或诉求无法律依据的说明").fill("已补发养老金，并当面向您致歉。")
    with page.expect_navigation():
        finish.get_by_role("button", name="完成").click()
    assert "整改完成；已请群众再次评价。" in page.locator(".alert-success").inner_text()
    assert page.locator("form[action$='/finish/']").count() == 0
    rectification.refresh_from_db()
    assert rectification.outcome == "rehandled" and rectification.done_by == duty_leader

    # The citizen reads what was done and gives the one follow-up rating through the link texted again.
    as_citizen(page)
    follow_up_link = texted_link("rating_follow_up")
    assert follow_up_link == rate_link
    page.goto(track)
    assert page.locator("#track-state").inner_text() == "您的事项已办结。"
    assert page.locator("#track-rectification-answer").inner_text() == "已补发养老金，并当面向您致歉。"
    assert_readable(page)
    assert_accessible(page)
    assert "单位已完成对您事项的重新核查。" in page.locator("#track-history").inner_text()
    with page.expect_navigation():
        page.locator("#track-rate").click()
    assert_readable(page)
    page.get_by_label("满意", exact=True).check()
    with page.expect_navigation():
        page.get_by_role("button", name="提交评价").click()
    assert page.locator("#rated").count() == 1 and page.locator("#rated-next").count() == 0
    follow_up = Rating.objects.get(case=case, follow_up=True)
    assert follow_up.level == "satisfied" and follow_up.channel == "link"
    page.goto(track)
    assert "您对办理作出了评价：满意。" in page.locator("#track-history").inner_text()
    assert page.locator("#track-rate").count() == 0
    page.goto(rate_link)
    assert page.locator("#rate-closed").count() == 1  # once, and once more: no third rating

    # Every step is audited, in order, and the case page shows the trail.
    actions = list(AuditEvent.objects.filter(case=case).order_by("at", "id").values_list("action", flat=True))
    loop = ["case.closed", "case.rated", "case.rectification_started", "case.called_back", "case.rehandling",
            "case.resolved", "case.closed", "case.rectification_done", "case.rated"]
    positions = [i for i, action in enumerate(actions) if action in loop]
    assert [actions[i] for i in positions][-len(loop):] == loop, actions
    as_staff(page, log_in, duty_leader)
    page.goto(f"{server}/cases/{case.number}/")
    shown = [item.get_attribute("data-action") for item in page.locator("ol.history li").all()]
    assert {"case.rated", "case.rectification_started", "case.called_back", "case.rehandling",
            "case.rectification_done"} <= set(shown), shown
    assert "(回评)" in page.locator("#ratings").inner_text()
    assert page_errors == []
