"""axe-core on every staff page, as the roles that use it, on a desk PC and on a phone.

The demo data gives each page something to show (cases at every tier, work
orders, an innovation, a rota). A serious or critical violation fails the test,
and so does a page wider than a 390 px phone screen.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from cases.daily_summary import latest_due_day
from cases.models import Case, DailySummary, InstitutionalInnovation, State, WorkOrder
from cases.services.summary import daily_summary_make
from routing.models import Office, User

from .conftest import serious_violations as _serious

pytestmark = pytest.mark.browser

WIDTHS = {"desk": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
# On a phone a list's rows stack: every cell with text spans (nearly) the row's width,
# where a table squeezed into 390 px gave one character a line.
NARROW_CELLS = """() => [...document.querySelectorAll('table.table-stack td')]
    .some(td => td.textContent.trim() && td.getBoundingClientRect().width < 0.8 * td.closest('tr').getBoundingClientRect().width)"""


def _pages_by_role():
    """Each demo role of the city bureau with the pages it works on."""
    in_city = Case.objects.filter(office__code="DD").order_by("number")
    number = {state: in_city.filter(state=state).values_list("number", flat=True).first()
              for state in (State.TIER1, State.TIER2, State.TIER3, State.RESOLVED, State.CLOSED)}
    staff_closed = in_city.filter(state=State.CLOSED, category="staff").values_list("number", flat=True).first()
    order = WorkOrder.objects.filter(case__office__code="DD").order_by("pk").first()
    innovation = InstitutionalInnovation.objects.order_by("pk").first()
    case_pages = [f"/cases/{n}/" for n in number.values() if n]
    city = Office.objects.get(code="DD")
    summary = (DailySummary.objects.filter(office=city).first()
               or daily_summary_make(office=city, day=latest_due_day(city, timezone.now())))
    # The demo's web report whose person has a case in hand: the merge form offers it.
    web_report = in_city.filter(triage="pending", reporter_name="田志远").values_list("number", flat=True).first()
    return {
        "dd_clerk": ["/cases/", "/cases/?state=open&q=王", "/cases/new/", "/cases/inbox/", "/cases/innovations/",
                     f"/cases/innovations/{innovation.pk}/", *case_pages,
                     "/cases/web-reports/", f"/cases/web-reports/{web_report}/"],
        "dd_leader": ["/cases/leader/", f"/cases/{number[State.TIER1]}/", f"/cases/work-orders/{order.pk}/",
                      "/cases/inbox/"],
        "dd_head": ["/cases/department/", f"/cases/work-orders/{order.pk}/"],
        "dd_committee": ["/cases/committee/", f"/cases/{number[State.TIER2] or number[State.TIER1]}/"],
        "dd_director": ["/cases/", "/cases/party-group/", "/cases/review/", "/cases/review/departments/",
                        "/cases/review/statistics/", "/cases/review/ranking/", "/cases/overview/",
                        "/cases/causes/", "/cases/causes/repeated/", "/cases/accountability/",
                        f"/cases/{number[State.TIER3] or number[State.CLOSED]}/",
                        "/cases/summaries/", f"/cases/summaries/{summary.pk}/"],
        "dd_inspector": [f"/cases/{staff_closed or number[State.CLOSED]}/", "/cases/accountability/?kind=referred"],
        "dd_admin": ["/office/rota/"],
    }


def _log_in_as(context, server, username):
    client = Client()
    client.force_login(User.objects.get(username=username))
    context.clear_cookies()
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME,
                          "value": client.cookies[settings.SESSION_COOKIE_NAME].value, "url": server}])




def test_every_staff_page_passes_axe_at_desk_and_phone_widths(browser, browser_context_args, server, page_errors):
    call_command("load_demo", force=True, verbosity=0)
    axe = Axe()
    problems = []
    for width, viewport in WIDTHS.items():
        context = browser.new_context(**{**browser_context_args, "viewport": viewport})
        page = context.new_page()
        page.goto(f"{server}/accounts/login/")
        problems += [f"{width} /accounts/login/: {p}" for p in _serious(axe.run(page))]
        for username, urls in _pages_by_role().items():
            _log_in_as(context, server, username)
            for url in urls:
                response = page.goto(server + url)
                assert response.status == 200, (username, url, response.status)
                where = f"{width} {username} {url}"
                problems += [f"{where}: {p}" for p in _serious(axe.run(page))]
                if page.evaluate("() => document.documentElement.scrollWidth > window.innerWidth + 1"):
                    problems.append(f"{where}: the page is wider than the screen")
                if width == "phone" and page.evaluate(NARROW_CELLS):
                    problems.append(f"{where}: a list's cells are squeezed side by side, not stacked")
        context.close()
    assert not problems, "\n".join(problems)


def test_every_public_page_passes_axe_and_reads_at_18_px_on_a_phone(browser, browser_context_args, server, city,
                                                                     county, duty_leader, private_files, settings):
    """The citizens' pages at 390 px: the front door, the form fresh, refused and
    with its captcha, the receipt, the tracking page and the poster."""
    settings.PUBLIC_CAPTCHA_AFTER = 2  # the refused form and the report: the next form asks for it
    from .conftest import assert_readable

    axe = Axe()
    context = browser.new_context(**{**browser_context_args, "viewport": WIDTHS["phone"]})
    page = context.new_page()
    problems = []

    def check(what):
        problems.extend(f"{what} {page.url}: {p}" for p in _serious(axe.run(page)))
        assert_readable(page)

    page.goto(f"{server}/")
    check("front door")
    page.goto(f"{server}/o/{city.code}/report/")
    check("form")
    with page.expect_navigation():
        page.locator("button[type=submit].w-100").click()  # sent empty: every question refused
    assert page.locator("#form-errors").is_visible()
    check("refused form")
    page.locator("#id_matter").fill("办理养老保险关系转移")
    page.locator("#id_failed_where_1").check()
    page.locator("#id_failure_reason").fill("外省数据未传")
    page.locator("#id_business_area_1").check()
    page.locator("#id_reporter_name").fill("张三")
    page.locator("#id_reporter_phone").fill("13812345678")
    page.locator("#id_consent").check()
    with page.expect_navigation():
        page.locator("button[type=submit].w-100").click()
    check("receipt")
    page.goto(page.locator("#tracking-link").get_attribute("href"))
    check("tracking")
    page.goto(f"{server}/o/{city.code}/report/")
    assert page.locator("img.captcha").evaluate("img => img.complete && img.naturalWidth > 0")  # served by the app
    check("form with captcha")
    page.goto(f"{server}/o/{city.code}/poster/")
    check("poster")
    context.close()
    assert not problems, "\n".join(problems)
