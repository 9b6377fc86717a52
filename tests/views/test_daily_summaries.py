"""The daily summaries' pages: scoped like the lists, 404 to other offices, a bounded query count."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from cases.models import DailySummary, Notification
from cases.services.summary import daily_summary_make
from routing import roles
from tests.conftest import make_staff
from tests.escalation.conftest import at


def _make(office, day=16):
    return daily_summary_make(office=office, day=at(day, 0).date(), now=at(day, 17, 30))


@pytest.fixture
def summaries(city, county, other_county, unrelated_office):
    return {office.code: _make(office) for office in (city, county, other_county, unrelated_office)}


@pytest.fixture
def outside_director(unrelated_office):
    return make_staff("zj_director", unrelated_office, roles.PARTY_GROUP)


def _archive_codes(client):
    response = client.get(reverse("cases:summaries"))
    assert response.status_code == 200
    return {s.office.code for s in response.context["page"]}


def test_a_city_director_sees_the_city_and_the_counties_below(login, director, summaries):
    client = login(director)
    assert _archive_codes(client) == {"DD", "DDA", "DDB"}
    for code in ("DD", "DDA", "DDB"):
        assert client.get(reverse("cases:summary", args=[summaries[code].pk])).status_code == 200
    assert client.get(reverse("cases:summary", args=[summaries["ZJ"].pk])).status_code == 404


def test_a_county_director_sees_the_county_only(login, county_director, summaries):
    client = login(county_director)
    assert _archive_codes(client) == {"DDA"}
    assert client.get(reverse("cases:summary", args=[summaries["DDA"].pk])).status_code == 200
    for code in ("DD", "DDB", "ZJ"):
        assert client.get(reverse("cases:summary", args=[summaries[code].pk])).status_code == 404


def test_a_duty_leader_sees_the_own_office_only(login, duty_leader, summaries):
    client = login(duty_leader)
    assert _archive_codes(client) == {"DD"}
    assert client.get(reverse("cases:summary", args=[summaries["DDA"].pk])).status_code == 404


@pytest.mark.parametrize("stranger", ["outside_director", "clerk", "county_clerk", "outsider"])
def test_others_get_404_for_a_city_summary(login, request, summaries, stranger):
    client = login(request.getfixturevalue(stranger))
    response = client.get(reverse("cases:summary", args=[summaries["DD"].pk]))
    assert response.status_code == 404
    page = response.content.decode()
    assert "反映窗口每日汇总" not in page and "daily summary" not in page


@pytest.mark.parametrize("stranger", ["clerk", "outsider"])
def test_the_archive_is_refused_to_staff_who_receive_no_summary(login, request, summaries, stranger):
    assert login(request.getfixturevalue(stranger)).get(reverse("cases:summaries")).status_code == 403


def test_the_archive_asks_a_bounded_number_of_queries(login, director, city, county, django_assert_max_num_queries):
    for day in (10, 11, 12, 13, 16, 17, 18, 19, 20):
        _make(city, day)
        _make(county, day)
    client = login(director)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("cases:summaries"))
    assert len(response.context["page"]) == 18


def test_the_summary_page_asks_a_bounded_number_of_queries(login, director, summaries, django_assert_max_num_queries):
    client = login(director)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("cases:summary", args=[summaries["DDA"].pk])).status_code == 200


def test_the_summary_page_speaks_chinese(login, director, summaries):
    with translation.override("zh-hans"):
        page = login(director).get(reverse("cases:summary", args=[summaries["DD"].pk])).content.decode()
    assert "丹东市人社局“办不成事”反映窗口每日汇总" in page
    for label in ("新登记（按渠道）", "在办（按层级）", "在办（按亮灯）", "超期", "已回访", "收到评价",
                  "新登记（按办不成的常规窗口）", "统计时段：2026-11-13 17:30至2026-11-16 17:30"):
        assert label in page
    archive = login(director).get(reverse("cases:summaries")).content.decode()
    assert "每日汇总" in archive and "次日值班领导" in archive


def test_the_inbox_notice_opens_the_summary(login, director, summaries):
    note = Notification.objects.get(recipient=director, summary=summaries["DD"])
    client = login(director)
    inbox = client.get(reverse("cases:inbox")).content.decode()
    assert "DD 2026-11-16" in inbox
    response = client.post(reverse("cases:inbox_read"), {"id": note.pk, "open": "1"})
    assert response.status_code == 302 and response.url == reverse("cases:summary", args=[summaries["DD"].pk])
    note.refresh_from_db()
    assert note.read_at is not None


def test_the_message_in_the_inbox_is_in_chinese(director, summaries):
    message = Notification.objects.get(recipient=director, summary=summaries["DD"]).message
    assert message.startswith("丹东市人社局 2026-11-16每日汇总：新登记0件")


def test_the_summary_keeps_its_figures_when_the_cases_move_on(register, director, city):
    summary = _make(city)
    register()
    summary.refresh_from_db()
    assert summary.figures["new"]["total"] == 0
    assert DailySummary.objects.get(pk=summary.pk).computed_at == at(16, 17, 30)
    assert summary.next_day == datetime.date(2026, 11, 17)
