"""People, departments, work orders and escalated cases for the pages of the 1-3-5 engine.

Every test that imports `frozen_clock` runs at Tuesday 17 November 2026, 10:00
Beijing time: a working day in a month without holidays or make-up days.

    Mon 16  Tue 17  Wed 18  Thu 19  Fri 20 | Sat 21  Sun 22 | Mon 23 ... Fri 27 | Sat 28 Sun 29 | Mon 30

A test module pulls in the fixtures it needs with
`from .engine_setup import *  # noqa: F401,F403` (fixtures must be names of the module).
"""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest
import time_machine

from cases.models import (
    AuditEvent,
    Case,
    ExtensionRequest,
    Meeting,
    Notification,
    Pause,
    TierSpan,
    WorkOrder,
)
from cases.services import case_record_special_handling
from cases.services.dispatch import case_dispatch, work_order_pause, work_order_request_extension
from cases.services.escalation import case_escalate, case_pause
from routing import roles
from routing.models import Department, DutyAssignment
from tests.conftest import make_staff

__all__ = [
    "at", "engine_state", "Target", "frozen_clock", "on_duty", "city_leader", "department", "second_department", "other_leader",
    "committee_member", "rota_admin", "tier1_case", "order", "extension", "tier2_case", "tier3_case",
    "county_leader", "county_head", "county_department", "county_order", "county_escalated",
    "outside_leader", "outside_head", "outside_department", "outside_committee", "outside_director",
]

BEIJING = ZoneInfo("Asia/Shanghai")
NOW = datetime.datetime(2026, 11, 17, 10, 0, tzinfo=BEIJING)


def at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    """A moment of November 2026 on the office's wall clock."""
    return datetime.datetime(2026, 11, day, hour, minute, tzinfo=BEIJING)


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def engine_state() -> dict:
    """Everything an engine page or action could change, to compare before and after a refused request."""
    return {
        "audit_rows": AuditEvent.objects.count(),
        "cases": list(Case.objects.values_list("pk", "state", "due_at", "paused_at", "duty_leader_id",
                                               "party_group_decision", "escalated_at").order_by("pk")),
        "work_orders": list(WorkOrder.objects.values_list("pk", "state", "due_at", "paused_at", "signed_at",
                                                          "answer", "return_reason").order_by("pk")),
        "extensions": list(ExtensionRequest.objects.values_list("pk", "approved", "decided_at").order_by("pk")),
        "notifications": list(Notification.objects.values_list("pk", "read_at").order_by("pk")),
        "tier_spans": TierSpan.objects.count(),
        "meetings": Meeting.objects.count(),
        "pauses": list(Pause.objects.values_list("pk", "ended_at").order_by("pk")),
        "rota": list(DutyAssignment.objects.values_list("office_id", "day", "leader_id").order_by("pk")),
    }


@dataclass(frozen=True)
class Target:
    """One URL of the engine, and the state of the world in which it exists."""

    name: str
    prepare: object  # (request) -> reverse() args
    payload: dict | None = None  # None: a GET page

    def __str__(self):
        return self.name


# --- people and departments ----------------------------------------------------


@pytest.fixture
def on_duty():
    def _on_duty(leader, office=None):
        """`leader` stands every weekday of November 2026 in `office` (default: his own)."""
        for day in range(1, 31):
            date = datetime.date(2026, 11, day)
            if date.weekday() < 5:
                DutyAssignment.objects.update_or_create(office=office or leader.office, day=date,
                                                        defaults={"leader": leader})
        return leader

    return _on_duty


@pytest.fixture
def city_leader(duty_leader, on_duty):
    return on_duty(duty_leader)


@pytest.fixture
def department(city, section_head):
    return Department.objects.create(office=city, name="养老保险科", head=section_head)


@pytest.fixture
def second_department(city):
    head = make_staff("head2", city, roles.SECTION_HEAD, first_name="二科", last_name="钱")
    return Department.objects.create(office=city, name="社保中心", kind=Department.Kind.CENTER, head=head)


@pytest.fixture
def other_leader(city):
    return make_staff("leader2", city, roles.DUTY_LEADER, first_name="卫东", last_name="赵")


@pytest.fixture
def committee_member(city):
    return make_staff("committee", city, roles.COMMITTEE, first_name="委员", last_name="孙")


@pytest.fixture
def rota_admin(city):
    return make_staff("rota_admin", city, roles.ADMINISTRATOR)


# --- a city case at each step ------------------------------------------------------


@pytest.fixture
def tier1_case(register, city_leader):
    case = register()
    assert case.duty_leader == city_leader  # 首问负责制: today's leader owns it
    return case


@pytest.fixture
def order(tier1_case, city_leader, department):
    return case_dispatch(case=tier1_case, by=city_leader, department=department, kind=WorkOrder.Kind.SHOULD_HAVE_DONE,
                         instruction="请核实外省转移数据并答复。")


@pytest.fixture
def extension(order, section_head):
    return work_order_request_extension(order=order, by=section_head, until=datetime.date(2026, 11, 30),
                                        reason="需等待外省回函")


@pytest.fixture
def tier2_case(tier1_case, city_leader, committee_member, director):
    return case_escalate(case=tier1_case, by=city_leader, reason="涉及多个部门，太复杂", expected_state="tier1")


@pytest.fixture
def tier3_case(tier2_case, committee_member, director):
    # The party group's decision is the result: the category must be on record.
    case_record_special_handling(case=tier2_case, by=committee_member, kind="legacy", procedure="特事特办")
    return case_escalate(case=tier2_case, by=committee_member, reason="需局党组研究", expected_state="tier2")


# --- the county below, and the unrelated office -------------------------------------------


@pytest.fixture
def county_leader(county, on_duty):
    return on_duty(make_staff("county_leader", county, roles.DUTY_LEADER, first_name="县", last_name="吴"))


@pytest.fixture
def county_head(county):
    return make_staff("county_head", county, roles.SECTION_HEAD)


@pytest.fixture
def county_department(county, county_head):
    return Department.objects.create(office=county, name="东港养老保险股", head=county_head)


@pytest.fixture
def county_order(county_case, county_leader, county_department):
    return case_dispatch(case=county_case, by=county_leader, department=county_department,
                         kind=WorkOrder.Kind.CANNOT_BE_DONE, instruction="请说明不能办理的理由。")


@pytest.fixture
def county_escalated(county_order, county_leader):
    case = case_escalate(case=county_order.case, by=county_leader, reason="县里解决不了", expected_state="tier1")
    return case, case.tier_spans.order_by("entered_at", "id").last()


@pytest.fixture
def outside_leader(unrelated_office):
    return make_staff("outside_leader", unrelated_office, roles.DUTY_LEADER)


@pytest.fixture
def outside_head(unrelated_office):
    return make_staff("outside_head", unrelated_office, roles.SECTION_HEAD)


@pytest.fixture
def outside_department(unrelated_office, outside_head):
    return Department.objects.create(office=unrelated_office, name="张家口养老科", head=outside_head)


@pytest.fixture
def outside_committee(unrelated_office):
    return make_staff("outside_committee", unrelated_office, roles.COMMITTEE)


@pytest.fixture
def outside_director(unrelated_office):
    return make_staff("outside_director", unrelated_office, roles.PARTY_GROUP)


def paused(case, by):
    return case_pause(case=case, by=by, reason="等待群众补交材料", expected_state=case.state)


def order_paused(order, by):
    return work_order_pause(order=order, by=by, reason="等待外省回函")
