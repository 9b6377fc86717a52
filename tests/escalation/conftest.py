"""People, departments, the rota and a clock for the 1-3-5 escalation tests.

Every moment here is Beijing time in November 2026, a month without public
holidays or make-up days, so the tests read the same with the seeded calendar
and without it (a transactional test empties the tables, the seed included).

    Mon 16  Tue 17  Wed 18  Thu 19  Fri 20 | Sat 21  Sun 22 | Mon 23 ... Fri 27 | Sat 28 Sun 29 | Mon 30
"""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import translation

from routing import roles
from routing.models import Department, DutyAssignment
from tests.conftest import make_staff

BEIJING = ZoneInfo("Asia/Shanghai")


def at(day: int, hour: int, minute: int = 0, *, month: int = 11, year: int = 2026) -> datetime.datetime:
    """A moment of November 2026 (by default) on the office's wall clock."""
    return datetime.datetime(year, month, day, hour, minute, tzinfo=BEIJING)


@pytest.fixture(autouse=True)
def _messages_in_english():
    """Refusals are matched on their source (English) text, whatever the deployment's language."""
    with translation.override("en"):
        yield


@pytest.fixture
def committee_member(city):
    return make_staff("committee", city, roles.COMMITTEE, email="committee@example.cn", first_name="委员", last_name="一")


@pytest.fixture
def second_committee_member(city):
    return make_staff("committee2", city, roles.COMMITTEE, email="committee2@example.cn", first_name="委员", last_name="二")


@pytest.fixture
def committee(committee_member, second_committee_member):
    return [committee_member, second_committee_member]


@pytest.fixture
def other_leader(city):
    return make_staff("leader2", city, roles.DUTY_LEADER, first_name="卫东", last_name="赵")


@pytest.fixture
def department(city, section_head):
    """A section of the city bureau headed by `section_head`."""
    return Department.objects.create(office=city, name="养老保险科", head=section_head)


@pytest.fixture
def on_duty(city):
    """Put a leader on the city bureau's rota for the given days."""

    def _on_duty(leader, *days: datetime.date):
        for day in days:
            DutyAssignment.objects.update_or_create(office=city, day=day, defaults={"leader": leader})

    return _on_duty


@pytest.fixture
def leader_all_month(duty_leader, on_duty):
    """`duty_leader` stands every weekday of November 2026."""
    days = [datetime.date(2026, 11, d) for d in range(1, 31)]
    on_duty(duty_leader, *[d for d in days if d.weekday() < 5])
    return duty_leader


@pytest.fixture
def register_at(register):
    """Register a case as if the clerk pressed the button at `moment`."""

    def _register_at(moment: datetime.datetime, **overrides):
        with time_machine.travel(moment, tick=False):
            return register(**overrides)

    return _register_at
