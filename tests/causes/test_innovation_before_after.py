"""An innovation's success is the fall in the cases it covers, month by month around its date."""

import datetime

import pytest
from django.urls import reverse

from cases.models import InstitutionalInnovation
from cases.services import CaseActionError, innovation_create


@pytest.fixture
def rule(director, pension):
    """Adopted in May 2026 for pension cases of objective cause, in the city and below."""
    return InstitutionalInnovation.objects.create(
        office=director.office, title="异地转移一次办", rule_text="外省数据未传时由窗口代为联系",
        adopted_on=datetime.date(2026, 5, 20), created_by=director, business_area=pension, category="objective")


def _rows(response):
    return {row["month"].strftime("%Y-%m"): row for row in response.context["before_after"]["rows"]}


def test_covered_cases_are_counted_month_by_month_around_the_date(login, director, rule, build, county_clerk,
                                                                  time_machine):
    time_machine.move_to(datetime.datetime(2026, 12, 4, 10, 0, tzinfo=datetime.UTC))  # August is over
    for month in [(2026, 2), (2026, 2), (2026, 4), (2026, 5), (2026, 6)]:
        build(category="objective", month=month)
    build(by=county_clerk, category="objective", month=(2026, 3), reporter_name="周县民")  # same area's name below
    build(category="staff", month=(2026, 4))  # another category
    build(category="objective", month=(2026, 4), business_area=director.office.business_areas.get(name="就业"))
    build(category="objective", month=(2025, 10))  # before the window shown
    response = login(director).get(reverse("cases:innovation", args=[rule.pk]), {"months": 3})
    assert response.status_code == 200
    rows = _rows(response)
    assert list(rows) == ["2026-02", "2026-03", "2026-04", "2026-05", "2026-06", "2026-07", "2026-08"]
    assert [rows[m]["cases"] for m in rows] == [2, 1, 1, 1, 1, 0, 0]
    assert rows["2026-05"]["side"] == "adoption" and rows["2026-02"]["side"] == "before"
    figures = response.context["before_after"]
    assert figures["before_average"] == round(4 / 3, 1) and figures["after_average"] == round(1 / 3, 1)


def test_a_county_director_counts_only_the_county_and_only_below_the_rules_office(
        login, county_director, director, build, county_clerk, pension):
    county_rule = InstitutionalInnovation.objects.create(
        office=county_director.office, title="县规则", rule_text="条文", adopted_on=datetime.date(2026, 5, 1),
        created_by=county_director, business_area=county_director.office.business_areas.get(name="养老保险"))
    build(month=(2026, 4))  # the city's: above the county's rule
    build(by=county_clerk, month=(2026, 4), reporter_name="周县民")
    for person in (county_director, director):
        rows = _rows(login(person).get(reverse("cases:innovation", args=[county_rule.pk])))
        assert rows["2026-04"]["cases"] == 1


def test_a_rule_naming_nothing_counts_the_cases_linked_to_it(login, director, build):
    rule = InstitutionalInnovation.objects.create(office=director.office, title="旧规则", rule_text="条文",
                                                  adopted_on=datetime.date(2026, 5, 1), created_by=director)
    build(category="objective", special="bottleneck", innovation=rule, month=(2026, 3))
    build(category="objective", special="bottleneck", month=(2026, 3))
    assert _rows(login(director).get(reverse("cases:innovation", args=[rule.pk])))["2026-03"]["cases"] == 1


@pytest.mark.parametrize("months", ["0", "25", "abc", "-3"])
def test_a_bad_number_of_months_is_refused_and_the_page_still_draws(login, director, rule, months):
    response = login(director).get(reverse("cases:innovation", args=[rule.pk]), {"months": months})
    assert response.status_code == 400 and response.context["form"].has_error("months")
    assert len(response.context["before_after"]["rows"]) == 13


def test_the_innovation_page_takes_the_same_queries_for_few_or_many(login, director, rule, build,
                                                                     django_assert_max_num_queries):
    client = login(director)
    with django_assert_max_num_queries(8):
        client.get(reverse("cases:innovation", args=[rule.pk]))
    for month in range(1, 9):
        build(category="objective", month=(2026, month))
    with django_assert_max_num_queries(8):
        client.get(reverse("cases:innovation", args=[rule.pk]))


def test_recording_a_rule_names_what_it_covers(login, director, pension):
    response = login(director).post(reverse("cases:innovations"), {
        "title": "诊所证明一次办", "rule_text": "条文", "adopted_on": "2026-05-01",
        "business_area": pension.pk, "category": "objective"})
    assert response.status_code == 302
    rule = InstitutionalInnovation.objects.get(title="诊所证明一次办")
    assert (rule.business_area, rule.category) == (pension, "objective")


def test_a_rule_cannot_name_another_offices_business_area(director, county_director):
    with pytest.raises(CaseActionError):
        innovation_create(office=director.office, by=director, title="规则", rule_text="条文",
                          adopted_on=datetime.date(2026, 5, 1),
                          business_area=county_director.office.business_areas.first())


def test_the_form_offers_only_the_offices_own_business_areas(login, director, county_director):
    response = login(director).post(reverse("cases:innovations"), {
        "title": "规则", "rule_text": "条文", "adopted_on": "2026-05-01",
        "business_area": county_director.office.business_areas.first().pk})
    assert response.status_code == 400 and response.context["form"].has_error("business_area")


def test_months_not_over_yet_do_not_count_in_the_after_average(login, director, rule, build, time_machine):
    time_machine.move_to(datetime.datetime(2026, 6, 10, 2, 0, tzinfo=datetime.UTC))
    build(category="objective", month=(2026, 6), day=5)
    response = login(director).get(reverse("cases:innovation", args=[rule.pk]), {"months": 2})
    rows = _rows(response)
    assert not rows["2026-06"]["complete"] and not rows["2026-07"]["complete"] and rows["2026-04"]["complete"]
    assert response.context["before_after"]["after_average"] is None


def test_the_before_and_after_months_are_drawn_in_two_colours_with_their_table(login, director, rule, build,
                                                                            time_machine):
    time_machine.move_to(datetime.datetime(2026, 12, 4, 10, 0, tzinfo=datetime.UTC))
    for month in [(2026, 4), (2026, 4), (2026, 5), (2026, 6)]:
        build(category="objective", month=month)
    response = login(director).get(reverse("cases:innovation", args=[rule.pk]), {"months": 2})
    chart = response.context["chart"]
    assert chart.labels == ["2026-03", "2026-04", "2026-05", "2026-06", "2026-07"]
    before, adoption, after = chart.series
    assert (before.name, adoption.name, after.name) == ("实施前", "实施当月", "实施后")
    assert before.data == [0, 2, 0, 0, 0] and adoption.data == [0, 0, 1, 0, 0] and after.data == [0, 0, 0, 1, 0]
    assert before.color != after.color
    html = response.content.decode()
    assert 'data-chart="before-after-chart-data"' in html
    assert '<th scope="row">2026-04</th><td class="text-end">2</td><td class="text-end">0</td><td class="text-end">0</td>' in html
