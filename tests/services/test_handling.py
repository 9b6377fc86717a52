import datetime

import pytest
from django.db import transaction

from cases.models import AuditEvent, InstitutionalInnovation, State
from cases.services import (
    CaseActionError,
    case_approve_deficiency,
    case_classify,
    case_close,
    case_record_accountability,
    case_record_citizen_outcome,
    case_record_special_handling,
    case_record_staff_fault,
    case_reopen,
    case_resolve,
    case_reveal_personal_data,
    innovation_create,
)
from cases.services.transitions import apply_transition


def _close_staff_case(case, by):
    case_record_staff_fault(case=case, by=by, regular_window="养老保险窗口", staff_member="赵某", section_head="钱科长")
    return case_resolve(case=case, by=by, result="科长到场当场办结", close=True)


def test_resolving_needs_a_category_first(register, clerk):
    case = register()
    with pytest.raises(CaseActionError) as error:
        case_resolve(case=case, by=clerk, result="done")
    assert "category" in error.value.message


def test_resolving_needs_a_written_result(register, clerk):
    case = register()
    case_record_citizen_outcome(case=case, by=clerk, kind="solved")
    with pytest.raises(CaseActionError) as error:
        case_resolve(case=case, by=clerk, result="  ")
    assert error.value.field == "result"


def test_a_guided_outcome_needs_the_window_and_the_materials(register, clerk):
    case = register()
    with pytest.raises(CaseActionError) as error:
        case_record_citizen_outcome(case=case, by=clerk, kind="guided", regular_window="医保窗口")
    assert error.value.field == "materials"


def test_acceptance_with_deficiencies_waits_for_the_duty_leader(register, clerk, duty_leader):
    case = register()
    case_record_citizen_outcome(case=case, by=clerk, kind="deficiency", missing_items="户口本复印件")
    with pytest.raises(CaseActionError):
        case_resolve(case=case, by=clerk, result="容缺受理")
    with pytest.raises(CaseActionError):
        case_approve_deficiency(case=case, by=clerk)
    outcome = case_approve_deficiency(case=case, by=duty_leader)
    assert outcome.approved_by == duty_leader and outcome.approved_at
    assert AuditEvent.objects.filter(case=case, action="case.deficiency_approved", actor=duty_leader).count() == 1
    case_resolve(case=case, by=clerk, result="容缺受理，补件期限一周", close=True)
    case.refresh_from_db()
    assert case.state == State.CLOSED


def test_changing_the_outcome_drops_an_earlier_approval(register, clerk, duty_leader):
    case = register()
    case_record_citizen_outcome(case=case, by=clerk, kind="deficiency", missing_items="A")
    case_approve_deficiency(case=case, by=duty_leader)
    outcome = case_record_citizen_outcome(case=case, by=clerk, kind="deficiency", missing_items="A and B")
    assert outcome.approved_at is None


def test_a_closed_case_is_read_only(register, clerk):
    case = register()
    _close_staff_case(case, clerk)
    with pytest.raises(CaseActionError):
        case_classify(case=case, by=clerk, category="citizen")
    with pytest.raises(CaseActionError):
        case_record_staff_fault(case=case, by=clerk, regular_window="x", section_head="y")


def test_only_the_duty_leader_reopens_and_only_with_a_reason(register, clerk, duty_leader):
    case = register()
    _close_staff_case(case, clerk)
    with pytest.raises(CaseActionError):
        case_reopen(case=case, by=clerk, reason="群众不满意")
    with pytest.raises(CaseActionError) as error:
        case_reopen(case=case, by=duty_leader, reason=" ")
    assert error.value.field == "reason"
    case = case_reopen(case=case, by=duty_leader, reason="回访不满意")
    assert case.state == State.TIER1 and case.closed_at is None
    event = case.events.get(action="case.reopened")
    assert (event.from_state, event.to_state, event.reason) == ("closed", "tier1", "回访不满意")


def test_accountability_follows_the_closing_of_a_staff_side_case(register, clerk, duty_leader):
    case = register()
    case_record_staff_fault(case=case, by=clerk, regular_window="养老保险窗口", section_head="钱科长")
    with pytest.raises(CaseActionError):
        case_record_accountability(case=case, by=duty_leader, staff_member="赵某", section_head="钱科长",
                                   leader_in_charge="孙副局长", finding="推诿", measure="通报批评")
    case_resolve(case=case, by=clerk, result="办结", close=True)
    with pytest.raises(CaseActionError):  # a clerk has no such right
        case_record_accountability(case=case, by=clerk, staff_member="赵某", section_head="钱科长",
                                   leader_in_charge="孙副局长", finding="推诿", measure="通报批评")
    record = case_record_accountability(case=case, by=duty_leader, staff_member="赵某", section_head="钱科长",
                                        leader_in_charge="孙副局长", finding="推诿", measure="通报批评",
                                        referred_to_discipline=True)
    assert record.recorded_by == duty_leader and record.referred_to_discipline


def test_several_cases_link_to_one_institutional_innovation(register, clerk, duty_leader, city):
    rule = innovation_create(office=city, by=duty_leader, title="诊所名称一致性证明", rule_text="……",
                             adopted_on=datetime.date(2026, 5, 1))
    cases = [register(), register()]
    for case in cases:
        case_record_special_handling(case=case, by=clerk, kind="bottleneck", procedure="特事特办", innovation=rule)
    assert set(rule.special_handlings.values_list("case__number", flat=True)) == {c.number for c in cases}
    assert all(h.is_common_problem for h in rule.special_handlings.all())


def test_an_innovation_of_another_office_cannot_be_linked(register, clerk, county):
    rule = InstitutionalInnovation.objects.create(office=county, title="t", rule_text="r",
                                                  adopted_on=datetime.date(2026, 1, 1), created_by=clerk)
    with pytest.raises(CaseActionError):
        case_record_special_handling(case=register(), by=clerk, kind="legacy", procedure="p", innovation=rule)


def test_a_clerk_cannot_touch_a_case_of_another_office(register, county_clerk):
    case = register()
    with pytest.raises(CaseActionError):
        case_classify(case=case, by=county_clerk, category="staff")
    with pytest.raises(CaseActionError):
        case_resolve(case=case, by=county_clerk, result="x")


def test_a_form_filled_in_for_an_old_state_is_refused(register, clerk, duty_leader):
    case = register()
    _close_staff_case(case, clerk)
    case_reopen(case=case, by=duty_leader, reason="r")
    with pytest.raises(CaseActionError) as error:
        case_close(case=case, by=clerk, expected_state="resolved")
    assert "changed" in error.value.message


def test_a_stale_copy_of_the_case_cannot_overwrite_a_transition(register, clerk):
    from cases.models import Case

    case = register()
    case_record_citizen_outcome(case=case, by=clerk, kind="solved")
    stale = Case.objects.get(pk=case.pk)
    fresh = Case.objects.get(pk=case.pk)
    fresh.result = stale.result = "答复"
    apply_transition(fresh, "resolve", by=clerk, action="case.resolved")
    with pytest.raises(CaseActionError) as error, transaction.atomic():
        apply_transition(stale, "resolve", by=clerk, action="case.resolved")
    assert "same moment" in error.value.message
    assert AuditEvent.objects.filter(case=case, action="case.resolved").count() == 1


def test_the_state_cannot_be_set_directly(register):
    case = register()
    with pytest.raises(AttributeError):
        case.state = State.CLOSED


def test_revealing_personal_data_is_logged_and_needs_the_right(register, clerk, duty_leader):
    case = register()
    with pytest.raises(CaseActionError):
        case_reveal_personal_data(case=case, by=clerk)
    case_reveal_personal_data(case=case, by=duty_leader)
    assert case.events.filter(action="case.personal_data_revealed", actor=duty_leader).count() == 1


def test_audit_rows_cannot_be_edited_or_deleted(register):
    event = register().events.first()
    event.reason = "rewritten"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.update(reason="x")
