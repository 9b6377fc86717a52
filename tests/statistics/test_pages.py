"""The statistics page and the monthly ranking: who sees which offices, the
month asked for, refused months, the query budget, and the Chinese labels."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases.models import COUNTERS, DailyFigure
from cases.services.figures import figures_recompute
from routing import roles
from routing.models import Department
from tests.conftest import make_staff


def figure(office, day, department=None, **counts):
    return DailyFigure.objects.create(office=office, department=department, day=day, computed_at=timezone.now(),
                                      close_hours=counts.pop("close_hours", []), **counts)


@pytest.fixture
def stats(client):
    def _get(user, name="cases:statistics", **query):
        client.force_login(user)
        return client.get(reverse(name), query)
    return _get


def offices_shown(response):
    return [row.office for row in response.context["figures"].offices]


def test_a_city_director_sees_the_city_and_the_counties_below_a_county_director_only_the_county(
        stats, city, county, unrelated_office, director, county_director):
    today = timezone.localdate()
    for office in (city, county, unrelated_office):
        figure(office, today, registered=2)
    assert offices_shown(stats(director)) == [city.name, county.name]
    assert stats(director).context["figures"].total.registered == 4
    assert offices_shown(stats(county_director)) == [county.name]
    assert stats(county_director).context["figures"].total.registered == 2


def test_discipline_inspection_reads_the_subtree_too_and_another_office_reads_nothing_of_it(
        stats, city, county, unrelated_office, discipline):
    today = timezone.localdate()
    figure(city, today, registered=1)
    figure(county, today, registered=1)
    assert offices_shown(stats(discipline)) == [city.name, county.name]
    outside_director = make_staff("zj_director", unrelated_office, roles.PARTY_GROUP)
    assert offices_shown(stats(outside_director)) == []
    assert stats(outside_director, "cases:ranking").context["boards"]["offices"].ranked == []


def test_a_departments_figures_follow_its_office(stats, city, county, director, county_director):
    city_section = Department.objects.create(office=city, name="养老保险科")
    figure(city, timezone.localdate(), department=city_section, orders_due=2, orders_on_time=1)
    assert [row.department for row in stats(director).context["figures"].departments] == ["养老保险科"]
    assert stats(director).context["figures"].departments[0].on_time_rate == 50.0
    assert stats(county_director).context["figures"].departments == []


@pytest.mark.parametrize("user", ["clerk", "duty_leader", "section_head"])
def test_the_staff_of_the_window_may_not_open_the_figures(stats, request, user):
    for name in ("cases:statistics", "cases:ranking"):
        assert stats(request.getfixturevalue(user), name).status_code == 403


def test_the_figures_need_a_login(client):
    for name in ("cases:statistics", "cases:ranking"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and reverse("login") in response["Location"]


def test_the_month_asked_for_is_the_month_shown(stats, city, director):
    figure(city, datetime.date(2026, 3, 1), registered=5)
    figure(city, datetime.date(2026, 3, 31), registered=7)
    figure(city, datetime.date(2026, 4, 1), registered=100)
    figure(city, datetime.date(2026, 2, 28), registered=1000)
    response = stats(director, month="2026-03")
    assert response.status_code == 200
    assert response.context["figures"].total.registered == 12
    assert (response.context["first"], response.context["last"]) == (datetime.date(2026, 3, 1), datetime.date(2026, 3, 31))
    assert stats(director, month="2026-04").context["figures"].total.registered == 100


def test_without_a_month_the_page_shows_this_month(stats, city, director):
    figure(city, timezone.localdate(), registered=3)
    assert stats(director).context["figures"].total.registered == 3


@pytest.mark.parametrize("month", ["2026-13", "2026-00", "26-03", "abc", "9999-01", "2026-3", "2026-03-01", "x" * 300])
@pytest.mark.parametrize("name", ["cases:statistics", "cases:ranking"])
def test_a_month_that_is_not_one_is_refused_with_a_message(stats, director, month, name):
    response = stats(director, name, month=month)
    assert response.status_code == 400
    page = response.content.decode()
    assert "请按 YYYY-MM 格式输入月份" in page or "最多" in page


def test_the_page_defines_each_rate_in_chinese(stats, city, director):
    figure(city, timezone.localdate(), registered=1, responses_due=4, responded_in_time=3)
    page = stats(director).content.decode()
    for label in ("响应率", "解决率", "满意率", "按期办结率（按原定时限）", "退单数", "重办数", "挂起时长（工作小时）",
                  "升至第二级", "升至第三级", "办结用时中位数（工作小时）", "当场答复的咨询", "逐级上升的案件",
                  "各项指标的统计口径", "延期不能使超期答复变为按期", "中位数不能按日相加"):
        assert label in page, label
    assert "75.0%" in page


def test_the_ranking_page_shows_its_rule_and_the_two_lists(stats, city, county, other_county, director):
    today = timezone.localdate()
    figure(city, today, orders_due=10, orders_on_time=10)
    figure(county, today, orders_due=10, orders_on_time=5)
    figure(other_county, today, orders_due=10, orders_on_time=1)
    figure(other_county, today - datetime.timedelta(days=40), orders_due=10, orders_on_time=10)  # another month
    response = stats(director, "cases:ranking")
    board = response.context["boards"]["offices"]
    assert [item.figures.office for item in board.ranked] == [city.name, county.name, other_county.name]
    assert [item.figures.office for item in board.red] == [city.name]
    assert [item.figures.office for item in board.black] == [other_county.name]
    page = response.content.decode()
    assert "排名规则" in page and "0.4 × 按期办结率（按原定时限）" in page and "红榜" in page and "黑榜" in page


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", ["cases:statistics", "cases:ranking"])
def test_the_pages_read_at_most_ten_queries_however_many_rows(client, raw_register, director, name):
    city, county = raw_register
    today = timezone.localdate()
    figures_recompute(since=today - datetime.timedelta(days=16), until=today)
    client.force_login(director)
    url = reverse(name)
    few = _queries(client, url)
    for n in range(1, 6):
        department = Department.objects.create(office=county, name=f"科室{n}")
        for day in range(1, 25):
            figure(county, today.replace(day=1) + datetime.timedelta(days=day % 27), department=department,
                   orders_due=n, orders_on_time=1)
    many = _queries(client, url)
    assert few == many <= 10


def test_every_counter_reaches_the_page_rows_and_their_export_dicts(stats, city, director):
    counts = {field: n for n, field in enumerate(COUNTERS, 1)}
    figure(city, timezone.localdate(), close_hours=[1] + [0] * 10, **counts)
    row = stats(director).context["figures"].offices[0].as_dict()
    assert {field: row[field] for field in COUNTERS} == counts
    assert row["median_close_hours"] == 0.2 and row["office"] == city.name


def test_the_month_field_offers_this_month(stats, director):
    page = stats(director).content.decode()
    assert f'value="{timezone.localdate():%Y-%m}"' in page
