"""Pictures of the main screens, for a person to judge, plus the checks a picture would fail.

The PNGs go to var/screenshots/ (not in git). The assertions catch what a
look would catch first: the page wider than the screen, a field that does not
show, a slip on two sheets, a script error.
"""

import datetime

import pytest

from cases import services
from tests.conftest import OTHER_VALID_ID, VALID_ID

from .conftest import pdf_pages_and_size, pdf_text, pdf_to_png, print_slip

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def no_sideways_scrolling(page):
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.fixture
def a_day_at_the_window(register, clerk, duty_leader, pension):
    """A few cases in different states, as the desk looks by mid-morning."""
    city = clerk.office
    area = city.business_areas.get
    register(reporter_name="张桂兰", matter="办理养老保险关系转移接续，从辽宁省外转回丹东。",
             failure_reason="外省社保系统数据未传，窗口无法受理。")
    waiting = register(reporter_name="李秀英", channel="hotline", business_area=area(name="医疗保险"),
                       failed_at="医疗保险窗口", on_behalf=True, subject_name="李大爷", subject_id_number=OTHER_VALID_ID,
                       subject_relation="父亲",
                       matter="父亲异地就医备案后报销被退回，要求说明原因。", failure_reason="医保窗口称系统未同步备案信息。")
    services.case_classify(case=waiting, by=duty_leader, category="staff", leader_instruction="请医保科科长十分钟内到窗口。")
    services.case_record_staff_fault(case=waiting, by=clerk, regular_window="医疗保险窗口", staff_member="赵某",
                                     section_head="孙科长")
    done = register(reporter_name="王建国", business_area=area(name="失业保险"), failed_at="失业保险窗口",
                    matter="申领失业保险金，单位未出具解除劳动合同证明。", failure_reason="缺少解除劳动合同证明。")
    services.case_classify(case=done, by=clerk, category="citizen")
    services.case_record_citizen_outcome(case=done, by=clerk, kind="guided", regular_window="失业保险窗口",
                                         materials="身份证原件\n解除劳动合同证明\n银行卡", steps="到3号窗口取号\n提交材料")
    services.case_resolve(case=done, by=clerk, result="已一次性告知所需材料，本人表示明日补齐后再来。", close=True)
    legacy = register(reporter_name="陈淑芬", failed_at="人事档案窗口", business_area=area(name="人事档案"),
                      matter="一九九五年前的国企工龄无档案记载，要求认定视同缴费年限。",
                      failure_reason="原单位破产，档案缺失，无法认定。")
    services.case_classify(case=legacy, by=duty_leader, category="objective")
    return {"waiting": waiting, "done": done, "legacy": legacy}


def test_screenshots_of_the_main_screens(page, page_errors, server, log_in, clerk, a_day_at_the_window, browser,
                                         browser_context_args, screenshots_dir, tmp_path):
    log_in(clerk)

    # The desk list.
    page.goto(f"{server}/cases/")
    assert page.locator("table tbody tr").count() == 4
    assert no_sideways_scrolling(page)
    page.screenshot(path=screenshots_dir / "desk.png", full_page=True)

    # The intake screen, empty as the clerk finds it ...
    page.goto(f"{server}/cases/new/")
    page.wait_for_selector("#id_reporter_name:focus")
    assert no_sideways_scrolling(page)
    page.screenshot(path=screenshots_dir / "intake.png", full_page=True)
    # ... and with every part open: on behalf of someone, and a simple matter sent to a regular window.
    page.fill("#id_reporter_name", "周玉梅")
    page.fill("#id_reporter_id_number", VALID_ID)
    page.check("#id_on_behalf")
    for field in ("subject_name", "subject_id_number", "subject_relation"):
        assert page.is_visible(f"#id_{field}"), field
    page.check("#id_close_now")
    page.select_option("#id_quick_outcome", "guided")
    for field in ("quick_outcome", "regular_window", "materials", "steps", "result"):
        assert page.is_visible(f"#id_{field}"), field
    page.wait_for_selector("#same-person-list")  # her three earlier cases (as reporter) show up
    page.screenshot(path=screenshots_dir / "intake-all-parts-open.png", full_page=True)
    # A refused save keeps what was typed and says why beside the field.
    with page.expect_navigation():
        page.keyboard.press("Control+Enter")
    assert page.input_value("#id_reporter_name") == "周玉梅"
    assert page.locator(".invalid-feedback, .is-invalid").count() > 0
    page.screenshot(path=screenshots_dir / "intake-errors.png", full_page=True)

    # The case page, in hand and closed.
    waiting, done = a_day_at_the_window["waiting"], a_day_at_the_window["done"]
    page.goto(f"{server}/cases/{waiting.number}/")
    assert no_sideways_scrolling(page)
    page.screenshot(path=screenshots_dir / "case-in-hand.png", full_page=True)
    page.goto(f"{server}/cases/{done.number}/")
    page.screenshot(path=screenshots_dir / "case-closed.png", full_page=True)

    # The printed slip, as the sheet of paper it becomes.
    page.goto(f"{server}/cases/{done.number}/slip/")
    page.screenshot(path=screenshots_dir / "slip-screen.png", full_page=True)
    pdf = print_slip(page, tmp_path / "slip.pdf")
    assert pdf_pages_and_size(pdf) == (1, "A4")
    assert done.number in pdf_text(pdf)
    pdf_to_png(pdf, screenshots_dir / "slip-printed", dpi=100)
    page.goto(f"{server}/cases/{done.number}/one-time-notice/")
    pdf = print_slip(page, tmp_path / "notice.pdf")
    assert pdf_pages_and_size(pdf) == (1, "A4")
    pdf_to_png(pdf, screenshots_dir / "notice-printed", dpi=100)

    # A phone: the duty leader checks a case away from the desk.
    phone = browser.new_context(**{**browser_context_args, "viewport": PHONE, "is_mobile": True, "has_touch": True,
                                   "storage_state": page.context.storage_state()})
    small = phone.new_page()
    small.goto(f"{server}/cases/{waiting.number}/")
    assert no_sideways_scrolling(small)
    small.screenshot(path=screenshots_dir / "case-phone.png", full_page=True)
    small.screenshot(path=screenshots_dir / "case-phone-first-screen.png")  # what shows before scrolling
    small.goto(f"{server}/cases/")
    small.screenshot(path=screenshots_dir / "desk-phone.png", full_page=True)
    small.goto(f"{server}/cases/new/")
    assert no_sideways_scrolling(small)
    small.screenshot(path=screenshots_dir / "intake-phone.png", full_page=True)
    phone.close()
    assert page_errors == []
    print(f"\nscreenshots in {screenshots_dir} (day {datetime.date.today()})")
