"""Real-browser tests: Debian's Chromium, headless, driven by Playwright.

Playwright cannot download its own browser here, so it drives
/usr/bin/chromium (see STACK-NOTES "Browsers, printing, fonts"). Without that
browser, or without poppler's pdfinfo/pdftotext/pdftoppm, the tests skip with
the reason printed; in CI (the CI variable set) a missing tool is a failure,
because CI is where these tests must run.
"""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.utils.functional import empty

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")  # Debian's; another path for another system
POPPLER_TOOLS = ("pdfinfo", "pdftotext", "pdftoppm")
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
# Not \b: in Chinese text the number sits right against the characters around it.
CASE_NUMBER = re.compile(r"(?<![A-Z0-9])[A-Z][A-Z0-9]{1,11}-\d{4}-\d{6}(?!\d)")


def _missing_tools() -> list[str]:
    missing = [] if os.access(CHROMIUM, os.X_OK) else [CHROMIUM]
    return missing + [tool for tool in POPPLER_TOOLS if shutil.which(tool) is None]


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Run the browser tests last (after pytest-django has ordered the rest).

    Once Playwright's session fixture has started, its event loop stays in the
    main thread until the session ends, and Django refuses ORM calls from any
    later test ("You cannot call this from an async context").
    """
    items[:] = [i for i in items if not i.get_closest_marker("browser")] + [
        i for i in items if i.get_closest_marker("browser")]


def pytest_runtest_setup(item):
    """Skip (or, in CI, fail) before any browser fixture tries to launch Chromium."""
    if item.get_closest_marker("browser") is None:
        return
    missing = _missing_tools()
    if missing:
        reason = f"browser tests need {', '.join(missing)} (apt-get install chromium poppler-utils fonts-wqy-microhei)"
        if os.environ.get("CI"):
            pytest.fail(f"In CI every test must run: {reason}", pytrace=False)
        pytest.skip(reason)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item, nextitem):
    # Playwright's sync API keeps an event loop running in this thread, so
    # Django would refuse ORM calls from fixtures and the test body; the test
    # database is only touched between browser steps, never concurrently.
    if item.get_closest_marker("browser") is None:
        return (yield)
    old = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        return (yield)
    finally:
        if old is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = old


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium instead of Playwright's download (which is not available here)."""
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-dev-shm-usage"],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """A Chinese-speaking desk PC: the pages must come out in Simplified Chinese."""
    return {
        **browser_context_args,
        "locale": "zh-CN",
        "timezone_id": "Asia/Shanghai",
        "viewport": {"width": 1366, "height": 900},
    }


@pytest.fixture
def page_errors(page):
    """JavaScript errors and console errors of the page; the test asserts there are none."""
    errors = []

    def on_console(msg):
        # The browser asks for /favicon.ico by itself; the app has none, which is no page error.
        # A rejected form answers 400 on purpose (the page is the form again, with
        # its errors); the browser reports that status as a console error too.
        if msg.type == "error" and not (msg.location.get("url") or "").endswith("/favicon.ico") \
                and "status of 400" not in msg.text:
            errors.append(f"console.{msg.type}: {msg.text} ({msg.location.get('url')})")

    page.context.on("weberror", lambda err: errors.append(f"pageerror: {err.error}"))
    page.context.on("console", on_console)
    return errors


# Reports every Content-Security-Policy violation of the page to the test: the
# browser fires securitypolicyviolation for each script, style or handler refused.
_REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", function (event) {
  window.__cspViolation(event.violatedDirective + " refused " + (event.blockedURI || "inline") +
                        " on " + event.documentURI + " line " + event.lineNumber + ": " + (event.sample || ""));
});
"""


@pytest.fixture(autouse=True)
def csp_violations(request):
    """Every CSP violation (event or console report) on the test's pages: any fails the test.

    Autouse for every browser test, so no page the journeys walk through may need
    an inline script or style. A test that provokes one on purpose clears the list.
    """
    if request.node.get_closest_marker("browser") is None or "page" not in request.fixturenames:
        yield []
        return
    page = request.getfixturevalue("page")
    violations = []
    page.context.expose_function("__cspViolation", lambda text: violations.append(text))
    page.context.add_init_script(_REPORT_VIOLATIONS)
    page.context.on("console", lambda msg: violations.append(f"console: {msg.text}")
                    if "Content Security Policy" in msg.text else None)
    yield violations
    assert violations == [], "Content-Security-Policy violations:\n" + "\n".join(violations)


@pytest.fixture
def server(transactional_db, live_server):
    """The live server's base URL (the database is shared with the test body)."""
    return live_server.url


@pytest.fixture
def log_in(page, server):
    """Log a user in through the login form, by keyboard, and land on the desk."""

    def _log_in(user, password=None):
        page.goto(f"{server}/accounts/login/")
        page.wait_for_selector("input[name=username]:focus")  # the login form focuses the user name
        page.keyboard.type(user.username)
        page.keyboard.press("Tab")
        page.keyboard.type(password or "pw-" + user.username)
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert "/accounts/login/" not in page.url, "login failed"

    return _log_in


FAILING_IMPACTS = ("serious", "critical")


def serious_violations(results) -> list[str]:
    """axe-core's serious and critical violations of a page (`Axe().run(page)`), one line each."""
    return [f"{v['id']} ({v['impact']}): {v['help']} — {', '.join(str(n['target']) for n in v['nodes'][:3])}"
            for v in results.response["violations"] if v["impact"] in FAILING_IMPACTS]


def assert_accessible(page, axe=None):
    """The page as it is now has no serious or critical axe violation."""
    from axe_playwright_python.sync_playwright import Axe

    problems = serious_violations((axe or Axe()).run(page))
    assert problems == [], f"{page.url}: " + "\n".join(problems)


@pytest.fixture(scope="session")
def screenshots_dir():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


def pdf_info(path) -> dict:
    """pdfinfo's `Key: value` lines as a dict."""
    out = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    return dict(line.split(":", 1) for line in out.splitlines() if ":" in line)


A4_POINTS = (595.28, 841.89)  # 210 x 297 mm


def pdf_pages_and_size(path):
    """(page count, page size) of a PDF; the size is "A4" when within a point of 595 x 842 pts.

    Chromium writes A4 as 595.92 x 842.88 pts (it rounds to its own pixel grid),
    so the comparison allows one point; pdfinfo must name the size A4 as well.
    """
    info = {k.strip(): v.strip() for k, v in pdf_info(path).items()}
    match = re.match(r"([\d.]+) x ([\d.]+) pts", info["Page size"])
    width, height = float(match.group(1)), float(match.group(2))
    is_a4 = abs(width - A4_POINTS[0]) <= 1 and abs(height - A4_POINTS[1]) <= 1 and "(A4)" in info["Page size"]
    return int(info["Pages"]), "A4" if is_a4 else info["Page size"]


def pdf_text(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True).stdout


def pdf_to_png(path, png_stem, dpi=80):
    """Render each page of the PDF to `<png_stem>-<n>.png`; returns the files."""
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), str(path), str(png_stem)], check=True)
    return sorted(Path(png_stem).parent.glob(Path(png_stem).name + "-*.png"))


def print_slip(page, path):
    """Print the page (a printable document) to an A4 PDF at `path`."""
    page.emulate_media(media="print")
    page.pdf(path=str(path), format="A4")
    return path


@pytest.fixture
def private_files(settings, tmp_path):
    """Attachments go to a folder of the test's own (the live server shares this process)."""
    from cases.models.public import private_storage

    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    private_storage._wrapped = empty
    yield settings.PRIVATE_MEDIA_ROOT
    private_storage._wrapped = empty


# Every element showing its own text in the page's main column and footer, with
# its computed font size: the public pages are read by older people on phones.
SMALL_TEXT = """(minimum) => [...document.querySelectorAll('main *, footer *')]
    .filter(e => e.offsetParent !== null && !e.closest('.visually-hidden, .trap')
                 && [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))
    .map(e => [e.tagName + (e.id ? '#' + e.id : '') + ' ' + e.textContent.trim().slice(0, 20),
               parseFloat(getComputedStyle(e).fontSize)])
    .filter(([, size]) => size < minimum)"""
MIN_BODY_PX = 18


def assert_readable(page):
    assert float(page.evaluate("getComputedStyle(document.body).fontSize").rstrip("px")) >= MIN_BODY_PX
    small = page.evaluate(SMALL_TEXT, MIN_BODY_PX)
    assert small == [], f"text under {MIN_BODY_PX} px on {page.url}: {small}"
    assert not page.evaluate("() => document.documentElement.scrollWidth > window.innerWidth + 1"), \
        f"{page.url} is wider than the phone's screen"


def export_and_download(page, path) -> tuple[str, list[tuple]]:
    """Press the page's "导出 Excel", wait on the progress page until the worker is
    done, download the file to `path`: its suggested name and its sheet's rows."""
    import openpyxl

    with page.expect_navigation():
        page.get_by_role("button", name="导出 Excel").click()
    assert "/cases/exports/" in page.url
    link = page.get_by_role("link", name="下载 Excel 文件")
    link.wait_for(state="visible", timeout=30_000)  # the page's script polls until the worker is done
    assert "已生成" in page.locator("#export-text").inner_text()
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    download.save_as(path)
    workbook = openpyxl.load_workbook(path, read_only=True)
    try:
        return download.suggested_filename, list(workbook.worksheets[0].iter_rows(values_only=True))
    finally:
        workbook.close()
