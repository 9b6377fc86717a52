"""Staff logins resist password guessing (django-axes): per user name, per address, audited."""

import datetime
import logging

import pytest
import time_machine
from axes.models import AccessAttempt, AccessFailureLog
from django.contrib.admin.models import LogEntry
from django.test import RequestFactory, override_settings
from django.urls import reverse

from routing import roles
from routing.lockouts import client_ip
from tests.conftest import make_staff

LIMIT = 5
LOCKED_MESSAGE = "登录失败次数过多"


def attempt(client, username, password, address="10.0.0.1", url=None):
    return client.post(url or reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def is_logged_in(client):
    return "_auth_user_id" in client.session


def test_after_five_wrong_passwords_the_right_one_is_refused_with_a_message(client, clerk):
    for _ in range(LIMIT):
        attempt(client, "clerk", "wrong")
    response = attempt(client, "clerk", "pw-clerk")
    assert response.status_code == 429
    page = response.content.decode()
    assert LOCKED_MESSAGE in page and "15 分钟" in page
    assert not is_logged_in(client)


def test_a_user_name_is_locked_out_whichever_address_the_guesses_come_from(client, clerk):
    for n in range(LIMIT):
        attempt(client, "clerk", "wrong", address=f"10.0.1.{n}")
    response = attempt(client, "clerk", "pw-clerk", address="10.0.2.1")
    assert response.status_code == 429 and not is_logged_in(client)


def test_an_address_trying_many_user_names_is_locked_out(client, clerk):
    for n in range(LIMIT):
        attempt(client, f"guess{n}", "wrong", address="10.0.3.1")
    locked = attempt(client, "clerk", "pw-clerk", address="10.0.3.1")
    assert locked.status_code == 429 and LOCKED_MESSAGE in locked.content.decode()
    assert not is_logged_in(client)
    # The clerk's own name was never guessed: from their usual address they get in.
    assert attempt(client, "clerk", "pw-clerk", address="10.0.3.2").status_code == 302
    assert is_logged_in(client)


def test_a_few_typos_do_not_lock_anyone_out(client, clerk):
    for _ in range(LIMIT - 1):
        attempt(client, "clerk", "wrong")
    assert attempt(client, "clerk", "pw-clerk").status_code == 302


def test_the_admin_login_is_locked_out_the_same_way(client, city):
    make_staff("city_admin", city, roles.ADMINISTRATOR, is_staff=True)
    url = reverse("admin:login")
    for _ in range(LIMIT - 1):
        assert attempt(client, "city_admin", "wrong", url=url).status_code == 400  # refused, the page again
    assert attempt(client, "city_admin", "wrong", url=url).status_code == 429
    response = attempt(client, "city_admin", "pw-city_admin", url=url)
    assert response.status_code == 429 and LOCKED_MESSAGE in response.content.decode()
    assert not is_logged_in(client)


def test_the_lockout_ends_after_the_cool_off(client, clerk):
    start = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False) as traveller:
        for _ in range(LIMIT):
            locked = attempt(client, "clerk", "wrong")
        assert locked.status_code == 429
        traveller.shift(datetime.timedelta(minutes=16))
        assert attempt(client, "clerk", "pw-clerk").status_code == 302
        assert is_logged_in(client)  # inside: the session expires in two weeks of travelled time


def test_every_failure_leaves_an_audit_row_and_a_log_line_without_the_password(client, clerk, caplog):
    with caplog.at_level(logging.WARNING, logger="windowdesk.login"):
        for _ in range(3):
            attempt(client, "clerk", "secret-guess")
    rows = AccessFailureLog.objects.filter(username="clerk")
    assert rows.count() == 3 and not rows.filter(locked_out=True).exists()
    lines = [r.getMessage() for r in caplog.records if r.name == "windowdesk.login"]
    assert len(lines) == 3 and all("'clerk'" in line and "10.0.0.1" in line for line in lines)
    assert "secret-guess" not in caplog.text


def test_a_lockout_is_recorded_as_such(client, clerk, caplog):
    with caplog.at_level(logging.WARNING, logger="windowdesk.login"):
        for _ in range(LIMIT):
            attempt(client, "clerk", "wrong")
    assert AccessFailureLog.objects.filter(username="clerk", locked_out=True).exists()
    assert AccessAttempt.objects.get(username="clerk").failures_since_start == LIMIT
    assert "locked out" in caplog.text


@pytest.fixture
def county_admin(county):
    return make_staff("county_admin", county, roles.ADMINISTRATOR, is_staff=True)


def lock_out(client, username):
    for _ in range(LIMIT):
        attempt(client, username, "wrong", address="10.9.9.9")


def test_an_office_administrator_lists_only_their_own_offices_lockouts(client, clerk, county_clerk, county_admin):
    lock_out(client, "clerk")
    lock_out(client, "county_clerk")
    lock_out(client, "nobody")
    client.force_login(county_admin)
    response = client.get(reverse("admin:axes_accessattempt_changelist"))
    assert response.status_code == 200
    assert {a.username for a in response.context["cl"].queryset} == {"county_clerk"}
    failures = client.get(reverse("admin:axes_accessfailurelog_changelist"))
    assert {f.username for f in failures.context["cl"].queryset} == {"county_clerk"}


def test_an_office_administrator_unlocks_their_staff_member_with_an_audit_entry(client, county_clerk, county_admin):
    lock_out(client, "county_clerk")
    assert attempt(client, "county_clerk", "pw-county_clerk", address="10.0.5.1").status_code == 429
    client.force_login(county_admin)
    ids = list(AccessAttempt.objects.values_list("pk", flat=True))
    response = client.post(reverse("admin:axes_accessattempt_changelist"),
                           {"action": "unlock", "_selected_action": ids})
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username="county_clerk").exists()
    entry = LogEntry.objects.get(user=county_admin)
    assert entry.object_id == str(county_clerk.pk)
    client.logout()
    assert attempt(client, "county_clerk", "pw-county_clerk", address="10.0.5.2").status_code == 302


def test_an_office_administrator_cannot_unlock_another_offices_staff(client, clerk, county_admin):
    lock_out(client, "clerk")
    client.force_login(county_admin)
    ids = list(AccessAttempt.objects.values_list("pk", flat=True))
    client.post(reverse("admin:axes_accessattempt_changelist"), {"action": "unlock", "_selected_action": ids})
    assert AccessAttempt.objects.filter(username="clerk").exists()
    assert not LogEntry.objects.exists()


def test_a_superuser_sees_every_lockout(client, clerk, county_clerk, db):
    from routing.models import User

    lock_out(client, "clerk")
    lock_out(client, "nobody")
    root = User.objects.create_superuser("root", password="pw-root")
    client.force_login(root)
    response = client.get(reverse("admin:axes_accessattempt_changelist"))
    assert {a.username for a in response.context["cl"].queryset} == {"clerk", "nobody"}


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_the_proxy_the_address_is_the_one_the_proxy_appended():
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7", REMOTE_ADDR="172.18.0.2")
    assert client_ip(request) == "203.0.113.7"


@override_settings(TRUSTED_PROXY_COUNT=0)
def test_without_a_proxy_a_forwarded_for_header_is_ignored():
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR="1.2.3.4", REMOTE_ADDR="192.0.2.9")
    assert client_ip(request) == "192.0.2.9"


def test_the_admin_login_answers_a_wrong_password_with_400_and_its_own_page(client, city):
    make_staff("city_admin", city, roles.ADMINISTRATOR, is_staff=True)
    response = attempt(client, "city_admin", "wrong", url=reverse("admin:login"))
    assert response.status_code == 400
    assert 'id="login-form"' in response.content.decode()  # the admin's own form, not the staff login
    assert attempt(client, "city_admin", "pw-city_admin", url=reverse("admin:login")).status_code == 302
