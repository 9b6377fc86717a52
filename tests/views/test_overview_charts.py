"""The director's overview: cases per month by category and lights now, as charts and tables."""

import datetime
import json
import re
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from cases.models import Case
from cases.selectors.charts import cases_per_month, lights_now, months_back
from cases.services import case_classify

pytestmark = pytest.mark.django_db

ZONE = zoneinfo.ZoneInfo("Asia/Shanghai")
NOW = datetime.datetime(2026, 11, 18, 10, 0, tzinfo=ZONE)


def test_twelve_months_back_cross_the_year():
    firsts = months_back(datetime.date(2026, 3, 31), 12)
    assert firsts[0] == datetime.date(2025, 4, 1) and firsts[-1] == datetime.date(2026, 3, 1) and len(firsts) == 12


@pytest.fixture
def registered(register, duty_leader, county_clerk, outside_clerk):
    # 1 November 00:30 in the office is still 31 October in UTC: it counts for November.
    with time_machine.travel(datetime.datetime(2026, 11, 1, 0, 30, tzinfo=ZONE), tick=False):
        first_of_month = register()
    with time_machine.travel(datetime.datetime(2026, 10, 15, 10, 0, tzinfo=ZONE), tick=False):
        register()
        register(by=county_clerk)
        register(by=outside_clerk)
    with time_machine.travel(datetime.datetime(2025, 10, 15, 10, 0, tzinfo=ZONE), tick=False):
        register()  # thirteen months back: out of the chart
    case_classify(case=first_of_month, by=duty_leader, category="staff")
    return first_of_month


def test_cases_per_month_count_by_category_on_the_office_clock_and_in_scope(director, registered):
    with time_machine.travel(NOW, tick=False):
        months, by_category = cases_per_month(director)
    assert months[-1] == datetime.date(2026, 11, 1) and months[0] == datetime.date(2025, 12, 1)
    assert by_category["staff"][-1] == 1  # November
    assert by_category[""][-2] == 2  # October: the city's and the county's, not the unrelated office's
    assert sum(sum(counts) for counts in by_category.values()) == 3


def test_a_clerk_counts_only_his_office(clerk, registered):
    with time_machine.travel(NOW, tick=False):
        _months, by_category = cases_per_month(clerk)
    assert sum(sum(counts) for counts in by_category.values()) == 2


def test_lights_now_agree_with_each_cases_own_light(director, register, county_clerk, outside_clerk, duty_leader):
    from cases.services.escalation import case_escalate

    at = datetime.datetime(2026, 11, 16, 9, 0, tzinfo=ZONE)  # Monday
    with time_machine.travel(at, tick=False):
        cases = [register(), register(), register(by=county_clerk), register(by=outside_clerk)]
        case_escalate(case=cases[1], by=duty_leader, reason="太复杂")
    for moment in (at + datetime.timedelta(hours=1), at + datetime.timedelta(hours=7, minutes=30),
                   at + datetime.timedelta(days=1, hours=1), at + datetime.timedelta(days=8)):
        with time_machine.travel(moment, tick=False):
            lights = lights_now(director)
            expected = {}
            for case in Case.objects.filter(office__in=[c.office_id for c in cases[:3]]).select_related("office"):
                if case.light:
                    expected[(case.state, case.light)] = expected.get((case.state, case.light), 0) + 1
        found = {(tier, light): n for tier, counts in lights.items() for light, n in counts.items() if n}
        assert found == expected, moment


def test_the_overview_draws_both_charts_with_their_tables(login, director, registered, django_assert_max_num_queries):
    client = login(director)
    with time_machine.travel(NOW, tick=False), django_assert_max_num_queries(10):
        response = client.get(reverse("cases:overview"))
    html = response.content.decode()
    data = json.loads(re.search(r'<script id="cases-per-month-data" type="application/json">(.*?)</script>', html).group(1))
    assert data["labels"][-1] == "2026-11" and data["stacked"]
    staff = next(s for s in data["series"] if s["name"] == "工作人员原因")
    assert staff["data"][-1] == 1
    # The table under the chart carries the same numbers.
    assert "<caption>近12个月各月受理数（按分类）</caption>" in html
    assert re.search(r"<th scope=\"row\">2026-10</th>(<td[^>]*>\d+</td>){3}<td class=\"text-end\">2</td>", html)
    assert 'id="lights-now-data"' in html and "<caption>在办事项当前亮灯情况</caption>" in html
    assert "vendor/echarts/echarts.min.js" in html and "js/charts.js" in html
    assert "<script>" not in html


@pytest.mark.parametrize("who", ["clerk", "duty_leader", "section_head"])
def test_staff_who_do_not_review_get_403(login, request, who):
    assert login(request.getfixturevalue(who)).get(reverse("cases:overview")).status_code == 403


def test_a_county_director_sees_only_the_county(login, county_director, registered):
    with time_machine.travel(NOW, tick=False):
        html = login(county_director).get(reverse("cases:overview")).content.decode()
    data = json.loads(re.search(r'<script id="cases-per-month-data" type="application/json">(.*?)</script>', html).group(1))
    assert sum(sum(s["data"]) for s in data["series"]) == 1
