"""Cases built by hand for the root-cause figures: a month, a category, a place."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from cases.models import Accountability, Case, SpecialHandling, StaffFault
from tests.views.conftest import login  # noqa: F401  (a client logged in as a named person)

SHANGHAI = ZoneInfo("Asia/Shanghai")


def in_month(year, month, day=15):
    return datetime.datetime(year, month, day, 10, 0, tzinfo=SHANGHAI)


@pytest.fixture
def build(register):
    """`build(month=(2026, 5), category=..., place=..., by=clerk, ...)`: a case registered
    that month with that category; `staff_window` records a staff-side fault there,
    `special` a special handling of that kind."""

    def _build(*, month=(2026, 5), day=15, category="", place="养老保险窗口", staff_window=None, special=None,
               innovation=None, **overrides):
        case = register(failed_at=place, **overrides)
        Case.objects.filter(pk=case.pk).update(registered_at=in_month(*month, day), category=category)
        if staff_window:
            StaffFault.objects.create(case=case, regular_window=staff_window, section_head="赵科长")
        if special:
            SpecialHandling.objects.create(case=case, kind=special, procedure="特事特办", innovation=innovation)
        return Case.objects.get(pk=case.pk)

    return _build


@pytest.fixture
def account():
    """`account(case, by, referred=False)`: an accountability record on the case."""

    def _account(case, by, *, referred=False, at=None):
        return Accountability.objects.create(
            case=case, staff_member="钱窗口", section_head="赵科长", leader_in_charge="孙局长", finding="未一次性告知",
            measure="诫勉谈话", referred_to_discipline=referred, recorded_by=by, recorded_at=at or in_month(2026, 6))

    return _account
