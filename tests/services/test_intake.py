import datetime

import pytest
import time_machine
from django.db import connection

from cases.models import AuditEvent, Case, CaseNumberCounter, State
from cases.services import CaseActionError, case_register_and_answer
from tests.conftest import VALID_ID


def test_registering_numbers_the_case_with_the_office_prefix_and_year(register):
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))):
        first = register()
        second = register()
    assert first.number == "DD-2026-000001"
    assert second.number == "DD-2026-000002"
    assert first.state == State.TIER1


def test_numbers_are_per_office(register, county_clerk):
    register()
    county_case = register(by=county_clerk)
    assert county_case.number.startswith("DDA-")
    assert county_case.sequence == 1


def test_numbering_starts_again_in_a_new_year_in_beijing_time(register):
    # 2026-12-31 16:30 UTC is already 1 January 2027 in Beijing.
    with time_machine.travel(datetime.datetime(2026, 12, 31, 15, 0, tzinfo=datetime.timezone.utc)):
        december = register()
    with time_machine.travel(datetime.datetime(2026, 12, 31, 16, 30, tzinfo=datetime.timezone.utc)):
        january = register()
    assert december.number.endswith("2026-000001")
    assert january.number == "DD-2027-000001"


def test_registration_is_audited_as_registered_then_accepted(register, clerk):
    case = register()
    actions = list(case.events.values_list("action", "from_state", "to_state", "actor"))
    assert actions == [
        ("case.registered", "", "registered", clerk.pk),
        ("case.accepted", "registered", "tier1", clerk.pk),
    ]


def test_identifiers_are_stored_encrypted_and_found_by_their_hash(register):
    case = register()
    with connection.cursor() as cursor:
        cursor.execute("SELECT reporter_id_number, reporter_phone FROM cases_case WHERE id = %s", [case.pk])
        raw_id, raw_phone = cursor.fetchone()
    assert VALID_ID not in raw_id and "13812345678" not in raw_phone
    assert Case.objects.get(pk=case.pk).reporter_id_number == VALID_ID
    assert case.reporter_id_hash and case.reporter_phone_hash


def test_a_failed_quick_close_leaves_no_case_no_number_and_no_audit(clerk, pension):
    with pytest.raises(CaseActionError):
        case_register_and_answer(
            clerk=clerk, outcome="guided", result="已告知", regular_window="", materials="",
            channel="window", reporter_name="张三", business_area=pension, matter="m", failure_reason="r",
        )
    assert Case.objects.count() == 0
    assert AuditEvent.objects.count() == 0
    assert not CaseNumberCounter.objects.filter(last_sequence__gt=0).exists()


def test_the_next_number_after_a_failed_save_has_no_gap(clerk, pension, register):
    register()
    with pytest.raises(CaseActionError):
        case_register_and_answer(clerk=clerk, outcome="guided", result="x", channel="window", reporter_name="张三",
                                 business_area=pension, matter="m", failure_reason="r")
    assert register().sequence == 2


def test_a_simple_matter_is_registered_answered_and_closed_at_once(clerk, pension):
    case = case_register_and_answer(
        clerk=clerk, outcome="solved", result="当场解答了退休年龄政策",
        channel="hotline", reporter_name="刘阿姨", business_area=pension, matter="咨询退休", failure_reason="不清楚政策",
    )
    case.refresh_from_db()
    assert case.state == State.CLOSED
    assert case.closed_by == clerk and case.closed_at
    assert case.citizen_outcome.kind == "solved"
    assert list(case.events.values_list("action", flat=True)) == [
        "case.registered", "case.accepted", "case.classified", "case.outcome_recorded", "case.resolved", "case.closed",
    ]


def test_a_clerk_cannot_register_with_another_offices_business_area(clerk, county):
    from cases.services import case_register

    with pytest.raises(CaseActionError) as error:
        case_register(clerk=clerk, channel="window", reporter_name="x", business_area=county.business_areas.first(),
                      matter="m", failure_reason="r")
    assert error.value.field == "business_area"


def test_a_section_head_cannot_register(section_head, city):
    from cases.services import case_register

    with pytest.raises(CaseActionError):
        case_register(clerk=section_head, channel="window", reporter_name="x", business_area=city.business_areas.first(),
                      matter="m", failure_reason="r")
