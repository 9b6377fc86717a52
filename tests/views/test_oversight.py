"""The city's director reads the county bureaus' cases but changes none; it does not work upwards."""

import pytest
from django.urls import reverse

from cases.models import AuditEvent

from .states import ACTIONS, PAGES, register_state

CHANGING_ACTIONS = [action for action in ACTIONS if action.name != "reveal"]


@pytest.mark.parametrize("overseer", ["director", "discipline"])
@pytest.mark.parametrize("page, prepare", PAGES, ids=[name for name, _prepare in PAGES])
def test_a_city_overseer_can_read_every_page_of_a_county_case(login, request, county_case, county_clerk,
                                                             overseer, page, prepare):
    prepare(county_case, county_clerk)
    response = login(request.getfixturevalue(overseer)).get(reverse(f"cases:{page}", args=[county_case.number]))
    assert response.status_code == 200
    assert county_case.number in response.content.decode()
    if "case" in (response.context or {}):
        assert response.context["case"].office == county_case.office  # the county's, not the overseer's own
        assert county_case.office.name in response.content.decode()


def test_the_director_sees_no_action_form_on_a_county_case(login, county_case, director):
    response = login(director).get(reverse("cases:detail", args=[county_case.number]))
    html = response.content.decode()
    assert response.context["can_act"] is False
    assert reverse("cases:classify", args=[county_case.number]) not in html
    assert reverse("cases:resolve", args=[county_case.number]) not in html


@pytest.mark.parametrize("action", CHANGING_ACTIONS, ids=str)
def test_the_director_gets_403_for_an_action_on_a_county_case_and_nothing_changes(
        login, county_case, county_clerk, director, action):
    action.prepare(county_case, county_clerk)
    before = register_state(county_case)
    response = login(director).post(reverse(f"cases:{action.name}", args=[county_case.number]), action.payload)
    assert response.status_code == 403
    assert register_state(county_case) == before


def test_revealing_a_county_case_counts_as_reading_and_is_logged_in_the_county(login, county_case, director):
    """Oversight may see the full identifiers below it, like any reader with the permission, never unlogged."""
    response = login(director).post(reverse("cases:reveal", args=[county_case.number]))
    assert response.status_code == 200
    event = AuditEvent.objects.get(case=county_case, action="case.personal_data_revealed")
    assert event.actor == director
    assert event.office_id == county_case.office_id


@pytest.mark.parametrize("page, prepare", PAGES, ids=[name for name, _prepare in PAGES])
def test_a_county_director_gets_404_for_a_city_case_page(login, city_case, clerk, county_director, page, prepare):
    prepare(city_case, clerk)
    response = login(county_director).get(reverse(f"cases:{page}", args=[city_case.number]))
    assert response.status_code == 404


@pytest.mark.parametrize("action", ACTIONS, ids=str)
def test_a_county_director_gets_404_for_an_action_on_a_city_case(login, city_case, clerk, county_director, action):
    action.prepare(city_case, clerk)
    before = register_state(city_case)
    response = login(county_director).post(reverse(f"cases:{action.name}", args=[city_case.number]), action.payload)
    assert response.status_code == 404
    assert register_state(city_case) == before


def test_the_city_director_gets_404_for_the_unrelated_office(login, outside_case, director):
    client = login(director)
    assert client.get(reverse("cases:detail", args=[outside_case.number])).status_code == 404
    assert client.post(reverse("cases:reveal", args=[outside_case.number])).status_code == 404
    assert not AuditEvent.objects.filter(action="case.personal_data_revealed").exists()
