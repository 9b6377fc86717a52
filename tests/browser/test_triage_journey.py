"""A clerk triages the web reports in a real browser: accept one, merge one, reject one as spam.

Three reports came in through the public form; the same person as one of them
already has a case in hand at the window. The clerk works through the queue
from the navigation; each reporter reads the decision on their tracking page
(and the merged one also by text), and each decision is audited.
"""

import pytest

from cases.models import AuditEvent, Case, State, TextMessage
from cases.services.public import case_report_online
from cases.services.texts import send_pending_texts
from tests.conftest import VALID_ID
from windowdesk import sms

from .conftest import assert_accessible, assert_readable

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESK = {"width": 1366, "height": 900}


def reported(city, pension, name, phone, matter, **extra):
    return case_report_online(office=city, files=[], business_area=pension, reporter_name=name,
                              reporter_phone=phone, matter=matter, failure_reason="窗口说办不了", **extra)


def open_from_queue(page, report):
    with page.expect_navigation():
        page.locator("#web-reports").get_by_role("link", name=report.number).click()
    assert page.url.endswith(f"/cases/web-reports/{report.number}/")


def test_a_clerk_accepts_merges_and_rejects_web_reports(page, page_errors, server, log_in, register, clerk,
                                                       duty_leader, city, pension):
    in_hand = register(reporter_name="张三", reporter_phone="13812345678", reporter_id_number=VALID_ID)
    to_accept = reported(city, pension, "李明", "13912345678", "失业保险金申领被拒")
    to_merge = reported(city, pension, "张三", "13812345678", "养老保险关系转移还是办不了",
                        reporter_id_number=VALID_ID)
    to_reject = reported(city, pension, "王五", "13712345678", "低价出售发票，加微信")
    send_pending_texts()  # the three receipts
    sms.outbox.clear()

    # The queue, from the navigation's count.
    page.set_viewport_size(DESK)
    log_in(clerk)
    nav = page.locator("#nav-web-reports")
    assert "3" in nav.inner_text()
    with page.expect_navigation():
        nav.click()
    queue = page.locator("#web-reports").inner_text()
    assert all(report.number in queue for report in (to_accept, to_merge, to_reject))
    assert in_hand.number not in queue
    assert page.locator("#web-reports .light").count() == 3
    assert_accessible(page)

    # Accept: it becomes a case like any other, in the register.
    open_from_queue(page, to_accept)
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="受理这条反映").click()
    assert page.url.endswith(f"/cases/{to_accept.number}/")
    assert f"{to_accept.number}已受理，按一般案件办理。" in page.locator(".alert-success").inner_text()
    page.goto(f"{server}/cases/?state=open")
    assert to_accept.number in page.locator("main table").first.inner_text()
    to_accept.refresh_from_db()
    assert (to_accept.triage, to_accept.state, to_accept.triaged_by) == ("accepted", State.TIER1, clerk)

    # Merge: the same person's case in hand is offered first.
    page.goto(f"{server}/cases/web-reports/")
    assert to_accept.number not in page.locator("#web-reports").inner_text()
    open_from_queue(page, to_merge)
    merge = page.locator("form[action$='/merge/']")
    candidate = merge.get_by_label(in_hand.number)
    assert candidate.count() == 1
    candidate.check()
    with page.expect_navigation():
        merge.get_by_role("button", name="合并").click()
    assert page.url.endswith("/cases/web-reports/")
    assert f"{to_merge.number}已并入{in_hand.number}，已告知反映人。" in page.locator(".alert-success").inner_text()
    to_merge.refresh_from_db()
    assert (to_merge.triage, to_merge.state, to_merge.merged_into) == ("merged", State.CLOSED, in_hand)

    # Reject as spam: without a reason it is refused, the error beside the field.
    open_from_queue(page, to_reject)
    reject = page.locator("form[action$='/reject/']")
    reject.get_by_label("垃圾信息：广告或无意义内容，没有可办理的事项").check()
    with page.expect_navigation():
        reject.get_by_role("button", name="不予受理并办结").click()
    reason = page.locator("form[action$='/reject/'] #id_reason")
    assert "is-invalid" in reason.get_attribute("class")
    error = page.locator("form[action$='/reject/'] #id_reason ~ .invalid-feedback")
    assert error.is_visible() and error.inner_text().strip()
    assert page.locator("form[action$='/reject/'] #id_kind_0").is_checked()  # what was chosen is kept
    assert_accessible(page)
    to_reject.refresh_from_db()
    assert to_reject.triage == "pending" and to_reject.state == State.TIER1
    page.locator("form[action$='/reject/'] #id_reason").fill("您提交的是广告，没有需要办理的事项。")
    with page.expect_navigation():
        page.locator("form[action$='/reject/']").get_by_role("button", name="不予受理并办结").click()
    assert f"{to_reject.number}已不予受理并办结。" in page.locator(".alert-success").inner_text()
    assert page.locator("#web-reports tbody").inner_text().strip() == "没有待分拣的网上反映。"
    to_reject.refresh_from_db()
    assert (to_reject.triage, to_reject.state) == ("spam", State.CLOSED)

    # Each decision is audited, with who made it.
    def audited(case, action):
        return AuditEvent.objects.filter(case=case, action=action, actor=clerk)

    assert audited(to_accept, "case.web_report_accepted").count() == 1
    assert audited(to_merge, "case.web_report_merged").get().data == {"into": in_hand.number}
    assert audited(in_hand, "case.web_report_merged_in").get().data == {"report": to_merge.number}
    rejected = audited(to_reject, "case.web_report_rejected").get()
    assert rejected.reason == "您提交的是广告，没有需要办理的事项。" and rejected.data == {"kind": "spam"}

    # The reporters read it on their phones: the merged one also by text, with the case number to quote.
    assert send_pending_texts() == 1
    [text] = sms.outbox
    assert text.to == "13812345678" and in_hand.number in text.body and to_merge.number in text.body
    assert TextMessage.objects.get(case=to_merge, kind=TextMessage.MERGED).sent_at is not None
    page.context.clear_cookies()
    page.set_viewport_size(PHONE)
    page.goto(f"{server}/t/{to_merge.tracking_token}/")
    assert_readable(page)
    assert in_hand.number in page.locator("#track-state").inner_text()
    assert f"已并入办理同一事项的案件{in_hand.number}。" in page.locator("#track-history").inner_text()
    assert in_hand.tracking_token not in page.content()  # the other case is named, never opened
    page.goto(f"{server}/t/{to_reject.tracking_token}/")
    assert page.locator("#track-state").inner_text().startswith("您的反映未予受理。")
    assert page.locator("#track-answer").inner_text() == "您提交的是广告，没有需要办理的事项。"
    page.goto(f"{server}/t/{to_accept.tracking_token}/")
    assert "单位已受理。" in page.locator("#track-history").inner_text()
    assert Case.objects.get(pk=in_hand.pk).state == State.TIER1  # the case merged into stays in hand
    assert page_errors == []
