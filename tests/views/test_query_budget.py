"""Every staff page within ten queries, and no more queries for more rows.

The budget: a page costs at most PAGE_QUERY_BUDGET queries whether the
register holds a thousand cases or a million, so no page may read once per
row it shows. Each page is measured with a few rows, then again after more
rows of every kind were added (cases, work orders, extensions, returns,
escalations, history, meetings, notifications, innovations): the count must
stay within the budget and not grow.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import Case, WorkOrder
from cases.services import (
    case_classify,
    case_record_citizen_outcome,
    case_record_special_handling,
    innovation_create,
)
from cases.services.dispatch import (
    case_dispatch,
    extension_decide,
    meeting_record,
    work_order_request_extension,
    work_order_return,
)
from cases.services.escalation import case_escalate, case_record_decision
from cases.services.triage import web_report_accept
from routing.models import Department
from tests.conftest import VALID_ID

from .engine_setup import *  # noqa: F401,F403
from .engine_setup import at

pytestmark = pytest.mark.django_db

PAGE_QUERY_BUDGET = 10


class World:
    """Rows of every kind a staff page lists, added `more` at a time."""

    def __init__(self, *, register, clerk, leader, department, second_department, committee, director,
                 county_clerk, county_leader, county_department):
        self.register, self.clerk, self.leader = register, clerk, leader
        self.department, self.second_department = department, second_department
        self.committee, self.director = committee, director
        self.county_clerk, self.county_leader, self.county_department = county_clerk, county_leader, county_department
        self.rounds = 0
        # The cases whose pages are measured: one in the duty leader's hands,
        # one escalated to the party group, one of the county below.
        self.tier1 = register(reporter_name="焦点一")
        self.order = case_dispatch(case=self.tier1, by=leader, department=department, kind="should", instruction="请办理")
        tier3 = case_escalate(case=register(reporter_name="焦点三"), by=leader, reason="太复杂")
        case_record_special_handling(case=tier3, by=committee, kind="legacy", procedure="特事特办")
        self.tier3 = case_escalate(case=tier3, by=committee, reason="需局党组研究")
        self.county_case = register(by=county_clerk, reporter_name="县焦点")
        case_dispatch(case=self.county_case, by=county_leader, department=county_department, kind="should",
                      instruction="请办理")
        # The most a case page shows: a special-handling case in hand (the
        # innovation choices) with a meeting and a work order (and the dispatch
        # forms' departments).
        self.objective = register(reporter_name="焦点特")
        case_dispatch(case=self.objective, by=leader, department=department, kind="should", instruction="请办理")
        meeting_record(case=self.objective, by=leader, held_at=at(17, 9), departments=[department], attendees="李建国",
                       decision="特事特办")
        self.innovation = innovation_create(office=leader.office, by=director, title="容缺受理制度",
                                            rule_text="材料不全时先受理", adopted_on=datetime.date(2026, 11, 1))
        case_record_special_handling(case=register(reporter_name="创新"), by=leader, kind="bottleneck",
                                     procedure="按新制度办理", innovation=self.innovation)
        case_record_special_handling(case=self.objective, by=leader, kind="bottleneck", procedure="按新制度办理",
                                     innovation=self.innovation)
        # A web report waiting for triage, of the same person as the cases above (its merge candidates).
        self.web_report = self.report_online("网上焦点")

    def report_online(self, name):
        from cases.services.public import case_report_online

        office = self.clerk.office
        return case_report_online(office=office, files=[], reporter_name=name, reporter_phone="13812345678",
                                  reporter_id_number=VALID_ID, business_area=office.business_areas.first(),
                                  matter="网上反映的事项", failure_reason="网上办不成")

    def add(self, more: int) -> None:
        for _i in range(more):
            self.rounds += 1
            n = self.rounds
            register, leader = self.register, self.leader
            # The leader's desk: his queue, extensions asked for, returned orders, deficiencies.
            order = case_dispatch(case=register(reporter_name=f"队列{n}"), by=leader, department=self.department,
                                  kind="should", instruction="请办理")
            work_order_request_extension(order=order, by=self.department.head, until=datetime.date(2026, 11, 30),
                                         reason="等回函")
            returned = case_dispatch(case=order.case, by=leader, department=self.second_department, kind="cannot",
                                     instruction="请说明")
            work_order_return(order=returned, by=self.second_department.head, reason="不属本中心")
            case_record_citizen_outcome(case=register(reporter_name=f"容缺{n}"), by=leader, kind="deficiency",
                                        missing_items="户口本")
            # The committee's and the party group's queues, the director's review.
            tier2 = case_escalate(case=register(reporter_name=f"市{n}"), by=leader, reason="太复杂")
            tier3 = case_escalate(case=register(reporter_name=f"党{n}"), by=leader, reason="太复杂")
            case_record_special_handling(case=tier3, by=self.committee, kind="legacy", procedure="特事特办",
                                         innovation=self.innovation)
            tier3 = case_escalate(case=tier3, by=self.committee, reason="需局党组研究")
            case_record_decision(case=tier3, by=self.director, decision="补发", decided_on=datetime.date(2026, 11, 17))
            case_escalate(case=self.register(by=self.county_clerk, reporter_name=f"县{n}"), by=self.county_leader,
                          reason="县里解决不了")
            assert tier2.state == "tier2"
            # The measured case: a longer history, more work orders, meetings and
            # earlier cases of the same person; its order: more extensions.
            case_classify(case=self.tier1, by=self.clerk, category="citizen", leader_instruction=f"批示{n}")
            another = Department.objects.create(office=leader.office, name=f"科室{n}", head=self.second_department.head)
            case_dispatch(case=self.tier1, by=leader, department=another, kind="should", instruction=f"请办理{n}")
            meeting_record(case=self.tier1, by=leader, held_at=at(17, 9), departments=[self.department,
                                                                                       self.second_department],
                           attendees="李建国", decision=f"决定{n}")
            request = work_order_request_extension(order=self.order, by=self.department.head,
                                                   until=datetime.date(2026, 12, 1 + n), reason=f"等回函{n}")
            extension_decide(request=request, by=leader, approve=True)
            # Innovations, and the department's answered orders.
            innovation_create(office=leader.office, by=self.director, title=f"制度{n}", rule_text="正文",
                              adopted_on=datetime.date(2026, 11, 2))
            case_classify(case=self.tier3, by=self.committee, category="objective", leader_instruction=f"批示{n}")
            # The clerks' queue of web reports, and reports already triaged.
            self.report_online(f"网上{n}")
            web_report_accept(report=self.report_online(f"已受理{n}"), by=self.clerk)


@pytest.fixture
def world(register, clerk, city_leader, department, second_department, committee_member, director, county_clerk,
          county_leader, county_department, discipline):
    return World(register=register, clerk=clerk, leader=city_leader, department=department,
                 second_department=second_department, committee=committee_member, director=director,
                 county_clerk=county_clerk, county_leader=county_leader, county_department=county_department)


def _pages(world, people):
    """(label, person, url, query) for every staff page."""
    clerk, leader, head, committee, director, discipline, county_director = people
    tier1, tier3 = world.tier1.number, world.tier3.number
    return [
        ("register list (clerk)", clerk, reverse("cases:desk"), {}),
        ("register list (director, offices below)", director, reverse("cases:desk"), {}),
        ("register list searched", clerk, reverse("cases:desk"), {"q": "张三", "state": "open"}),
        ("intake form", clerk, reverse("cases:register"), {}),
        ("review", director, reverse("cases:review"), {}),
        ("review, light filter", director, reverse("cases:review"), {"light": "green"}),
        ("review, red", director, reverse("cases:review"), {"light": "red", "tier": "tier2"}),
        ("department stats", director, reverse("cases:department_stats"), {}),
        ("leader desk", leader, reverse("cases:leader"), {}),
        ("committee queue", committee, reverse("cases:committee"), {}),
        ("party-group queue", director, reverse("cases:party_group"), {}),
        ("department page", head, reverse("cases:department"), {}),
        ("work order (head)", head, reverse("cases:work_order", args=[world.order.pk]), {}),
        ("work order (leader)", leader, reverse("cases:work_order", args=[world.order.pk]), {}),
        ("case page (clerk)", clerk, reverse("cases:detail", args=[tier1]), {}),
        ("case page (leader)", leader, reverse("cases:detail", args=[tier1]), {}),
        ("case page (committee)", committee, reverse("cases:detail", args=[tier3]), {}),
        ("case page (director)", director, reverse("cases:detail", args=[tier3]), {}),
        ("case page (director, tier 1)", director, reverse("cases:detail", args=[tier1]), {}),
        ("case page (leader, special handling, a meeting, a work order)", leader,
         reverse("cases:detail", args=[world.objective.number]), {}),
        ("case page (discipline)", discipline, reverse("cases:detail", args=[tier1]), {}),
        ("case page (overseer of the county)", director, reverse("cases:detail", args=[world.county_case.number]), {}),
        ("case page (county director)", county_director, reverse("cases:detail", args=[world.county_case.number]), {}),
        ("slip", clerk, reverse("cases:slip", args=[tier1]), {}),
        ("slip (tier 3)", director, reverse("cases:slip", args=[tier3]), {}),
        ("inbox (head)", head, reverse("cases:inbox"), {}),
        ("inbox (leader)", leader, reverse("cases:inbox"), {}),
        ("innovations", director, reverse("cases:innovations"), {}),
        ("innovation", director, reverse("cases:innovation", args=[world.innovation.pk]), {}),
        ("web-report queue (clerk)", clerk, reverse("cases:web_reports"), {}),
        ("web report to triage (clerk)", clerk, reverse("cases:web_report", args=[world.web_report.number]), {}),
    ]


def _measure(login, world, people) -> dict[str, int]:
    counts = {}
    for label, person, url, query in _pages(world, people):
        client = login(person)
        if "q" in query:  # a search is posted, then read back by its token
            url = client.post(url, query)["Location"]
            query = {}
        assert client.get(url, query).status_code == 200, label  # the clock's calendar, once per process
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, query)
        assert response.status_code == 200, label
        counts[label] = len(queries)
    return counts


def test_every_staff_page_stays_within_the_budget_and_does_not_grow_with_rows(
        login, world, clerk, city_leader, section_head, committee_member, director, discipline, county_director,
        capsys):
    people = (clerk, city_leader, section_head, committee_member, director, discipline, county_director)
    world.add(2)
    few = _measure(login, world, people)
    world.add(6)
    more = _measure(login, world, people)
    with capsys.disabled():
        print("\nqueries per page (few rows, more rows):")
        for label in few:
            print(f"  {label:45} {few[label]:3} {more[label]:3}")
    over = {label: count for label, count in more.items() if count > PAGE_QUERY_BUDGET}
    assert not over, f"over the budget of {PAGE_QUERY_BUDGET}: {over}"
    grew = {label: (few[label], more[label]) for label in few if more[label] > few[label]}
    assert not grew, f"more queries for more rows: {grew}"
