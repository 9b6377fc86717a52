"""Days to summarise: November 2026 on the Beijing clock (see tests/escalation/conftest).

    Fri 13 | Sat 14 Sun 15 | Mon 16 Tue 17 Wed 18 Thu 19 Fri 20

Monday 16's summary (17:30) counts from Friday 13, 17:30, to Monday 16, 17:30.
"""

import pytest
import time_machine
from django.utils import translation

from cases.services import case_record_citizen_outcome, case_resolve
from routing import roles
from routing.models import DutyAssignment
from tests.conftest import make_staff
from tests.escalation.conftest import at  # noqa: F401  (a moment of November 2026)


@pytest.fixture(autouse=True)
def _messages_in_english():
    with translation.override("en"):
        yield


@pytest.fixture
def tomorrows_leader(city, duty_leader):
    """On the rota for Tuesday 17, the working day after Monday 16 (and for Monday itself, `duty_leader`)."""
    leader = make_staff("leader_tue", city, roles.DUTY_LEADER, email="tue@example.cn", first_name="明", last_name="周")
    DutyAssignment.objects.create(office=city, day=at(16, 9).date(), leader=duty_leader)
    DutyAssignment.objects.create(office=city, day=at(17, 9).date(), leader=leader)
    return leader


@pytest.fixture
def close_case(register, clerk):
    def _close(moment, **overrides):
        with time_machine.travel(moment, tick=False):
            case = register(**overrides)
            case_record_citizen_outcome(case=case, by=clerk, kind="solved")
            return case_resolve(case=case, by=clerk, result="当场办结", close=True)

    return _close
