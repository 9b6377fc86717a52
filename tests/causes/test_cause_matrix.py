"""Where matters fail: category × business area × place, over a bounded period, scoped like the lists."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from cases.selectors import causes

PERIOD = {"since": "2026-01", "until": "2026-06"}


@pytest.fixture
def spread(build, county_clerk, outside_clerk, pension):
    """In the period: 2 staff-side cases at the pension window (one recorded there
    by the leader, though the reporter named another place), 1 policy bottleneck
    in medical insurance, 1 unclassified; a county staff-side case; outside the
    period one more; another office's case."""
    medical = pension.office.business_areas.get(name="医疗保险")
    build(category="staff", place="养老保险窗口", staff_window="养老保险窗口")
    build(category="staff", place="大厅", staff_window="养老保险窗口", month=(2026, 2))
    build(category="objective", place="医保窗口", special="bottleneck", business_area=medical)
    build(place="网上服务")
    build(by=county_clerk, category="staff", staff_window="县养老窗口", reporter_name="周县民")
    build(category="staff", staff_window="养老保险窗口", month=(2026, 7))
    build(by=outside_clerk, category="staff", staff_window="外地窗口", reporter_name="欧阳外")


def _matrix(response):
    return response.context["matrix"]


def test_the_matrix_counts_the_period_by_area_category_and_place(login, director, spread):
    response = login(director).get(reverse("cases:causes"), PERIOD)
    assert response.status_code == 200
    matrix = _matrix(response)
    assert matrix["total"] == 5
    cells = {(row["business_area"], row["category"]): dict((c["place"], c["cases"]) for c in row["cells"])
             for row in matrix["rows"]}
    assert cells[("养老保险", "staff")]["养老保险窗口"] == 2  # the leader's record wins over "大厅"
    assert cells[("养老保险", "staff")]["县养老窗口"] == 1
    assert cells[("医疗保险", "objective")]["医保窗口"] == 1
    assert cells[("养老保险", "")]["网上服务"] == 1
    assert matrix["staff_places"] == [["养老保险窗口", 2], ["县养老窗口", 1]]
    assert matrix["bottleneck_areas"] == [["医疗保险", 1]]
    assert "外地窗口" not in response.content.decode()


def test_a_county_director_sees_the_county_only(login, county_director, spread):
    matrix = _matrix(login(county_director).get(reverse("cases:causes"), PERIOD))
    assert matrix["total"] == 1 and matrix["columns"] == ["县养老窗口"]


def test_the_office_filter_narrows_a_city_directors_figures_to_one_office(login, director, county_director, spread):
    county = county_director.office
    matrix = _matrix(login(director).get(reverse("cases:causes"), {**PERIOD, "office": county.pk}))
    assert matrix["total"] == 1


def test_the_discipline_inspector_and_the_party_group_read_the_subtree(login, discipline, spread):
    assert _matrix(login(discipline).get(reverse("cases:causes"), PERIOD))["total"] == 5


@pytest.mark.parametrize("person", ["clerk", "duty_leader", "section_head", "county_clerk"])
@pytest.mark.parametrize("page", ["cases:causes", "cases:repeated", "cases:accountability_records"])
def test_staff_without_oversight_may_not_open_the_root_cause_pages(login, request, person, page):
    assert login(request.getfixturevalue(person)).get(reverse(page)).status_code == 403


@pytest.mark.parametrize("page", ["cases:causes", "cases:repeated", "cases:accountability_records"])
def test_the_root_cause_pages_need_a_login(client, page):
    response = client.get(reverse(page))
    assert response.status_code == 302 and reverse("login") in response["Location"]


@pytest.mark.parametrize("query, field", [
    ({"since": "2026-13"}, "since"),
    ({"since": "2026-06", "until": "2026-01"}, "until"),
    ({"since": "2020-01", "until": "2026-01"}, "until"),  # more than 24 months
    ({"since": "9999-12"}, "since"),
    ({"until": "1999-12"}, "until"),
    ({"office": "999999999999999999999"}, "office"),
])
def test_a_bad_period_is_refused_with_a_clear_error(login, director, query, field):
    response = login(director).get(reverse("cases:causes"), query)
    assert response.status_code == 400
    form = response.context["form"]
    assert form.has_error(field)
    assert escape(form.errors[field][0]) in response.content.decode()


def test_another_offices_office_is_not_a_choice(login, county_director, director):
    response = login(county_director).get(reverse("cases:causes"), {"office": director.office.pk})
    assert response.status_code == 400


def test_the_default_period_is_the_last_twelve_months(login, director, build):
    build(month=(2026, 12))  # the present year of the tests' clock
    response = login(director).get(reverse("cases:causes"))
    since, until = response.context["since"], response.context["until"]
    assert (until.year * 12 + until.month) - (since.year * 12 + since.month) == 11


def test_the_figures_take_the_same_queries_for_one_case_or_many(login, director, build, county_clerk,
                                                                django_assert_max_num_queries):
    build(category="staff", staff_window="养老保险窗口")
    client = login(director)
    with django_assert_max_num_queries(7):
        client.get(reverse("cases:causes"), PERIOD)
    for n in range(6):
        build(category="objective", place=f"窗口{n}", special="bottleneck", by=county_clerk, reporter_name="周县民")
    with django_assert_max_num_queries(7):
        assert client.get(reverse("cases:causes"), PERIOD).status_code == 200


def test_the_matrix_keeps_the_busiest_places_and_puts_the_rest_together():
    rows = [{"business_area": "就业", "category": "", "category_label": "", "place": f"窗口{n}", "cases": n + 1,
             "staff_side": 0, "bottlenecks": 0} for n in range(5)]
    matrix = causes.cause_matrix(rows, places=3)
    assert matrix["columns"] == ["窗口4", "窗口3", "窗口2"] and matrix["other_column"]
    assert matrix["rows"][0]["other"] == 1 + 2 and matrix["rows"][0]["total"] == 15


def test_another_citys_director_sees_none_of_these_figures(login, unrelated_office, spread, account, duty_leader, build):
    from routing import roles
    from tests.conftest import make_staff

    account(build(category="staff"), duty_leader, referred=True)
    client = login(make_staff("zj_director", unrelated_office, roles.PARTY_GROUP))
    assert _matrix(client.get(reverse("cases:causes"), PERIOD))["total"] == 1  # their own office's case only
    repeated = client.get(reverse("cases:repeated"), PERIOD).context
    assert repeated["matters"] == [] and repeated["reporters"] == []
    assert list(client.get(reverse("cases:accountability_records")).context["page"]) == []
