"""The pages of the 1-3-5 engine, used by the people they are for.

The duty leader's desk, dispatching, the department's work orders (sign, answer,
return, extension, stopped clock), early escalation, the committee's and the
party group's queues, the reminder notice, the director's review and the inbox.
"""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import (
    AuditEvent,
    Case,
    ExtensionRequest,
    Meeting,
    Notification,
    State,
    WorkOrder,
)
from cases.services import case_record_citizen_outcome, case_record_special_handling
from cases.services.dispatch import (
    case_dispatch,
    work_order_answer,
    work_order_request_extension,
    work_order_return,
)
from cases.services.escalation import case_escalate, case_record_decision
from routing.models import User

from .engine_setup import *  # noqa: F401,F403
from .engine_setup import at, engine_state

pytestmark = pytest.mark.django_db

# Fixed upper bounds on the queries of each list page, whatever the number of rows: the
# count measured with 3 and with 15 rows (equal, see the last test of this group) plus 2 of slack.
LEADER_QUERY_BOUND = 10  # the page budget (measured 10)
DEPARTMENT_QUERY_BOUND = 10  # measured 8
REVIEW_QUERY_BOUND = 10  # the page budget (measured 7, 6 with a light filter)
INBOX_QUERY_BOUND = 10  # measured 8
TIER_QUEUE_QUERY_BOUND = 9  # measured 7


def row_of(html: str, number: str) -> str:
    """The table row (or list item) of the page that names `number`."""
    at_number = html.index(number)
    start = max(html.rfind("<tr", 0, at_number), html.rfind("<li", 0, at_number))
    end = min(i for i in (html.find("</tr>", at_number), html.find("</li>", at_number)) if i != -1)
    return html[start:end]


def light_of(html: str, number: str) -> str | None:
    match = re.search(r'class="light light-(\w+)"', row_of(html, number))
    return match.group(1) if match else None


def local(moment) -> str:
    return moment.astimezone(datetime.timezone(datetime.timedelta(hours=8))).strftime("%Y-%m-%d %H:%M")


# --- the duty leader's desk ------------------------------------------------------------------------------


def test_the_leaders_desk_lists_only_his_own_tier1_cases_with_lights(login, register, frozen_clock, city_leader,
                                                                    other_leader, county_clerk, county_leader,
                                                                    committee_member):
    frozen_clock.move_to(at(16, 9))
    red = register(reporter_name="红灯")  # due Tue 17 17:00
    frozen_clock.move_to(at(17, 10))
    yellow = register(reporter_name="黄灯")  # due Wed 18 17:00
    escalated = register(reporter_name="已升级")
    case_escalate(case=escalated, by=city_leader, reason="太复杂")
    someone_elses = register(reporter_name="别人的")
    Case.objects.filter(pk=someone_elses.pk).update(duty_leader=other_leader)
    county = register(by=county_clerk, reporter_name="县里的")
    frozen_clock.move_to(at(18, 15))
    green = register(reporter_name="绿灯")  # due Thu 19 17:00
    frozen_clock.move_to(at(18, 16))

    response = login(city_leader).get(reverse("cases:leader"))
    assert response.status_code == 200
    assert [c.number for c in response.context["queue"]] == [red.number, yellow.number, green.number]
    html = response.content.decode()
    for case in (escalated, someone_elses, county):
        assert case.number not in html
    assert light_of(html, red.number) == "red"
    assert light_of(html, yellow.number) == "yellow"
    assert light_of(html, green.number) == "green"
    assert response.context["on_duty"] == city_leader


def test_a_leader_with_nobody_on_the_rota_sees_the_unowned_cases(login, register, duty_leader):
    unowned = register()
    assert unowned.duty_leader is None
    response = login(duty_leader).get(reverse("cases:leader"))
    assert [c.number for c in response.context["unowned"]] == [unowned.number]
    assert list(response.context["queue"]) == []
    assert response.context["on_duty"] is None


def test_the_desk_lists_what_waits_for_the_leaders_decision(login, register, order, extension, city_leader,
                                                            section_head, second_department):
    deficiency = register(reporter_name="容缺")
    case_record_citizen_outcome(case=deficiency, by=city_leader, kind="deficiency", missing_items="户口本复印件")
    second = case_dispatch(case=register(reporter_name="退回"), by=city_leader, department=second_department,
                           kind="should", instruction="请办理")
    work_order_return(order=second, by=second_department.head, reason="不属我中心职责")

    response = login(city_leader).get(reverse("cases:leader"))
    approvals = response.context["approvals"]
    assert [c.number for c in approvals["deficiencies"]] == [deficiency.number]
    assert list(approvals["extensions"]) == [extension]
    assert list(approvals["returned"]) == [second]
    html = response.content.decode()
    assert reverse("cases:decide_extension", args=[extension.pk]) in html
    assert "需等待外省回函" in html and "不属我中心职责" in html


def _fill_the_leaders_desk(n, *, register, leader, department, head):
    for i in range(n):
        case = register(reporter_name=f"队列{i}")
        order = case_dispatch(case=case, by=leader, department=department, kind="should", instruction="请办理")
        work_order_request_extension(order=order, by=head, until=datetime.date(2026, 11, 30), reason="等回函")
        returned = case_dispatch(case=case, by=leader, department=department.__class__.objects.get(name="社保中心"),
                                 kind="cannot", instruction="请说明")
        work_order_return(order=returned, by=returned.department.head, reason="不属本中心")
        deficiency = register(reporter_name=f"容缺{i}")
        case_record_citizen_outcome(case=deficiency, by=leader, kind="deficiency", missing_items="户口本")


@pytest.mark.parametrize("n", [3, 15])
def test_the_leaders_desk_needs_a_fixed_number_of_queries(login, register, city_leader, department, section_head,
                                                         second_department, django_assert_max_num_queries, n):
    _fill_the_leaders_desk(n, register=register, leader=city_leader, department=department, head=section_head)
    client = login(city_leader)
    with django_assert_max_num_queries(LEADER_QUERY_BOUND):
        response = client.get(reverse("cases:leader"))
    assert response.context["queue"].paginator.count == 2 * n  # paged, 25 at a time
    assert len(response.context["queue"]) == min(2 * n, 25)
    assert len(response.context["approvals"]["extensions"]) == n
    assert len(response.context["approvals"]["returned"]) == n
    assert len(response.context["approvals"]["deficiencies"]) == n


# --- dispatching and the department -----------------------------------------------------------------------------


def test_the_leader_dispatches_and_the_head_finds_the_order_with_its_light(login, tier1_case, city_leader, department,
                                                                          section_head):
    response = login(city_leader).post(reverse("cases:dispatch", args=[tier1_case.number]), {
        "department": department.pk, "kind": "should", "instruction": "请核实外省数据"})
    assert response.status_code == 302
    assert response.url == reverse("cases:detail", args=[tier1_case.number])
    order = WorkOrder.objects.get(case=tier1_case)
    assert (order.department, order.state, order.dispatched_by) == (department, WorkOrder.State.DISPATCHED, city_leader)
    assert local(order.due_at) == "2026-11-24 17:00"  # 5 working days, counted from dispatch
    assert AuditEvent.objects.filter(case=tier1_case, action="work_order.dispatched").count() == 1
    assert Notification.objects.filter(recipient=section_head, work_order=order, kind="dispatched").count() == 1

    response = login(section_head).get(reverse("cases:department"))
    assert list(response.context["orders"]) == [order]
    html = response.content.decode()
    assert reverse("cases:work_order", args=[order.pk]) in html
    assert light_of(html, tier1_case.number) == "green"


def test_dispatching_without_an_instruction_is_refused_beside_the_field(login, tier1_case, city_leader, department):
    before = engine_state()
    response = login(city_leader).post(reverse("cases:dispatch", args=[tier1_case.number]), {
        "department": department.pk, "kind": "should", "instruction": "  "})
    assert response.status_code == 400
    assert "instruction" in response.context["forms"]["dispatch"].errors
    assert engine_state() == before


def test_a_second_open_order_to_the_same_department_is_refused_beside_the_field(login, order, city_leader, department):
    before = engine_state()
    response = login(city_leader).post(reverse("cases:dispatch", args=[order.case.number]), {
        "department": department.pk, "kind": "should", "instruction": "再办一次"})
    assert response.status_code == 400
    assert "department" in response.context["forms"]["dispatch"].errors
    assert engine_state() == before


def test_the_department_page_lists_only_the_heads_own_departments_orders(login, order, register, city_leader,
                                                                         second_department, section_head):
    other = case_dispatch(case=register(reporter_name="别科"), by=city_leader, department=second_department,
                          kind="should", instruction="请办理")
    response = login(section_head).get(reverse("cases:department"))
    assert list(response.context["orders"]) == [order]
    assert other.case.number not in response.content.decode()


def test_the_head_signs_then_answers_and_the_leader_sees_the_answer(login, order, section_head, city_leader):
    client = login(section_head)
    page = client.get(reverse("cases:work_order", args=[order.pk]))
    assert page.context["may_act"] is True
    assert reverse("cases:work_order_sign", args=[order.pk]) in page.content.decode()

    response = client.post(reverse("cases:work_order_sign", args=[order.pk]))
    assert response.status_code == 302 and response.url == reverse("cases:work_order", args=[order.pk])
    order.refresh_from_db()
    assert (order.state, order.signed_by) == (WorkOrder.State.SIGNED, section_head)
    assert order.due_at == order.original_due_at  # signing does not restart the clock
    assert reverse("cases:work_order_sign", args=[order.pk]) not in client.get(response.url).content.decode()

    response = client.post(reverse("cases:work_order_answer", args=[order.pk]), {"answer": "已联系外省补传数据，可以办理。"})
    assert response.status_code == 302
    order.refresh_from_db()
    assert (order.state, order.answered_by, order.answer) == (WorkOrder.State.ANSWERED, section_head, "已联系外省补传数据，可以办理。")
    assert list(client.get(reverse("cases:department")).context["orders"]) == []

    leader = login(city_leader)
    assert "已联系外省补传数据，可以办理。" in leader.get(reverse("cases:detail", args=[order.case.number])).content.decode()
    assert Notification.objects.filter(recipient=city_leader, work_order=order, kind="answered").count() == 1
    assert order.case.number in leader.get(reverse("cases:inbox")).content.decode()


def test_an_empty_answer_is_refused_beside_the_field(login, order, section_head):
    before = engine_state()
    response = login(section_head).post(reverse("cases:work_order_answer", args=[order.pk]), {"answer": " "})
    assert response.status_code == 400
    assert "answer" in response.context["forms"]["answer"].errors
    assert engine_state() == before


def test_signing_twice_is_refused_with_a_message(login, order, section_head):
    client = login(section_head)
    client.post(reverse("cases:work_order_sign", args=[order.pk]))
    before = engine_state()
    response = client.post(reverse("cases:work_order_sign", args=[order.pk]))
    assert response.status_code == 400
    assert [str(m) for m in response.context["messages"]]
    assert engine_state() == before


def test_returning_without_a_reason_is_refused_beside_the_field_and_nothing_is_saved(login, order, section_head):
    before = engine_state()
    response = login(section_head).post(reverse("cases:work_order_return", args=[order.pk]), {"return-reason": ""})
    assert response.status_code == 400
    assert "reason" in response.context["forms"]["return"].errors
    html = response.content.decode()
    assert 'id="id_return-reason"' in html and "is-invalid" in html
    assert engine_state() == before


def test_returning_with_a_reason_sends_it_back_to_the_leaders_desk(login, order, section_head, city_leader):
    response = login(section_head).post(reverse("cases:work_order_return", args=[order.pk]),
                                        {"return-reason": "不属本科职责，应由社保中心办理"})
    assert response.status_code == 302
    order.refresh_from_db()
    assert (order.state, order.return_reason, order.returned_by) == (
        WorkOrder.State.RETURNED, "不属本科职责，应由社保中心办理", section_head)
    desk = login(city_leader).get(reverse("cases:leader"))
    assert list(desk.context["approvals"]["returned"]) == [order]
    assert "不属本科职责，应由社保中心办理" in desk.content.decode()


def test_an_extension_shows_on_the_leaders_desk_and_granting_it_keeps_the_original_deadline(login, order, section_head,
                                                                                           city_leader):
    response = login(section_head).post(reverse("cases:work_order_extension", args=[order.pk]),
                                        {"until": "2026-11-30", "reason": "需等待外省回函"})
    assert response.status_code == 302
    extension = ExtensionRequest.objects.get(work_order=order)

    desk = login(city_leader).get(reverse("cases:leader"))
    assert list(desk.context["approvals"]["extensions"]) == [extension]
    assert "需等待外省回函" in desk.content.decode()

    response = login(city_leader).post(reverse("cases:decide_extension", args=[extension.pk]),
                                       {"approve": "yes", "note": "同意", "next": reverse("cases:leader")})
    assert response.status_code == 302 and response.url == reverse("cases:leader")
    order.refresh_from_db()
    assert local(order.original_due_at) == "2026-11-24 17:00"
    assert local(order.due_at) == "2026-11-30 17:00"

    page = login(section_head).get(reverse("cases:work_order", args=[order.pk])).content.decode()
    assert "2026-11-30 17:00" in page and "2026-11-24 17:00" in page  # new deadline beside the original
    assert list(login(city_leader).get(reverse("cases:leader")).context["approvals"]["extensions"]) == []


def test_the_case_page_lists_its_tiers_and_work_orders(login, extension, city_leader, section_head, second_department,
                                                      committee_member):
    from cases.services.dispatch import extension_decide

    order = extension.work_order
    extension_decide(request=extension, by=city_leader, approve=True)
    work_order_return(order=order, by=section_head, reason="<i>不属本科职责</i>")
    case = case_escalate(case=order.case, by=city_leader, reason="<b>涉及多个部门</b>", expected_state="tier1")
    open_order = case_dispatch(case=case, by=committee_member, department=second_department,
                               kind=WorkOrder.Kind.SHOULD_HAVE_DONE, instruction="请答复。")
    html = login(committee_member).get(reverse("cases:detail", args=[case.number])).content.decode()

    rows = re.findall(r"<tr(?: class=\"table-danger\")?><td class=\"text-nowrap\"[^>]*>.*?</tr>", html, re.S)
    assert len(rows) == 2
    assert str(city_leader) in rows[0] and "&lt;b&gt;涉及多个部门&lt;/b&gt;" in rows[0]  # who held it, how it left
    assert "<b>" not in rows[0] and "target=\"_blank\"" not in rows[0]  # no notice to the first tier
    notice = reverse("cases:escalation_notice", args=[case.number, case.tier_spans.order_by("entered_at", "id").last().pk])
    assert f'href="{notice}"' in rows[1] and re.search(r"<td[^>]*>—</td>", rows[1])  # still at tier 2

    items = re.findall(r'<li class="mb-2">.*?</li>', html, re.S)
    assert len(items) == 2
    returned, still_open = items
    assert f'href="{reverse("cases:work_order", args=[order.pk])}"' in returned
    assert "11-30 17:00" in returned and "11-24 17:00" in returned  # the deadline, and the one before the extension
    assert "&lt;i&gt;不属本科职责&lt;/i&gt;" in returned and "<i>" not in returned
    assert f'href="{reverse("cases:work_order", args=[open_order.pk])}"' in still_open
    assert 'class="light light-' in still_open  # an open order shows its clock


def test_a_refused_extension_leaves_the_deadline(login, extension, city_leader):
    order = extension.work_order
    response = login(city_leader).post(reverse("cases:decide_extension", args=[extension.pk]), {"approve": "no"})
    assert response.status_code == 302
    order.refresh_from_db()
    extension.refresh_from_db()
    assert extension.approved is False
    assert order.due_at == order.original_due_at


def test_a_decision_without_grant_or_refuse_changes_nothing(login, extension, city_leader):
    before = engine_state()
    response = login(city_leader).post(reverse("cases:decide_extension", args=[extension.pk]), {"note": "?"})
    assert response.status_code == 400  # the leader's page again, saying what is missing
    assert "decision_form" in response.context and response.context["approvals"] is not None
    assert [str(m) for m in response.context["messages"]] == ["请选择同意或不同意。"]
    assert engine_state() == before


def test_an_extension_to_a_date_before_the_deadline_is_refused_beside_the_field(login, order, section_head):
    before = engine_state()
    response = login(section_head).post(reverse("cases:work_order_extension", args=[order.pk]),
                                        {"until": "2026-11-20", "reason": "需等待"})
    assert response.status_code == 400
    assert "until" in response.context["forms"]["extension"].errors
    assert engine_state() == before


def test_an_extension_after_the_deadline_is_refused(login, order, section_head, frozen_clock):
    frozen_clock.move_to(at(25, 9))
    before = engine_state()
    response = login(section_head).post(reverse("cases:work_order_extension", args=[order.pk]),
                                        {"until": "2026-11-30", "reason": "来不及了"})
    assert response.status_code == 400
    assert "until" in response.context["forms"]["extension"].errors
    assert engine_state() == before


def test_the_head_stops_and_restarts_a_work_orders_clock(login, order, section_head, frozen_clock):
    client = login(section_head)
    response = client.post(reverse("cases:work_order_pause", args=[order.pk]), {"pause-reason": "等待外省回函"})
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.paused_at is not None
    assert light_of(client.get(reverse("cases:department")).content.decode(), order.case.number) == "paused"
    frozen_clock.move_to(at(17, 11))
    assert client.post(reverse("cases:work_order_resume", args=[order.pk])).status_code == 302
    order.refresh_from_db()
    assert order.paused_at is None
    assert local(order.due_at) == "2026-11-25 09:30"  # an office hour later
    assert local(order.original_due_at) == "2026-11-24 17:00"


@pytest.mark.parametrize("n", [3, 15])
def test_the_department_page_needs_a_fixed_number_of_queries(login, register, city_leader, department, section_head,
                                                            django_assert_max_num_queries, n):
    for i in range(n):
        case = register(reporter_name=f"科{i}")
        case_dispatch(case=case, by=city_leader, department=department, kind="should", instruction="请办理")
        done = case_dispatch(case=register(reporter_name=f"结{i}"), by=city_leader, department=department,
                             kind="cannot", instruction="请说明")
        work_order_answer(order=done, by=section_head, answer="已答复")
    client = login(section_head)
    with django_assert_max_num_queries(DEPARTMENT_QUERY_BOUND):
        response = client.get(reverse("cases:department"))
    assert len(response.context["orders"]) == n
    assert len(response.context["done"]) == n


# --- escalation, the committee and the party group ----------------------------------------------------------------


def test_the_leader_escalates_early_with_a_reason_and_the_committee_sees_it(login, tier1_case, city_leader,
                                                                           committee_member):
    response = login(city_leader).post(reverse("cases:escalate", args=[tier1_case.number]),
                                       {"escalate-reason": "涉及三个部门，太复杂", "escalate-expected_state": "tier1"})
    assert response.status_code == 302
    tier1_case.refresh_from_db()
    assert tier1_case.state == State.TIER2
    assert local(tier1_case.due_at) == "2026-11-20 17:00"
    assert tier1_case.number not in [c.number for c in login(city_leader).get(reverse("cases:leader")).context["queue"]]
    queue = login(committee_member).get(reverse("cases:committee"))
    assert [c.number for c in queue.context["cases"]] == [tier1_case.number]
    assert light_of(queue.content.decode(), tier1_case.number) == "green"
    assert Notification.objects.filter(recipient=committee_member, case=tier1_case, kind="escalated").count() == 1


def test_the_committees_queue_shows_a_page_at_a_time(login, register, city_leader, committee_member):
    for _ in range(26):
        case_escalate(case=register(), by=city_leader, reason="涉及多个部门", expected_state="tier1")
    first = login(committee_member).get(reverse("cases:committee"))
    assert len(first.context["page"]) == 25 and 'rel="next"' in first.content.decode()
    second = login(committee_member).get(reverse("cases:committee"), {"page": 2})
    assert len(second.context["page"]) == 1 and 'rel="prev"' in second.content.decode()


def test_escalating_without_a_reason_is_refused_beside_the_field(login, tier1_case, city_leader):
    before = engine_state()
    response = login(city_leader).post(reverse("cases:escalate", args=[tier1_case.number]),
                                       {"escalate-reason": "", "escalate-expected_state": "tier1"})
    assert response.status_code == 400
    assert "reason" in response.context["forms"]["escalate"].errors
    assert engine_state() == before


def test_escalating_a_stale_form_is_refused(login, tier2_case, city_leader):
    before = engine_state()
    response = login(city_leader).post(reverse("cases:escalate", args=[tier2_case.number]),
                                       {"escalate-reason": "太复杂", "escalate-expected_state": "tier1"})
    assert response.status_code == 400
    assert engine_state() == before


def test_the_committee_refers_to_the_party_group_which_decides(login, tier2_case, committee_member, director):
    case_record_special_handling(case=tier2_case, by=committee_member, kind="legacy", procedure="特事特办")
    response = login(committee_member).post(reverse("cases:escalate", args=[tier2_case.number]),
                                            {"escalate-reason": "需局党组研究", "escalate-expected_state": "tier2"})
    assert response.status_code == 302
    tier2_case.refresh_from_db()
    assert tier2_case.state == State.TIER3
    queue = login(director).get(reverse("cases:party_group"))
    assert [c.number for c in queue.context["cases"]] == [tier2_case.number]
    assert reverse("cases:decision", args=[tier2_case.number]) in login(director).get(
        reverse("cases:detail", args=[tier2_case.number])).content.decode()

    response = login(director).post(reverse("cases:decision", args=[tier2_case.number]), {
        "decision": "按最早档案记载认定，补发待遇", "decided_on": "2026-11-17", "close": "on", "expected_state": "tier3"})
    assert response.status_code == 302
    tier2_case.refresh_from_db()
    assert tier2_case.state == State.CLOSED
    assert (tier2_case.party_group_decision, tier2_case.decided_on) == ("按最早档案记载认定，补发待遇", datetime.date(2026, 11, 17))
    assert list(login(director).get(reverse("cases:party_group")).context["cases"]) == []
    review = login(director).get(reverse("cases:review")).content.decode()
    assert "按最早档案记载认定，补发待遇" in review and "2026-11-17" in review


def test_a_decision_without_text_is_refused_beside_the_field(login, tier3_case, director):
    before = engine_state()
    response = login(director).post(reverse("cases:decision", args=[tier3_case.number]),
                                    {"decision": "", "decided_on": "2026-11-17", "expected_state": "tier3"})
    assert response.status_code == 400
    assert "decision" in response.context["forms"]["decision"].errors
    assert engine_state() == before


def test_a_decision_before_tier3_is_refused(login, tier2_case, director):
    before = engine_state()
    response = login(director).post(reverse("cases:decision", args=[tier2_case.number]),
                                    {"decision": "补发", "decided_on": "2026-11-17", "expected_state": "tier2"})
    assert response.status_code == 400
    assert engine_state() == before


@pytest.mark.parametrize("n", [3, 15])
def test_the_committee_queue_needs_a_fixed_number_of_queries(login, register, city_leader, committee_member,
                                                            django_assert_max_num_queries, n):
    for i in range(n):
        case_escalate(case=register(reporter_name=f"委{i}"), by=city_leader, reason="太复杂")
    client = login(committee_member)
    with django_assert_max_num_queries(TIER_QUEUE_QUERY_BOUND):
        response = client.get(reverse("cases:committee"))
    assert len(response.context["cases"]) == n


# --- stopping the clock, meetings, the notice ----------------------------------------------------------------------


def test_the_leader_stops_and_restarts_the_cases_clock(login, tier1_case, city_leader, frozen_clock):
    client = login(city_leader)
    response = client.post(reverse("cases:pause", args=[tier1_case.number]),
                           {"pause-reason": "等待群众补交材料", "pause-expected_state": "tier1"})
    assert response.status_code == 302
    tier1_case.refresh_from_db()
    assert tier1_case.paused_at is not None
    assert light_of(client.get(reverse("cases:leader")).content.decode(), tier1_case.number) == "paused"
    assert reverse("cases:resume", args=[tier1_case.number]) in client.get(
        reverse("cases:detail", args=[tier1_case.number])).content.decode()

    frozen_clock.move_to(at(17, 11))
    response = client.post(reverse("cases:resume", args=[tier1_case.number]), {"expected_state": "tier1"})
    assert response.status_code == 302
    tier1_case.refresh_from_db()
    assert tier1_case.paused_at is None
    assert local(tier1_case.due_at) == "2026-11-19 09:30"  # due Wed 17:00, moved by the hour stopped
    assert AuditEvent.objects.filter(case=tier1_case, action__in=["case.clock_stopped", "case.clock_restarted"]).count() == 2


def test_stopping_the_clock_without_a_reason_is_refused_beside_the_field(login, tier1_case, city_leader):
    before = engine_state()
    response = login(city_leader).post(reverse("cases:pause", args=[tier1_case.number]),
                                       {"pause-reason": "", "pause-expected_state": "tier1"})
    assert response.status_code == 400
    assert "reason" in response.context["forms"]["pause"].errors
    assert engine_state() == before


def test_restarting_a_running_clock_is_refused(login, tier1_case, city_leader):
    before = engine_state()
    response = login(city_leader).post(reverse("cases:resume", args=[tier1_case.number]), {"expected_state": "tier1"})
    assert response.status_code == 400
    assert engine_state() == before


def test_the_leader_records_a_research_room_meeting(login, tier1_case, city_leader, department, second_department):
    with CaptureQueriesContext(connection) as before:
        login(city_leader).get(reverse("cases:detail", args=[tier1_case.number]))
    assert not [q for q in before.captured_queries if '"cases_meeting"' in q["sql"]]  # none in its history: not asked
    response = login(city_leader).post(reverse("cases:meeting", args=[tier1_case.number]), {
        "held_at": "2026-11-17T09:30", "place": "三楼研究室", "departments": [department.pk, second_department.pk],
        "attendees": "李建国、养老保险科科长、社保中心主任", "decision": "由社保中心三日内联系外省"})
    assert response.status_code == 302
    meeting = Meeting.objects.get(case=tier1_case)
    assert set(meeting.departments.all()) == {department, second_department}
    assert local(meeting.held_at) == "2026-11-17 09:30"
    page = login(city_leader).get(reverse("cases:detail", args=[tier1_case.number])).content.decode()
    assert "由社保中心三日内联系外省" in page
    slip = login(city_leader).get(reverse("cases:slip", args=[tier1_case.number])).content.decode()
    assert "由社保中心三日内联系外省" in slip


def test_a_meeting_without_departments_is_refused_beside_the_field(login, tier1_case, city_leader):
    before = engine_state()
    response = login(city_leader).post(reverse("cases:meeting", args=[tier1_case.number]), {
        "held_at": "2026-11-17T09:30", "attendees": "李建国", "decision": "再议"})
    assert response.status_code == 400
    assert "departments" in response.context["forms"]["meeting"].errors
    assert "<details class=\"mt-3\" open>" in response.content.decode()  # the form stays open with its error
    assert engine_state() == before


def test_the_escalation_notice_prints_the_time_spent_and_the_new_deadline(login, tier1_case, city_leader, frozen_clock,
                                                                          committee_member, django_assert_max_num_queries):
    frozen_clock.move_to(at(17, 15))
    case_escalate(case=tier1_case, by=city_leader, reason="涉及三个部门")
    span = tier1_case.tier_spans.order_by("entered_at", "id").last()
    client = login(committee_member)
    client.get(reverse("cases:escalation_notice", args=[tier1_case.number, span.pk]))  # the clock's calendar read
    with django_assert_max_num_queries(7):  # who moved the case on is read with the tiers
        response = client.get(reverse("cases:escalation_notice", args=[tier1_case.number, span.pk]))
    assert response.status_code == 200
    assert response.context["spent_hours"] == "4.0"  # 10:00-12:00 and 13:00-15:00
    html = response.content.decode()
    assert "4.0" in html
    assert "2026-11-20 17:00" in html  # three working days for the committee
    assert "涉及三个部门" in html
    assert f"({city_leader})" in html  # who moved it on
    detail = login(committee_member).get(reverse("cases:detail", args=[tier1_case.number])).content.decode()
    assert reverse("cases:escalation_notice", args=[tier1_case.number, span.pk]) in detail


# --- the director's review ---------------------------------------------------------------------------------------


@pytest.fixture
def escalations(register, tier3_case, director, county_escalated, outside_clerk, outside_leader, frozen_clock):
    """A city case decided at tier 3, a county case at tier 2, an unrelated office's escalation, a city case at tier 1."""
    case_record_decision(case=tier3_case, by=director, decision="补发待遇", decided_on=datetime.date(2026, 11, 17))
    outside = register(by=outside_clerk, reporter_name="外单位")
    case_escalate(case=outside, by=outside_leader, reason="太复杂")
    frozen_clock.move_to(at(18, 10))
    not_escalated = register(reporter_name="未升级")
    city_tier2 = case_escalate(case=register(reporter_name="市二级"), by=tier3_case.duty_leader, reason="太复杂")
    return {"decided": tier3_case, "county": county_escalated[0], "outside": outside, "tier1": not_escalated,
            "city_tier2": city_tier2}


def _numbers(response):
    return [case.number for case in response.context["page"]]


def test_the_review_lists_the_escalations_of_the_directors_office_and_below(login, escalations, director):
    response = login(director).get(reverse("cases:review"))
    assert response.status_code == 200
    assert _numbers(response) == [escalations["city_tier2"].number, escalations["county"].number,
                                  escalations["decided"].number]
    html = response.content.decode()
    assert escalations["outside"].number not in html and escalations["tier1"].number not in html
    assert "补发待遇" in html and "2026-11-17" in html  # the decision with its date
    assert "涉及多个部门，太复杂" in html  # why it left tier 1


def test_the_review_filters_by_office(login, escalations, director, county):
    response = login(director).get(reverse("cases:review"), {"office": county.pk})
    assert _numbers(response) == [escalations["county"].number]


def test_the_review_refuses_an_office_outside_its_reach_as_a_filter(login, escalations, director, unrelated_office):
    response = login(director).get(reverse("cases:review"), {"office": unrelated_office.pk})
    assert "office" in response.context["form"].errors
    assert escalations["outside"].number not in response.content.decode()


@pytest.mark.parametrize("tier, expected", [("tier2", ["city_tier2", "county"]), ("resolved", ["decided"]),
                                            ("tier3", [])])
def test_the_review_filters_by_tier(login, escalations, director, tier, expected):
    response = login(director).get(reverse("cases:review"), {"tier": tier})
    assert _numbers(response) == [escalations[key].number for key in expected]


def test_the_review_filters_by_light(login, escalations, director, frozen_clock):
    # Fri 20 10:00: the county case (due Fri 17:00) has 6 of its 28.5 office hours left, yellow;
    # the city's (due Mon 23 17:00) has 13.5, green.
    frozen_clock.move_to(at(20, 10))
    client = login(director)
    assert _numbers(client.get(reverse("cases:review"), {"light": "yellow"})) == [escalations["county"].number]
    assert _numbers(client.get(reverse("cases:review"), {"light": "green"})) == [escalations["city_tier2"].number]
    assert _numbers(client.get(reverse("cases:review"), {"light": "red"})) == []
    frozen_clock.move_to(at(23, 9))
    assert _numbers(client.get(reverse("cases:review"), {"light": "red"})) == [escalations["county"].number]


def test_the_review_filters_by_period(login, escalations, director):
    client = login(director)
    on_17 = client.get(reverse("cases:review"), {"escalated_from": "2026-11-17", "escalated_to": "2026-11-17"})
    assert _numbers(on_17) == [escalations["county"].number, escalations["decided"].number]
    from_18 = client.get(reverse("cases:review"), {"escalated_from": "2026-11-18"})
    assert _numbers(from_18) == [escalations["city_tier2"].number]


def _escalate_many(n, *, register, leader, committee, director, county_clerk, county_leader):
    """n escalated cases: a third decided at tier 3, a third at tier 2, a third from the county."""
    for i in range(n):
        if i % 3 == 2:
            case_escalate(case=register(by=county_clerk, reporter_name=f"县{i}"), by=county_leader, reason="县里解决不了")
            continue
        case = case_escalate(case=register(reporter_name=f"市{i}"), by=leader, reason="太复杂")
        if i % 3 == 0:
            case_record_special_handling(case=case, by=committee, kind="legacy", procedure="特事特办")
            case = case_escalate(case=case, by=committee, reason="需局党组研究")
            case_record_decision(case=case, by=director, decision="补发", decided_on=datetime.date(2026, 11, 17))


@pytest.mark.parametrize("n", [3, 15])
def test_the_review_needs_a_fixed_number_of_queries(login, register, city_leader, committee_member, director,
                                                   county_clerk, county_leader, django_assert_max_num_queries, n):
    _escalate_many(n, register=register, leader=city_leader, committee=committee_member, director=director,
                   county_clerk=county_clerk, county_leader=county_leader)
    client = login(director)
    with django_assert_max_num_queries(REVIEW_QUERY_BOUND):
        response = client.get(reverse("cases:review"))
    assert len(response.context["page"]) == n
    with django_assert_max_num_queries(REVIEW_QUERY_BOUND):
        response = client.get(reverse("cases:review"), {"light": "green", "tier": "tier2"})
    assert len(response.context["page"]) == n - n // 3


# --- the inbox ----------------------------------------------------------------------------------------------------------


def test_the_inbox_lists_only_the_users_own_notifications(login, order, register, city_leader, second_department,
                                                          section_head):
    other = case_dispatch(case=register(reporter_name="别科"), by=city_leader, department=second_department,
                          kind="should", instruction="请办理")
    response = login(section_head).get(reverse("cases:inbox"))
    notes = list(response.context["page"])
    assert [n.work_order_id for n in notes] == [order.pk]
    html = response.content.decode()
    assert order.case.number in html and other.case.number not in html


def test_the_unread_badge_counts_and_mark_read_works(login, register, city_leader, department, section_head):
    orders = [case_dispatch(case=register(reporter_name=f"读{i}"), by=city_leader, department=department,
                            kind="should", instruction="请办理") for i in range(3)]
    client = login(section_head)
    response = client.get(reverse("cases:department"))
    assert response.context["unread_notifications"] == 3
    assert re.search(r'unread-badge">3<', response.content.decode())

    note = Notification.objects.get(recipient=section_head, work_order=orders[0])
    response = client.post(reverse("cases:inbox_read"), {"id": note.pk, "open": "1"})
    assert response.status_code == 302 and response.url == reverse("cases:work_order", args=[orders[0].pk])
    note.refresh_from_db()
    assert note.read_at is not None
    assert client.get(reverse("cases:inbox")).context["unread_notifications"] == 2

    note = Notification.objects.get(recipient=section_head, work_order=orders[1])
    response = client.post(reverse("cases:inbox_read"), {"id": note.pk})
    assert response.url == reverse("cases:inbox")
    assert client.get(reverse("cases:inbox")).context["unread_notifications"] == 1

    response = client.post(reverse("cases:inbox_read"))
    assert response.url == reverse("cases:inbox")
    page = client.get(reverse("cases:inbox"))
    assert page.context["unread_notifications"] == 0
    assert "unread-badge" not in page.content.decode()
    assert Notification.objects.filter(recipient=section_head, read_at__isnull=True).count() == 0


def test_marking_all_read_leaves_other_peoples_notifications_unread(login, order, tier2_case, section_head,
                                                                    committee_member):
    login(section_head).post(reverse("cases:inbox_read"))
    assert Notification.objects.filter(recipient=committee_member, read_at__isnull=True).count() == 1


def test_an_escalation_notification_opens_the_case(login, tier2_case, committee_member):
    note = Notification.objects.get(recipient=committee_member, case=tier2_case)
    response = login(committee_member).post(reverse("cases:inbox_read"), {"id": note.pk, "open": "1"})
    assert response.url == reverse("cases:detail", args=[tier2_case.number])


@pytest.mark.parametrize("n", [3, 15])
def test_the_inbox_needs_a_fixed_number_of_queries(login, register, city_leader, department, section_head,
                                                  django_assert_max_num_queries, n):
    for i in range(n):
        case_dispatch(case=register(reporter_name=f"信{i}"), by=city_leader, department=department, kind="should",
                      instruction="请办理")
    client = login(section_head)
    with django_assert_max_num_queries(INBOX_QUERY_BOUND):
        response = client.get(reverse("cases:inbox"))
    assert len(response.context["page"]) == n


def test_every_list_page_costs_the_same_queries_for_3_and_for_15_rows(login, register, city_leader, department,
                                                                     section_head, second_department, committee_member,
                                                                     director, county_clerk, county_leader, capsys):
    """The exact counts, printed for the record; equal counts prove no query per row."""
    counts = {}
    for more in (3, 12):  # 3 rows, then 15
        _fill_the_leaders_desk(more, register=register, leader=city_leader, department=department, head=section_head)
        _escalate_many(more, register=register, leader=city_leader, committee=committee_member, director=director,
                       county_clerk=county_clerk, county_leader=county_leader)
        for name, user, query in (("leader", city_leader, {}), ("department", section_head, {}),
                                  ("inbox", section_head, {}), ("committee", committee_member, {}),
                                  ("party_group", director, {}), ("review", director, {}),
                                  ("review", director, {"light": "green"})):
            client = login(user)
            with CaptureQueriesContext(connection) as queries:
                assert client.get(reverse(f"cases:{name}"), query).status_code == 200
            counts.setdefault(f"{name}{query or ''}", []).append(len(queries))
    with capsys.disabled():
        print("\nqueries with 3 and with 15 rows:", counts)
    assert all(len(set(v)) == 1 for v in counts.values()), counts


def test_a_head_of_two_departments_sees_both(login, register, city_leader, department, section_head, city):
    from routing.models import Department

    other = Department.objects.create(office=city, name="医保科", head=section_head)
    first = case_dispatch(case=register(reporter_name="甲"), by=city_leader, department=department, kind="should",
                          instruction="请办理")
    second = case_dispatch(case=register(reporter_name="乙"), by=city_leader, department=other, kind="should",
                           instruction="请办理")
    assert set(login(section_head).get(reverse("cases:department")).context["orders"]) == {first, second}


def test_a_head_moved_to_another_office_no_longer_sees_the_old_orders(login, order, section_head, county):
    section_head.office = county
    section_head.save()
    refreshed = User.objects.get(pk=section_head.pk)
    assert list(login(refreshed).get(reverse("cases:department")).context["orders"]) == []


def test_a_meeting_naming_a_department_id_past_any_row_is_refused_not_a_server_error(login, tier1_case, city_leader,
                                                                                     department):
    before = engine_state()
    response = login(city_leader).post(reverse("cases:meeting", args=[tier1_case.number]), {
        "held_at": "2026-11-17T09:00", "place": "研究室", "departments": [department.pk, str(2**63)],
        "attendees": "李建国", "decision": "由养老保险科联系外省"})
    assert response.status_code == 400
    assert response.context["forms"]["meeting"].errors["departments"]
    assert engine_state() == before
