"""The clerk's three decisions on a web report, each once, each audited."""

import pytest

from cases.models import AuditEvent, Case, TextMessage, TierSpan
from cases.services import CaseActionError
from cases.services.dispatch import case_dispatch
from cases.services.triage import web_report_accept, web_report_merge, web_report_reject
from routing.models import Department
from tests.conftest import OTHER_VALID_ID

pytestmark = pytest.mark.django_db


def test_a_report_from_the_public_form_waits_for_triage_on_the_tier1_clock(web_report):
    report = web_report()
    assert (report.triage, report.state) == ("pending", "tier1")
    assert report.due_at is not None and report.awaits_triage


def test_a_case_registered_at_the_window_needs_no_triage(register):
    assert register(channel="website").triage == ""


def test_accepting_keeps_the_report_in_hand_and_is_audited(web_report, clerk):
    report = web_report()
    due = report.due_at
    web_report_accept(report=report, by=clerk)
    report.refresh_from_db()
    assert (report.triage, report.state, report.due_at, report.triaged_by) == ("accepted", "tier1", due, clerk)
    event = AuditEvent.objects.get(case=report, action="case.web_report_accepted")
    assert event.actor == clerk


def test_a_second_triage_of_the_same_report_is_refused(web_report, clerk, other_clerk):
    report = web_report()
    web_report_accept(report=report, by=clerk)
    with pytest.raises(CaseActionError, match="已分拣"):
        web_report_reject(report=report, by=other_clerk, kind="spam", reason="广告")
    with pytest.raises(CaseActionError, match="已分拣"):
        web_report_accept(report=report, by=other_clerk)
    report.refresh_from_db()
    assert report.triage == "accepted" and report.state == "tier1"
    assert AuditEvent.objects.filter(case=report, action__startswith="case.web_report").count() == 1


def test_merging_closes_the_report_pointing_to_the_case_stops_the_clock_and_texts_the_reporter(
        web_report, register, clerk):
    case = register()
    report = web_report()
    web_report_merge(report=report, into=case, by=clerk)
    report.refresh_from_db()
    assert (report.state, report.triage, report.merged_into) == ("closed", "merged", case)
    assert report.closed_at is not None and report.closed_by == clerk and case.number in report.result
    assert (report.due_at, report.warn_at) == (None, None)
    span = TierSpan.objects.get(case=report)
    assert span.exit == "triaged" and span.left_at == report.closed_at
    assert AuditEvent.objects.filter(case=report, action="case.web_report_merged", data__into=case.number).exists()
    assert AuditEvent.objects.filter(case=case, action="case.web_report_merged_in").exists()
    text = TextMessage.objects.get(case=report, kind=TextMessage.MERGED)
    assert case.number in text.body and text.phone == "13812345678"


def test_merging_into_another_office_or_itself_or_a_closed_case_is_refused(
        web_report, register, clerk, county_clerk, duty_leader):
    report = web_report()
    with pytest.raises(CaseActionError):
        web_report_merge(report=report, into=register(by=county_clerk), by=clerk)
    with pytest.raises(CaseActionError):
        web_report_merge(report=report, into=report, by=clerk)
    rejected = web_report(reporter_name="李四")
    web_report_reject(report=rejected, by=clerk, kind="spam", reason="无内容")
    with pytest.raises(CaseActionError, match="已不在办理中"):
        web_report_merge(report=report, into=rejected, by=clerk)
    report.refresh_from_db()
    assert report.triage == "pending" and report.state == "tier1"


def test_rejecting_closes_the_report_with_the_reason_for_the_reporter(web_report, clerk):
    report = web_report()
    web_report_reject(report=report, by=clerk, kind="abuse", reason="内容含有辱骂")
    report.refresh_from_db()
    assert (report.state, report.triage, report.public_answer, report.result) == (
        "closed", "abuse", "内容含有辱骂", "内容含有辱骂")
    assert report.due_at is None
    assert AuditEvent.objects.filter(case=report, action="case.web_report_rejected", data__kind="abuse").exists()
    assert not TextMessage.objects.filter(case=report, kind=TextMessage.MERGED).exists()


def test_rejecting_needs_a_kind_and_a_reason(web_report, clerk):
    report = web_report()
    with pytest.raises(CaseActionError) as refused:
        web_report_reject(report=report, by=clerk, kind="spam", reason="  ")
    assert refused.value.field == "reason"
    with pytest.raises(CaseActionError) as refused:
        web_report_reject(report=report, by=clerk, kind="accepted", reason="x")
    assert refused.value.field == "kind"


def test_a_clerk_of_another_office_or_without_the_right_cannot_triage(web_report, county_clerk, section_head):
    report = web_report()
    for person in (county_clerk, section_head):
        for act in (lambda: web_report_accept(report=report, by=person),
                    lambda: web_report_reject(report=report, by=person, kind="spam", reason="x")):
            with pytest.raises(CaseActionError, match="权限"):
                act()
    assert Case.objects.get(pk=report.pk).triage == "pending"


def test_a_case_taken_at_the_window_cannot_be_triaged(register, clerk):
    with pytest.raises(CaseActionError, match="不是待分拣的网上反映"):
        web_report_reject(report=register(), by=clerk, kind="spam", reason="x")


def test_a_report_with_departments_at_work_is_not_closed_at_triage(web_report, register, clerk, duty_leader, city):
    report = web_report()
    case_dispatch(case=report, by=duty_leader, department=Department.objects.get(office=city), kind="should",
                  instruction="请办理")
    with pytest.raises(CaseActionError, match="请改为受理"):
        web_report_merge(report=report, into=register(), by=clerk)
    web_report_accept(report=report, by=clerk)


def test_a_stopped_clock_ends_when_the_report_is_closed_at_triage(web_report, clerk, duty_leader):
    from cases.models import Pause
    from cases.services.escalation import case_pause

    report = web_report()
    case_pause(case=report, by=duty_leader, reason="等群众补材料")
    web_report_reject(report=report, by=clerk, kind="spam", reason="无内容")
    report.refresh_from_db()
    assert report.paused_at is None
    assert Pause.objects.get(case=report).ended_at is not None


def test_merge_candidates_are_the_same_persons_cases_in_hand_of_this_office(
        web_report, register, clerk, county_clerk):
    from cases.selectors.triage import merge_candidates

    same_id = register()
    same_phone = register(reporter_id_number=OTHER_VALID_ID, reporter_name="张三")
    register(reporter_id_number="", reporter_phone="13900000000", reporter_name="别人")
    register(by=county_clerk)
    report = web_report()
    assert {c.pk for c in merge_candidates(clerk, report)} == {same_id.pk, same_phone.pk}
    assert merge_candidates(county_clerk, report) == []
