"""Closed cases to call back and rate: November 2026, no holidays (see tests/escalation/conftest)."""

import pytest
import time_machine
from django.utils import translation

from cases.services import case_record_citizen_outcome, case_resolve
from tests.escalation.conftest import at  # noqa: F401  (a moment of November 2026)


@pytest.fixture(autouse=True)
def _messages_in_english():
    with translation.override("en"):
        yield


@pytest.fixture
def close_case(register, clerk):
    """Register a case and close it at `moment` (Monday 16 November, 10:00, by default)."""

    def _close(moment=None, by=None, **overrides):
        by = by or clerk
        with time_machine.travel(moment or at(16, 10), tick=False):
            case = register(by=by, **overrides)
            case_record_citizen_outcome(case=case, by=by, kind="solved")
            return case_resolve(case=case, by=by, result="当场办结", close=True)

    return _close
