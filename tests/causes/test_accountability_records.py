"""Discipline inspection: accountability records and referrals of the subtree, filtered and paged."""

import pytest
from django.urls import reverse

from cases.selectors import causes
from tests.causes.conftest import in_month


@pytest.fixture
def records(build, account, duty_leader, county_clerk, outside_clerk):
    city_referred = account(build(category="staff", staff_window="养老保险窗口"), duty_leader, referred=True)
    city_kept = account(build(category="staff"), duty_leader, at=in_month(2026, 3))
    county = account(build(by=county_clerk, category="staff", reporter_name="周县民"), county_clerk)
    outside = account(build(by=outside_clerk, category="staff", reporter_name="欧阳外"), outside_clerk)
    return {"city_referred": city_referred, "city_kept": city_kept, "county": county, "outside": outside}


def _numbers(response):
    return {row["number"] for row in response.context["page"]}


def _number(record):
    return record.case.number


def test_the_inspector_reads_the_records_of_the_city_and_its_counties(login, discipline, records):
    response = login(discipline).get(reverse("cases:accountability_records"))
    assert response.status_code == 200
    assert _numbers(response) == {_number(records[k]) for k in ("city_referred", "city_kept", "county")}
    row = next(row for row in response.context["page"] if row["number"] == _number(records["city_referred"]))
    assert row["regular_window"] == "养老保险窗口" and row["referred_to_discipline"]


def test_a_county_director_reads_the_county_only(login, county_director, records):
    assert _numbers(login(county_director).get(reverse("cases:accountability_records"))) == {_number(records["county"])}


@pytest.mark.parametrize("query, expected", [
    ({"kind": "referred"}, {"city_referred"}),
    ({"kind": "not_referred"}, {"city_kept", "county"}),
    ({"since": "2026-06-01"}, {"city_referred", "county"}),
    ({"until": "2026-03-31"}, {"city_kept"}),
])
def test_the_filters_narrow_the_records(login, director, records, query, expected):
    response = login(director).get(reverse("cases:accountability_records"), query)
    assert _numbers(response) == {_number(records[k]) for k in expected}


def test_the_office_filter_names_one_office(login, director, records, county_director):
    response = login(director).get(reverse("cases:accountability_records"), {"office": county_director.office.pk})
    assert _numbers(response) == {_number(records["county"])}


def test_the_export_reads_the_same_rows_as_the_page(discipline, records):
    rows = list(causes.accountability_records(discipline, kind="referred"))
    assert [row["number"] for row in rows] == [_number(records["city_referred"])]
    assert rows[0]["office"] == "丹东市人社局" and rows[0]["recorded_by_last_name"] == "李"


@pytest.mark.parametrize("query, field", [
    ({"kind": "everything"}, "kind"), ({"since": "2026-02-30"}, "since"),
    ({"since": "2026-06-01", "until": "2026-01-01"}, "until"), ({"office": "-1"}, "office"),
])
def test_bad_filters_are_refused_with_a_clear_error(login, director, records, query, field):
    response = login(director).get(reverse("cases:accountability_records"), query)
    assert response.status_code == 400 and response.context["form"].has_error(field)


def test_the_records_are_paged_25_at_a_time_in_flat_queries(login, discipline, build, account, duty_leader,
                                                            django_assert_max_num_queries):
    for _ in range(27):
        account(build(category="staff"), duty_leader)
    client = login(discipline)
    with django_assert_max_num_queries(7):
        first = client.get(reverse("cases:accountability_records"), {"kind": "not_referred"})
    assert len(first.context["page"]) == 25 and first.context["page"].has_next()
    assert 'href="?kind=not_referred&amp;page=2"' in first.content.decode()
    second = client.get(reverse("cases:accountability_records"), {"kind": "not_referred", "page": 2})
    assert len(second.context["page"]) == 2
