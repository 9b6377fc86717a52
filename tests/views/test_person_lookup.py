"""Typing an ID number at intake shows that person's other cases, in the own office only."""

import pytest
from django.urls import reverse

from tests.conftest import OTHER_VALID_ID, VALID_ID


@pytest.fixture
def same_person_everywhere(register, county_clerk, outside_clerk):
    """The same person has a case in the city, in a county and in the unrelated office."""
    return {
        "city": register(),
        "county": register(by=county_clerk, reporter_id_number=VALID_ID),
        "outside": register(by=outside_clerk, reporter_id_number=VALID_ID),
    }


def test_the_lookup_shows_the_clerks_own_office_cases_only(login, clerk, same_person_everywhere):
    response = login(clerk).post(reverse("cases:person_lookup"), {"id": VALID_ID})
    html = response.content.decode()
    assert response.status_code == 200
    assert same_person_everywhere["city"].number in html
    assert same_person_everywhere["county"].number not in html
    assert same_person_everywhere["outside"].number not in html


def test_the_lookup_finds_a_person_registered_as_the_subject(login, register, clerk):
    case = register(reporter_id_number="", on_behalf=True, subject_name="张老伯", subject_id_number=OTHER_VALID_ID)
    html = login(clerk).post(reverse("cases:person_lookup"), {"id": OTHER_VALID_ID.lower()}).content.decode()
    assert case.number in html


def test_the_director_looks_up_in_their_own_office_only(login, director, same_person_everywhere):
    html = login(director).post(reverse("cases:person_lookup"), {"id": VALID_ID}).content.decode()
    assert same_person_everywhere["city"].number in html
    assert same_person_everywhere["county"].number not in html


@pytest.mark.parametrize("person", ["outside_clerk", "county_clerk"])
def test_another_offices_clerk_sees_only_their_own_case(login, request, person, same_person_everywhere):
    client = login(request.getfixturevalue(person))
    html = client.post(reverse("cases:person_lookup"), {"id": VALID_ID}).content.decode()
    assert same_person_everywhere["city"].number not in html


def test_someone_of_no_office_gets_an_empty_answer(login, outsider, same_person_everywhere):
    response = login(outsider).post(reverse("cases:person_lookup"), {"id": VALID_ID})
    assert response.status_code == 200
    assert response.content.decode().strip() == ""


@pytest.mark.parametrize("typed", ["", "1101051949", "not an id", "11010519491231002X" + "9" * 1000])
def test_a_partial_or_odd_id_gives_an_empty_answer(login, clerk, same_person_everywhere, typed):
    response = login(clerk).post(reverse("cases:person_lookup"), {"id": typed})
    assert response.status_code == 200
    assert response.content.decode().strip() == ""


def test_the_lookup_never_shows_the_full_id(login, clerk, same_person_everywhere):
    html = login(clerk).post(reverse("cases:person_lookup"), {"id": VALID_ID}).content.decode()
    assert VALID_ID not in html


def test_the_lookup_by_get_is_405(login, clerk):
    assert login(clerk).get(reverse("cases:person_lookup"), {"id": VALID_ID}).status_code == 405


def test_the_intake_page_shows_the_same_persons_cases_when_the_form_comes_back(login, clerk, pension,
                                                                                same_person_everywhere):
    response = login(clerk).post(reverse("cases:register"), {"reporter_id_number": VALID_ID, "channel": "window"})
    numbers = [case.number for case in response.context["same_person"]]
    assert numbers == [same_person_everywhere["city"].number]
