"""Escalating early by hand, and the bureau party group's decision."""

import datetime

import pytest
import time_machine

from cases.models import AuditEvent, Notification, State, TierSpan
from cases.services import CaseActionError, case_record_special_handling
from cases.services.escalation import case_escalate, case_record_decision
from cases.sweep import sweep
from tests.escalation.conftest import at


@pytest.fixture
def case(register_at, leader_all_month):
    return register_at(at(16, 10))


def test_the_duty_leader_escalates_early_with_a_reason(case, leader_all_month, committee):
    with time_machine.travel(at(16, 15), tick=False):
        escalated = case_escalate(case=case, by=leader_all_month, reason="涉及三个部门，太复杂", expected_state="tier1")
    assert escalated.state == State.TIER2
    # The committee's three days start now, not when tier 1 would have run out.
    assert (escalated.tier_entered_at, escalated.due_at, escalated.escalated_at) == (at(16, 15), at(19, 17), at(16, 15))
    event = AuditEvent.objects.get(case=case, action="case.escalated")
    assert (event.actor, event.reason, event.data["timer"]) == (leader_all_month, "涉及三个部门，太复杂", False)
    first = TierSpan.objects.filter(case=case).first()
    assert (first.exit, first.left_by, first.reason) == (TierSpan.Exit.ESCALATED_EARLY, leader_all_month, "涉及三个部门，太复杂")
    assert Notification.objects.filter(case=case, kind="escalated").count() == len(committee)


def test_escalating_without_a_reason_is_refused(case, leader_all_month, committee):
    with pytest.raises(CaseActionError) as refused:
        case_escalate(case=case, by=leader_all_month, reason="  ")
    assert refused.value.field == "reason"
    case.refresh_from_db()
    assert case.state == State.TIER1


def test_a_clerk_may_not_escalate(case, clerk, committee):
    with pytest.raises(CaseActionError, match="right"):
        case_escalate(case=case, by=clerk, reason="太复杂")
    case.refresh_from_db()
    assert case.state == State.TIER1
    assert not AuditEvent.objects.filter(case=case, action="case.escalated").exists()
    assert TierSpan.objects.filter(case=case).count() == 1
    assert not Notification.objects.filter(case=case).exists()


def test_a_leader_of_another_office_may_not_escalate(case, county):
    from routing import roles
    from tests.conftest import make_staff

    stranger = make_staff("county_leader", county, roles.DUTY_LEADER)
    with pytest.raises(CaseActionError):
        case_escalate(case=case, by=stranger, reason="太复杂")


def test_an_escalation_on_a_stale_form_is_refused(case, leader_all_month, committee):
    sweep(at(17, 17, 1), mail=False)
    with time_machine.travel(at(17, 17, 2), tick=False), pytest.raises(CaseActionError, match="changed"):
        case_escalate(case=case, by=leader_all_month, reason="太复杂", expected_state="tier1")
    assert AuditEvent.objects.filter(case=case, action="case.escalated").count() == 1


def _before_the_party_group(case, director):
    with time_machine.travel(at(16, 11), tick=False):
        case_record_special_handling(case=case, by=director, kind="bottleneck", procedure="特事特办")
    sweep(at(17, 17, 1), mail=False)
    sweep(at(20, 17, 1), mail=False)
    case.refresh_from_db()
    assert case.state == State.TIER3
    return case


def test_the_party_groups_decision_resolves_a_tier_three_case_and_records_its_date(case, committee, director):
    case = _before_the_party_group(case, director)
    with time_machine.travel(at(24, 15), tick=False):
        decided = case_record_decision(case=case, by=director, decision="按最早档案记载认定，补发待遇",
                                       decided_on=datetime.date(2026, 11, 24))
    assert decided.state == State.RESOLVED
    decided.refresh_from_db()
    assert (decided.party_group_decision, decided.decided_on) == ("按最早档案记载认定，补发待遇", datetime.date(2026, 11, 24))
    assert decided.result == "按最早档案记载认定，补发待遇"
    assert decided.due_at is None and decided.warn_at is None  # nothing left for the sweep
    last = TierSpan.objects.filter(case=case).last()
    assert (last.tier, last.exit, last.left_at) == (State.TIER3, TierSpan.Exit.RESOLVED, at(24, 15))
    assert AuditEvent.objects.filter(case=case, action="case.decided", actor=director).exists()
    assert sweep(at(30, 9), mail=False).flagged_overdue == 0


def test_only_the_party_group_records_a_decision(case, committee, director, leader_all_month):
    case = _before_the_party_group(case, director)
    with pytest.raises(CaseActionError):
        case_record_decision(case=case, by=leader_all_month, decision="补发", decided_on=datetime.date(2026, 11, 24))


def test_a_decision_before_tier_three_is_refused(case, director):
    with pytest.raises(CaseActionError):
        case_record_decision(case=case, by=director, decision="补发", decided_on=datetime.date(2026, 11, 17))


def test_a_committee_member_refers_a_tier_two_case_to_the_party_group(case, leader_all_month, committee, director):
    with time_machine.travel(at(16, 15), tick=False):
        case_escalate(case=case, by=leader_all_month, reason="太复杂")
    with time_machine.travel(at(17, 10), tick=False):
        referred = case_escalate(case=case, by=committee[0], reason="涉及政策瓶颈", expected_state="tier2")
    assert referred.state == State.TIER3
    assert referred.due_at == at(24, 17)
    assert Notification.objects.filter(case=case, kind="escalated", recipient=director).count() == 1


def test_a_duty_leader_may_not_refer_to_the_party_group(case, leader_all_month, committee):
    with time_machine.travel(at(16, 15), tick=False):
        case_escalate(case=case, by=leader_all_month, reason="太复杂")
    with pytest.raises(CaseActionError, match="right"):
        case_escalate(case=case, by=leader_all_month, reason="还是太复杂")


def test_escalating_a_stopped_case_ends_its_pause(case, leader_all_month, committee):
    from cases.services.escalation import case_pause

    with time_machine.travel(at(16, 11), tick=False):
        case_pause(case=case, by=leader_all_month, reason="等待外省回函")
    with time_machine.travel(at(16, 15), tick=False):
        escalated = case_escalate(case=case, by=leader_all_month, reason="太复杂")
    assert escalated.paused_at is None  # the committee's clock runs
    pause = escalated.pauses.get()
    assert (pause.ended_at, pause.ended_by, pause.working_seconds) == (at(16, 15), leader_all_month, 3 * 3600)


def test_resolving_a_stopped_case_ends_its_pause(case, leader_all_month):
    from cases.services import case_resolve
    from cases.services.escalation import case_pause

    with time_machine.travel(at(16, 11), tick=False):
        case_record_special_handling(case=case, by=leader_all_month, kind="legacy", procedure="核实档案")
        case_pause(case=case, by=leader_all_month, reason="等待档案")
    with time_machine.travel(at(16, 12), tick=False):
        resolved = case_resolve(case=case, by=leader_all_month, result="已补录")
    assert resolved.paused_at is None
    assert resolved.pauses.get().ended_at == at(16, 12)
