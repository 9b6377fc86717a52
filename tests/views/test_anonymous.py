"""Nobody reaches the register without logging in; the health check and login page are open."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from cases.models import AuditEvent, InstitutionalInnovation

from .states import ACTIONS, PAGES

GET_PAGES = ["cases:desk", "cases:register", "cases:innovations"]
POST_ONLY = ["cases:person_lookup"]


def _assert_sent_to_login(response, url):
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={url}"


@pytest.mark.parametrize("name", GET_PAGES + POST_ONLY)
@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_visitor_is_sent_to_login_from_the_desk_pages(client, db, name, method):
    url = reverse(name)
    _assert_sent_to_login(getattr(client, method)(url), url)


@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_visitor_is_sent_to_login_from_an_innovation(client, clerk, duty_leader, method):
    innovation = InstitutionalInnovation.objects.create(
        office=clerk.office, title="新规", rule_text="条文", adopted_on="2026-01-05", created_by=duty_leader)
    url = reverse("cases:innovation", args=[innovation.pk])
    _assert_sent_to_login(getattr(client, method)(url), url)


@pytest.mark.parametrize("page", [name for name, _prepare in PAGES])
def test_anonymous_visitor_is_sent_to_login_from_a_case_page(client, city_case, page):
    url = reverse(f"cases:{page}", args=[city_case.number])
    _assert_sent_to_login(client.get(url), url)


@pytest.mark.parametrize("action", ACTIONS, ids=str)
def test_anonymous_visitor_cannot_act_on_a_case(client, city_case, clerk, action):
    action.prepare(city_case, clerk)
    before = AuditEvent.objects.count()
    url = reverse(f"cases:{action.name}", args=[city_case.number])
    _assert_sent_to_login(client.post(url, action.payload), url)
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize("action", ACTIONS, ids=str)
def test_anonymous_get_on_an_action_is_sent_to_login_too(client, city_case, action):
    url = reverse(f"cases:{action.name}", args=[city_case.number])
    _assert_sent_to_login(client.get(url), url)


def test_the_staff_start_page_sends_a_stranger_to_login(client, db):
    _assert_sent_to_login(client.get(reverse("home")), reverse("home"))


def test_health_check_answers_without_login(client, db, django_assert_max_num_queries):
    with django_assert_max_num_queries(0):
        response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.content == b"ok"
    assert "no-cache" in response["Cache-Control"]


def test_login_page_is_open_to_anonymous_visitors(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert 'name="username"' in response.content.decode()


def test_login_with_the_right_password_goes_to_the_start_page(client, clerk):
    response = client.post(reverse("login"), {"username": "clerk", "password": "pw-clerk"})
    assert response.status_code == 302
    assert response.url == reverse("home")  # which sends each role to its own work (tests/views/test_landing.py)
    assert client.session[SESSION_KEY] == str(clerk.pk)


def test_login_with_a_wrong_password_stays_on_the_login_page(client, clerk):
    response = client.post(reverse("login"), {"username": "clerk", "password": "wrong"})
    assert response.status_code == 400  # refused, with the form again
    assert response.context["form"].errors
    assert SESSION_KEY not in client.session
