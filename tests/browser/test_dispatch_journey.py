"""The duty leader dispatches a case to a department, and the department answers it, in a real browser.

Runs on the real clock (the live server and Chromium share no frozen time), so
the rota covers the days around today and the lights are read, not predicted,
except that a fresh work order (five working days) is always green.
"""

import datetime

import pytest

from cases.models import Notification, State, WorkOrder
from cases.services.dispatch import case_dispatch, work_order_request_extension
from cases.services.escalation import case_escalate
from routing import roles
from routing.models import Department, DutyAssignment
from tests.conftest import make_staff

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESK = {"width": 1366, "height": 900}
ANSWER = "已联系辽宁省社保中心补传缴费数据，三日内可办理转移接续，已电话告知本人。"


def no_sideways_scrolling(page):
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")


def wide_elements(page):
    """What sticks out to the right of the screen (for the report when a page scrolls sideways)."""
    return page.evaluate("""() => [...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
        .slice(0, 5).map(e => e.tagName + '.' + e.className)""")


@pytest.fixture
def window_morning(register, duty_leader, section_head, city):
    """Today's duty leader with the morning's cases; a department headed by `section_head`, and another."""
    today = datetime.date.today()
    for offset in range(-5, 20):  # whatever the day and the hour, today's cases are his
        DutyAssignment.objects.update_or_create(office=city, day=today + datetime.timedelta(days=offset),
                                                defaults={"leader": duty_leader})
    pensions = Department.objects.create(office=city, name="养老保险科", head=section_head)
    center_head = make_staff("center_head", city, roles.SECTION_HEAD, first_name="主任", last_name="周")
    center = Department.objects.create(office=city, name="社保中心", kind=Department.Kind.CENTER, head=center_head)
    make_staff("committee", city, roles.COMMITTEE)

    case = register(reporter_name="张桂兰", matter="办理养老保险关系转移接续，从辽宁省外转回丹东。",
                    failure_reason="外省社保系统数据未传，窗口无法受理。")
    assert case.duty_leader == duty_leader
    # The rest of the desk: a case a department asks more time for, one sent up to the committee.
    waiting = register(reporter_name="李秀英", matter="父亲异地就医备案后报销被退回，要求说明原因。",
                       failure_reason="医保窗口称系统未同步备案信息。")
    order = case_dispatch(case=waiting, by=duty_leader, department=center, kind="cannot", instruction="请说明退回原因。")
    work_order_request_extension(order=order, by=center_head, until=order.due_at.date() + datetime.timedelta(days=7),
                                 reason="需等待省医保平台核查")
    case_escalate(case=register(reporter_name="陈淑芬", matter="一九九五年前的国企工龄无档案记载。",
                                failure_reason="原单位破产，档案缺失。"), by=duty_leader, reason="历史遗留，需中心党委研究")
    return {"case": case, "department": pensions}


def _log_out(page):
    with page.expect_navigation():
        page.click("form[action$='/logout/'] button[type=submit]")


def _phone_shots(browser, browser_context_args, page, server, shots, layout):
    """Open each (name, path) at phone width with the page's login, screenshot it, note sideways scrolling."""
    phone = browser.new_context(**{**browser_context_args, "viewport": PHONE, "is_mobile": True, "has_touch": True,
                                   "storage_state": page.context.storage_state()})
    small = phone.new_page()
    for name, path, directory, *parts in shots:
        small.goto(f"{server}{path}")
        layout[f"{name}-phone"] = wide_elements(small) if not no_sideways_scrolling(small) else []
        small.screenshot(path=directory / f"{name}-phone.png", full_page=True)
        small.screenshot(path=directory / f"{name}-phone-first-screen.png")
        for number, selector in enumerate(parts, start=1):  # close-ups a full-page picture shrinks to nothing
            small.locator(selector).first.screenshot(path=directory / f"{name}-phone-part{number}.png")
    phone.close()


def test_the_leader_dispatches_and_the_department_answers(page, page_errors, server, log_in, window_morning, duty_leader,
                                                          section_head, browser, browser_context_args, screenshots_dir):
    case, department = window_morning["case"], window_morning["department"]
    layout = {}

    # The duty leader's desk: his tier-1 cases with lights, an extension waiting for him.
    log_in(duty_leader)
    with page.expect_navigation():
        page.click("nav a[href$='/cases/leader/']")
    row = page.locator("tr", has=page.locator(f"a.case-number:text-is('{case.number}')"))
    assert row.locator(".light").count() == 1
    assert page.locator("form[action*='/extensions/']").count() == 1
    layout["leader"] = wide_elements(page) if not no_sideways_scrolling(page) else []
    page.screenshot(path=screenshots_dir / "leader-desk.png", full_page=True)
    _phone_shots(browser, browser_context_args, page, server, [
        ("leader-desk", "/cases/leader/", screenshots_dir, "section[aria-labelledby=queue-title]")], layout)

    # Open the case and fill the dispatch form.
    with page.expect_navigation():
        row.locator("a.case-number").click()
    assert page.url.endswith(f"/cases/{case.number}/")
    dispatch = page.locator("form[action$='/dispatch/']")
    dispatch.locator("select[name=department]").select_option(str(department.pk))
    dispatch.locator("select[name=kind]").select_option(WorkOrder.Kind.SHOULD_HAVE_DONE)
    dispatch.locator("textarea[name=instruction]").fill("请核实辽宁省转移数据，五个工作日内书面答复。")
    with page.expect_navigation():
        dispatch.locator("button[type=submit]").click()
    assert page.locator(".alert-success").count() == 1, page.content()[:2000]
    order = WorkOrder.objects.get(case=case, department=department)
    assert order.state == WorkOrder.State.DISPATCHED
    assert page.locator(f"a[href$='/work-orders/{order.pk}/']").count() >= 1  # the order shows on the case page
    _log_out(page)

    # The department head: "Work orders" in the menu, the order with its light.
    log_in(section_head)
    with page.expect_navigation():
        page.click("nav a[href$='/cases/department/']")
    row = page.locator("tr", has=page.locator(f"a[href$='/work-orders/{order.pk}/']"))
    assert row.locator(".light-green").count() == 1  # five working days from dispatch: plenty left
    assert page.locator(".unread-badge").inner_text().startswith("1")
    layout["department"] = wide_elements(page) if not no_sideways_scrolling(page) else []
    page.screenshot(path=screenshots_dir / "department.png", full_page=True)

    with page.expect_navigation():
        row.locator(f"a[href$='/work-orders/{order.pk}/']").click()
    assert "请核实辽宁省转移数据" in page.locator("dl.case-facts").inner_text()
    layout["work-order"] = wide_elements(page) if not no_sideways_scrolling(page) else []
    page.screenshot(path=screenshots_dir / "work-order.png", full_page=True)
    _phone_shots(browser, browser_context_args, page, server, [
        ("department", "/cases/department/", screenshots_dir),
        ("work-order", f"/cases/work-orders/{order.pk}/", screenshots_dir)], layout)

    with page.expect_navigation():
        page.click(f"form[action$='/work-orders/{order.pk}/sign/'] button[type=submit]")
    assert page.locator(".alert-success").count() == 1
    assert page.locator(f"form[action$='/work-orders/{order.pk}/sign/']").count() == 0
    page.fill("form[action$='/answer/'] textarea[name=answer]", ANSWER)
    with page.expect_navigation():
        page.click("form[action$='/answer/'] button[type=submit]")
    assert page.locator(".alert-success").count() == 1
    assert ANSWER in page.locator("dl.case-facts").inner_text()
    order.refresh_from_db()
    assert (order.state, order.signed_by, order.answered_by) == (WorkOrder.State.ANSWERED, section_head, section_head)
    page.screenshot(path=screenshots_dir / "work-order-answered.png", full_page=True)
    _log_out(page)

    # The duty leader finds the answer on the case page and in his inbox.
    log_in(duty_leader)
    page.goto(f"{server}/cases/{case.number}/")
    assert ANSWER in page.locator("#orders-title + ul").inner_text()
    layout["case"] = wide_elements(page) if not no_sideways_scrolling(page) else []
    page.screenshot(path=screenshots_dir / "case-with-answer.png", full_page=True)
    _phone_shots(browser, browser_context_args, page, server, [
        ("case-with-answer", f"/cases/{case.number}/", screenshots_dir, "section[aria-labelledby=tiers-title]",
         "section[aria-labelledby=orders-title]")],
                 layout)
    badge = page.locator(".unread-badge")
    unread = Notification.objects.filter(recipient=duty_leader, read_at__isnull=True).count()
    assert badge.inner_text().startswith(str(unread))
    with page.expect_navigation():
        page.click("nav a[href$='/cases/inbox/']")
    note = page.locator("li.list-group-item", has_text=case.number)
    assert note.count() == 1
    assert "养老保险科" in note.inner_text()
    page.screenshot(path=screenshots_dir / "inbox.png", full_page=True)
    with page.expect_navigation():
        note.locator("button[name=open]").click()
    assert page.url.endswith(f"/work-orders/{order.pk}/")
    assert Notification.objects.get(recipient=duty_leader, work_order=order).read_at is not None

    case.refresh_from_db()
    assert case.state == State.TIER1  # the answer informs the leader; resolving stays his decision
    assert page_errors == []
    print(f"\nscreenshots in {screenshots_dir}; pages wider than the screen: {layout}")
    assert all(not wide for wide in layout.values()), layout
