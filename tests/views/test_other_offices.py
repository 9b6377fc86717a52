"""Staff of another office, and people of no office, learn nothing about a case: 404 everywhere."""

import pytest
from django.urls import reverse

from routing import roles
from tests.conftest import make_staff

from .states import ACTIONS, PAGES, register_state

STRANGERS = ["outside_clerk", "county_clerk", "outsider"]


@pytest.mark.parametrize("stranger", STRANGERS)
@pytest.mark.parametrize("page, prepare", PAGES, ids=[name for name, _prepare in PAGES])
def test_a_stranger_gets_404_for_a_city_case_page(login, request, city_case, clerk, stranger, page, prepare):
    prepare(city_case, clerk)
    client = login(request.getfixturevalue(stranger))
    response = client.get(reverse(f"cases:{page}", args=[city_case.number]))
    assert response.status_code == 404
    assert city_case.reporter_name not in response.content.decode()


@pytest.mark.parametrize("stranger", STRANGERS)
@pytest.mark.parametrize("action", ACTIONS, ids=str)
def test_a_stranger_gets_404_for_an_action_on_a_city_case_and_nothing_changes(
        login, request, city_case, clerk, stranger, action):
    action.prepare(city_case, clerk)
    before = register_state(city_case)
    client = login(request.getfixturevalue(stranger))
    response = client.post(reverse(f"cases:{action.name}", args=[city_case.number]), action.payload)
    assert response.status_code == 404
    assert register_state(city_case) == before


@pytest.mark.parametrize("stranger", ["clerk", "duty_leader", "county_clerk", "outsider"])
def test_a_stranger_gets_404_for_a_case_of_the_unrelated_office(login, request, outside_case, stranger):
    client = login(request.getfixturevalue(stranger))
    assert client.get(reverse("cases:detail", args=[outside_case.number])).status_code == 404
    assert client.get(reverse("cases:slip", args=[outside_case.number])).status_code == 404


def test_a_guessed_case_number_that_does_not_exist_is_404_too(login, clerk):
    response = login(clerk).get(reverse("cases:detail", args=["DD-2026-999999"]))
    assert response.status_code == 404


def test_a_county_clerk_gets_404_for_a_sister_county_case(login, register, county_clerk, other_county):
    sister_clerk = make_staff("sister_clerk", other_county, roles.CLERK)
    sister_case = register(by=sister_clerk)
    client = login(county_clerk)
    assert client.get(reverse("cases:detail", args=[sister_case.number])).status_code == 404
