"""The register list: only the cases one may read, found by number, name, ID or phone, in few queries."""

import re

import pytest
from django.urls import reverse

from cases.services import case_classify
from tests.conftest import OTHER_VALID_ID, VALID_ID

DESK_QUERY_BOUND = 10  # at most 10 queries for a page of the register, at any size


def _numbers(response):
    return [case.number for case in response.context["page"]]


def test_the_clerk_sees_the_cases_of_their_office(login, city_case, clerk):
    response = login(clerk).get(reverse("cases:desk"))
    assert response.status_code == 200
    assert _numbers(response) == [city_case.number]
    assert response.context["page"].paginator.count == 1


def test_the_clerk_never_sees_another_offices_case_in_the_list(login, city_case, county_case, outside_case, clerk):
    html = login(clerk).get(reverse("cases:desk")).content.decode()
    assert city_case.number in html
    assert county_case.number not in html
    assert outside_case.number not in html
    assert outside_case.reporter_name not in html


@pytest.mark.parametrize("what", ["number", "reporter_name", "id_number", "phone", "lowercase_number"])
def test_searching_for_another_offices_case_finds_nothing(login, city_case, outside_case, outside_clerk, clerk, what):
    term = {
        "number": outside_case.number,
        "lowercase_number": outside_case.number.lower(),
        "reporter_name": outside_case.reporter_name,
        "id_number": OTHER_VALID_ID,
        "phone": "13900001111",
    }[what]
    response = login(clerk).post(reverse("cases:desk"), {"q": term}, follow=True)
    assert response.status_code == 200
    assert _numbers(response) == []
    assert response.context["page"].paginator.count == 0
    # The same search by the office that owns the case does find it, so the search itself works.
    assert _numbers(login(outside_clerk).post(reverse("cases:desk"), {"q": term}, follow=True)) == [outside_case.number]


@pytest.mark.parametrize("term", ["DD-2026-000001", "张三", VALID_ID, "138 1234 5678"])
def test_the_clerk_finds_their_own_case_by_number_name_id_or_phone(login, city_case, clerk, term):
    term = term.replace("DD-2026-000001", city_case.number)
    assert _numbers(login(clerk).post(reverse("cases:desk"), {"q": term}, follow=True)) == [city_case.number]


def test_a_shared_id_number_finds_only_the_own_offices_case(login, register, clerk, outside_clerk):
    own = register(reporter_id_number=OTHER_VALID_ID)
    register(by=outside_clerk, reporter_id_number=OTHER_VALID_ID)
    assert _numbers(login(clerk).post(reverse("cases:desk"), {"q": OTHER_VALID_ID}, follow=True)) == [own.number]


def test_the_director_sees_the_counties_cases_but_not_the_unrelated_office(
        login, city_case, county_case, outside_case, director):
    response = login(director).get(reverse("cases:desk"))
    assert sorted(_numbers(response)) == sorted([city_case.number, county_case.number])
    assert response.context["page"].paginator.count == 2
    assert outside_case.number not in response.content.decode()
    client = login(director)
    assert _numbers(client.post(reverse("cases:desk"), {"q": outside_case.reporter_name}, follow=True)) == []
    assert _numbers(client.post(reverse("cases:desk"), {"q": county_case.reporter_name}, follow=True)) == [county_case.number]


def test_the_director_can_filter_by_one_county(login, city_case, county_case, director):
    response = login(director).get(reverse("cases:desk"), {"office": county_case.office_id})
    assert _numbers(response) == [county_case.number]


def test_the_office_filter_refuses_an_office_the_user_cannot_read(login, city_case, county_case, outside_case,
                                                                  director):
    """An unreadable office in the query string is a form error, never a way in."""
    response = login(director).get(reverse("cases:desk"), {"office": outside_case.office_id})
    assert response.status_code == 200
    assert "office" in response.context["form"].errors
    assert outside_case.number not in response.content.decode()


def test_the_county_director_sees_only_their_county(login, city_case, county_case, county_director):
    assert _numbers(login(county_director).get(reverse("cases:desk"))) == [county_case.number]


def test_someone_of_no_office_sees_an_empty_register(login, city_case, outside_case, outsider):
    response = login(outsider).get(reverse("cases:desk"))
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 0


def test_filters_narrow_the_list(login, register, clerk):
    classified = register(channel="hotline")
    case_classify(case=classified, by=clerk, category="staff")
    register()
    client = login(clerk)
    assert _numbers(client.get(reverse("cases:desk"), {"category": "staff"})) == [classified.number]
    assert _numbers(client.get(reverse("cases:desk"), {"channel": "hotline"})) == [classified.number]
    assert len(_numbers(client.get(reverse("cases:desk"), {"state": "open"}))) == 2
    assert _numbers(client.get(reverse("cases:desk"), {"state": "closed"})) == []


def test_a_reversed_date_range_is_a_form_error_not_a_crash(login, city_case, clerk):
    response = login(clerk).get(reverse("cases:desk"), {"registered_from": "2026-05-01", "registered_to": "2026-04-01"})
    assert response.status_code == 200
    assert "registered_to" in response.context["form"].errors


def test_a_page_number_past_the_end_shows_the_last_page(login, city_case, clerk):
    response = login(clerk).get(reverse("cases:desk"), {"page": "99"})
    assert response.status_code == 200
    assert _numbers(response) == [city_case.number]


def test_the_list_is_paginated_and_the_filters_survive_paging(login, register, clerk):
    for n in range(30):
        register(reporter_name=f"排队{n}")
    client = login(clerk)
    first = client.post(reverse("cases:desk"), {"q": "排队", "state": "open"}, follow=True)
    assert len(_numbers(first)) == 25
    token = first.request["QUERY_STRING"].split("search=")[1].split("&")[0]
    # The next page's link carries the search's token and the other filters, never the query.
    next_link = re.search(r'href="\?([^"]*)" rel="next"', first.content.decode()).group(1).replace("&amp;", "&")
    assert sorted(next_link.split("&")) == sorted([f"search={token}", "state=open", "page=2"])
    second = client.get(reverse("cases:desk") + "?" + next_link)
    assert len(_numbers(second)) == 5
    assert not set(_numbers(first)) & set(_numbers(second))


@pytest.mark.parametrize("how_many", [5, 30])
def test_the_clerks_list_takes_a_fixed_number_of_queries(login, register, clerk, how_many,
                                                         django_assert_max_num_queries):
    for n in range(how_many):
        register(reporter_name=f"群众{n}", on_behalf=True, subject_name=f"老人{n}")
    client = login(clerk)
    with django_assert_max_num_queries(DESK_QUERY_BOUND):
        response = client.get(reverse("cases:desk"))
    assert len(_numbers(response)) == min(how_many, 25)


@pytest.mark.parametrize("how_many", [5, 30])
def test_the_directors_list_takes_a_fixed_number_of_queries(login, register, county_clerk, director, how_many,
                                                            django_assert_max_num_queries):
    for n in range(how_many):
        register(by=county_clerk, reporter_name=f"县民{n}")
    client = login(director)
    with django_assert_max_num_queries(DESK_QUERY_BOUND):
        response = client.get(reverse("cases:desk"))
    assert len(_numbers(response)) == min(how_many, 25)


def test_the_list_filters_by_business_area_of_the_clerks_office(login, register, clerk, pension):
    other_area = clerk.office.business_areas.get(name="就业")
    pension_case = register()
    other_case = register(business_area=other_area)
    client = login(clerk)
    response = client.get(reverse("cases:desk"), {"business_area": pension.pk})
    assert _numbers(response) == [pension_case.number]
    html = response.content.decode()
    assert f'<option value="{pension.pk}" selected>养老保险</option>' in html
    assert _numbers(client.get(reverse("cases:desk"), {"business_area": other_area.pk})) == [other_case.number]


def test_another_offices_business_area_is_refused_next_to_the_field(login, city_case, outside_case, clerk):
    foreign = outside_case.business_area
    response = login(clerk).get(reverse("cases:desk"), {"business_area": foreign.pk})
    form = response.context["form"]
    assert "business_area" in form.errors
    assert f'value="{foreign.pk}"' not in response.content.decode()
    assert outside_case.number not in response.content.decode()


def test_an_overseer_picks_business_areas_by_office(login, city_case, county_case, director, city, county):
    html = login(director).get(reverse("cases:desk")).content.decode()
    assert f"{city.name} · 养老保险" in html and f"{county.name} · 养老保险" in html
