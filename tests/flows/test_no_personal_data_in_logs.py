"""A clerk's day over real HTTP leaves no ID number or phone in any log line or requested URL.

The web server's access log writes every request line (the compose file runs
gunicorn with `--access-logfile -`); here the live server's request handler
is made to log each request line as Django's development server does, every
log record of every logger is kept, and every URL the client asks for,
redirects included, is written down. None may hold the person's ID number or
phone, in any spelling the clerk might type.
"""

import logging
import re
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

import pytest
from django.core.servers.basehttp import WSGIRequestHandler
from django.test.testcases import QuietWSGIRequestHandler

from cases.models import Case
from tests.conftest import VALID_ID

FULL_WIDTH = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")
PHONE = "13987654321"
FULL_WIDTH_ID = VALID_ID.translate(FULL_WIDTH)
FULL_WIDTH_PHONE = PHONE.translate(FULL_WIDTH)
SPACED_PHONE = "139 8765 4321"


def _forms_of_the_identifiers() -> set[str]:
    """Every spelling that would betray the identifiers: as typed, lower case, full-width, URL-encoded."""
    spellings = {VALID_ID, VALID_ID.lower(), FULL_WIDTH_ID, PHONE, FULL_WIDTH_PHONE, SPACED_PHONE}
    encoded = {urllib.parse.quote(s) for s in spellings} | {urllib.parse.quote_plus(s) for s in spellings}
    return spellings | encoded | {s.lower() for s in encoded}


class Everything(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.lines = []

    def emit(self, record):
        self.lines.append(f"{record.name}: {record.getMessage()} {record.args!r}")


@pytest.fixture
def captured_logs(monkeypatch):
    """Every log record, the live server's request lines among them."""
    # Django's test server keeps quiet about requests that succeed; gunicorn logs them all.
    monkeypatch.setattr(QuietWSGIRequestHandler, "log_message", WSGIRequestHandler.log_message)
    handler = Everything()
    loggers = [logging.getLogger(name) for name in ("", "django", "django.server", "django.request", "axes")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG)
    yield handler.lines
    for logger, level in zip(loggers, levels):
        logger.removeHandler(handler)
        logger.setLevel(level)


class Browser:
    """Cookies, CSRF tokens and redirects over real HTTP; every URL asked for is kept."""

    def __init__(self, base: str):
        self.base = base
        self.urls = []
        visited = self.urls

        class Following(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, req, fp, code, msg, headers, newurl):
                visited.append(newurl)
                return super().redirect_request(req, fp, code, msg, headers, newurl)

        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()), Following)

    def get(self, path: str) -> tuple[str, str]:
        return self._open(urllib.request.Request(self.base + path))

    def post(self, path: str, fields: dict, *, token_from: str) -> tuple[str, str]:
        fields = {"csrfmiddlewaretoken": re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', token_from).group(1),
                  **fields}
        return self._open(urllib.request.Request(self.base + path, data=urllib.parse.urlencode(fields).encode()))

    def _open(self, request) -> tuple[str, str]:
        self.urls.append(request.full_url)
        with self.opener.open(request) as response:
            return response.geturl(), response.read().decode()


def test_a_clerks_searches_and_intake_leave_no_identifier_in_logs_or_urls(transactional_db, live_server, clerk,
                                                                         pension, captured_logs):
    browser = Browser(live_server.url)
    _, login_page = browser.get("/accounts/login/")
    url, _ = browser.post("/accounts/login/", {"username": clerk.username, "password": "pw-" + clerk.username},
                          token_from=login_page)
    assert url.endswith("/cases/new/")  # a clerk lands on the intake form

    # Intake, typed in full-width: the same-person lookup, then the registration.
    _, intake_page = browser.get("/cases/new/")
    browser.post("/cases/person-lookup/", {"id": FULL_WIDTH_ID}, token_from=intake_page)
    url, case_page = browser.post("/cases/new/", {
        "channel": "window", "reporter_name": "刘大爷", "reporter_phone": FULL_WIDTH_PHONE,
        "reporter_id_number": FULL_WIDTH_ID, "business_area": str(pension.pk), "matter": "咨询养老金领取资格认证",
        "failed_at": "养老保险窗口", "failure_reason": "窗口排队时间长"}, token_from=intake_page)
    number = Case.objects.get().number
    assert url.endswith(f"/cases/{number}/")

    # Searches by ID and phone, in every spelling, then the next page and the language switch.
    _, desk = browser.get("/cases/")
    for term in (VALID_ID, VALID_ID.lower(), FULL_WIDTH_ID, PHONE, SPACED_PHONE, FULL_WIDTH_PHONE):
        url, found = browser.post("/cases/", {"q": term, "state": "open"}, token_from=desk)
        assert "search=" in url and number in found, term
    browser.get(urllib.parse.urlsplit(url).path + "?" + urllib.parse.urlsplit(url).query + "&page=1")
    language_next = re.search(r'<input name="next" type="hidden" value="([^"]*)"', found).group(1)
    url, _ = browser.post("/i18n/setlang/", {"language": "en", "next": language_next.replace("&amp;", "&")},
                          token_from=found)
    assert "search=" in url
    browser.get(f"/cases/{number}/")

    assert any(f"/cases/{number}/" in line for line in captured_logs), "the request lines were not captured"
    leaks = [(spelling, where) for spelling in _forms_of_the_identifiers()
             for where in captured_logs + browser.urls if spelling in where]
    assert leaks == []
