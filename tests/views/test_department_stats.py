import pytest
from django.urls import reverse

from cases.services.dispatch import case_dispatch, work_order_answer, work_order_return
from routing.models import Department


@pytest.fixture
def section(city, section_head):
    return Department.objects.create(office=city, name="养老保险科", head=section_head)


def test_returns_and_answers_are_counted_against_the_department(client, register, duty_leader, section, section_head, director):
    first = case_dispatch(case=register(), by=duty_leader, department=section, kind="should", instruction="办")
    work_order_return(order=first, by=section_head, reason="不属本科职责")
    second = case_dispatch(case=register(), by=duty_leader, department=section, kind="cannot", instruction="答复")
    work_order_answer(order=second, by=section_head, answer="依法不能办理，理由如下")
    client.force_login(director)
    response = client.get(reverse("cases:department_stats"))
    assert response.status_code == 200
    row = next(r for r in response.context["rows"] if r["department__name"] == "养老保险科")
    assert (row["dispatched"], row["returned"], row["on_time"], row["late"]) == (2, 1, 1, 0)


def test_a_county_director_does_not_see_the_citys_departments(client, register, duty_leader, section, county_director):
    case_dispatch(case=register(), by=duty_leader, department=section, kind="should", instruction="办")
    client.force_login(county_director)
    response = client.get(reverse("cases:department_stats"))
    assert list(response.context["rows"]) == []


def test_a_clerk_may_not_open_the_department_figures(client, clerk):
    client.force_login(clerk)
    assert client.get(reverse("cases:department_stats")).status_code == 403


def test_the_department_figures_need_a_login(client):
    response = client.get(reverse("cases:department_stats"))
    assert response.status_code == 302 and reverse("login") in response["Location"]
