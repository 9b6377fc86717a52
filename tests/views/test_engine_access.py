"""Who reaches the pages of the 1-3-5 engine: login, office isolation, oversight, methods.

Every action is posted with a payload that succeeds for its rightful actor
(`test_the_rightful_actor_succeeds_with_the_same_payload` proves it), so a 404
or 403 for anyone else means the access check refused it, not a form error.
"""

import pytest
from django.urls import reverse

from cases.models import Notification, State, WorkOrder

from .engine_setup import *  # noqa: F401,F403
from .engine_setup import Target, engine_state, order_paused, paused

# The fixtures are fetched by name inside the tests: say statically that they use the test database.
pytestmark = pytest.mark.django_db

# --- the URLs, each in the state where it exists -------------------------------------------


def _case(request):
    return request.getfixturevalue("tier1_case")


def _notice(request):
    case = request.getfixturevalue("tier2_case")
    return [case.number, case.tier_spans.order_by("entered_at", "id").last().pk]


def _order(request):
    return [request.getfixturevalue("order").pk]


def _paused_order(request):
    order = request.getfixturevalue("order")
    order_paused(order, request.getfixturevalue("section_head"))
    return [order.pk]


def _dispatch_payload(request):
    return {"department": request.getfixturevalue("department").pk, "kind": "should", "instruction": "请核实后答复"}


def _meeting_payload(request):
    return {"held_at": "2026-11-17T09:00", "place": "研究室", "departments": [request.getfixturevalue("department").pk],
            "attendees": "李建国、养老保险科科长", "decision": "由养老保险科三日内联系外省"}


CASE_ACTIONS = [
    Target("dispatch", lambda r: [_case(r).number], _dispatch_payload),
    Target("meeting", lambda r: [_case(r).number], _meeting_payload),
    Target("escalate", lambda r: [_case(r).number], {"escalate-reason": "太复杂", "escalate-expected_state": "tier1"}),
    Target("pause", lambda r: [_case(r).number], {"pause-reason": "等待群众补交材料", "pause-expected_state": "tier1"}),
    Target("resume", lambda r: [paused(_case(r), r.getfixturevalue("duty_leader")).number], {"expected_state": "tier1"}),
    Target("decision", lambda r: [r.getfixturevalue("tier3_case").number],
           {"decision": "按档案认定，补发待遇", "decided_on": "2026-11-17", "expected_state": "tier3"}),
]
ORDER_ACTIONS = [
    Target("work_order_sign", _order, {}),
    Target("work_order_answer", _order, {"answer": "已联系外省补传数据，办结。"}),
    Target("work_order_return", _order, {"return-reason": "不属本科职责，应由社保中心办理"}),
    Target("work_order_extension", _order, {"until": "2026-11-30", "reason": "需等待外省回函"}),
    Target("work_order_pause", _order, {"pause-reason": "等待外省回函"}),
    Target("work_order_resume", _paused_order, {}),
]
EXTENSION_ACTION = Target("decide_extension", lambda r: [r.getfixturevalue("extension").pk], {"approve": "yes", "note": "同意"})
INBOX_READ = Target("inbox_read", lambda r: [], lambda r: {"id": Notification.objects.get(
    recipient=r.getfixturevalue("section_head"), work_order=r.getfixturevalue("order")).pk})

NOTICE = Target("escalation_notice", _notice)
WORK_ORDER = Target("work_order", _order)
ROLE_PAGES = [Target(name, lambda r: []) for name in ("leader", "committee", "party_group", "review", "department", "inbox")]
ROTA_PAGES = [Target("routing:rota", lambda r: []), Target("routing:rota_month", lambda r: [2026, 11])]

# Who may rightly do each action.
ACTOR = {**{t.name: "duty_leader" for t in CASE_ACTIONS}, "decision": "director",
         **{t.name: "section_head" for t in ORDER_ACTIONS}, "decide_extension": "duty_leader", "inbox_read": "section_head"}

POST_URLS = CASE_ACTIONS + ORDER_ACTIONS + [EXTENSION_ACTION, INBOX_READ]
GET_URLS = [NOTICE, WORK_ORDER] + ROLE_PAGES + ROTA_PAGES
STRANGERS = ["outside_clerk", "county_clerk", "outsider"]


def _url(target, request):
    name = target.name if ":" in target.name else f"cases:{target.name}"
    return reverse(name, args=target.prepare(request))


def _payload(target, request):
    return target.payload(request) if callable(target.payload) else dict(target.payload)


# --- anonymous -------------------------------------------------------------------------------


@pytest.mark.parametrize("target", POST_URLS + GET_URLS, ids=str)
@pytest.mark.parametrize("method", ["get", "post"])
def test_an_anonymous_visitor_is_sent_to_login_and_nothing_changes(client, request, target, method):
    url = _url(target, request)
    data = _payload(target, request) if (method == "post" and target.payload is not None) else {}
    before = engine_state()
    response = getattr(client, method)(url, data)
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={url}"
    assert engine_state() == before


# --- the rightful actor: proves the payloads ------------------------------------------------------


@pytest.mark.parametrize("target", POST_URLS, ids=str)
def test_the_rightful_actor_succeeds_with_the_same_payload(login, request, target):
    url = _url(target, request)
    data = _payload(target, request)
    before = engine_state()
    response = login(request.getfixturevalue(ACTOR[target.name])).post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert engine_state() != before


# --- strangers: other offices and people of no office -----------------------------------------------


@pytest.mark.parametrize("stranger", STRANGERS + ["outside_leader"])
@pytest.mark.parametrize("target", CASE_ACTIONS, ids=str)
def test_a_stranger_gets_404_for_an_engine_action_on_a_city_case_and_nothing_changes(login, request, target, stranger):
    url = _url(target, request)
    data = _payload(target, request)
    before = engine_state()
    response = login(request.getfixturevalue(stranger)).post(url, data)
    assert response.status_code == 404
    assert engine_state() == before


@pytest.mark.parametrize("stranger", STRANGERS + ["outside_head", "outside_leader"])
@pytest.mark.parametrize("target", ORDER_ACTIONS, ids=str)
def test_a_stranger_gets_404_for_a_work_order_action_and_nothing_changes(login, request, target, stranger):
    url = _url(target, request)
    data = _payload(target, request)
    before = engine_state()
    response = login(request.getfixturevalue(stranger)).post(url, data)
    assert response.status_code == 404
    assert engine_state() == before


@pytest.mark.parametrize("stranger", STRANGERS + ["outside_head", "outside_leader"])
@pytest.mark.parametrize("target", [NOTICE, WORK_ORDER], ids=str)
def test_a_stranger_gets_404_for_a_notice_or_a_work_order_page(login, request, target, stranger):
    url = _url(target, request)
    case = request.getfixturevalue("tier1_case")
    response = login(request.getfixturevalue(stranger)).get(url)
    assert response.status_code == 404
    assert case.reporter_name not in response.content.decode()


@pytest.mark.parametrize("stranger", STRANGERS)
def test_a_stranger_may_not_decide_an_extension_and_nothing_changes(login, request, stranger):
    url = _url(EXTENSION_ACTION, request)
    before = engine_state()
    response = login(request.getfixturevalue(stranger)).post(url, _payload(EXTENSION_ACTION, request))
    assert response.status_code == 403  # none of them may dispatch at all
    assert engine_state() == before


@pytest.mark.parametrize("leader", ["outside_leader", "county_leader"])
def test_a_leader_of_another_office_gets_404_for_an_extension_and_nothing_changes(login, request, leader):
    url = _url(EXTENSION_ACTION, request)
    leader = request.getfixturevalue(leader)
    before = engine_state()
    response = login(leader).post(url, _payload(EXTENSION_ACTION, request))
    assert response.status_code == 404
    assert engine_state() == before


@pytest.mark.parametrize("stranger", STRANGERS + ["clerk"])
@pytest.mark.parametrize("page, status", [
    ("leader", 403), ("committee", 404), ("party_group", 404), ("review", 403), ("department", 403),
])
def test_a_person_without_the_role_is_refused_a_role_page(login, request, tier1_case, stranger, page, status):
    response = login(request.getfixturevalue(stranger)).get(reverse(f"cases:{page}"))
    assert response.status_code == status
    assert tier1_case.number not in response.content.decode()


@pytest.mark.parametrize("stranger", STRANGERS + ["clerk", "outside_head"])
def test_someone_else_cannot_mark_the_heads_notification_read(login, request, stranger):
    url = _url(INBOX_READ, request)
    data = _payload(INBOX_READ, request)
    before = engine_state()
    response = login(request.getfixturevalue(stranger)).post(url, data)
    assert response.status_code == 404
    assert engine_state() == before


def test_a_stranger_marking_all_read_touches_only_their_own_inbox(login, order, outsider):
    before = engine_state()
    response = login(outsider).post(reverse("cases:inbox_read"))
    assert response.status_code == 302
    assert engine_state() == before
    assert Notification.objects.get(work_order=order).read_at is None


@pytest.mark.parametrize("stranger", STRANGERS + ["outside_head"])
def test_a_strangers_inbox_shows_none_of_the_city_notifications(login, request, order, stranger):
    response = login(request.getfixturevalue(stranger)).get(reverse("cases:inbox"))
    assert response.status_code == 200
    assert order.case.number not in response.content.decode()
    assert list(response.context["page"]) == []


# --- role holders of another office see nothing of the city ---------------------------------------------


def test_a_leader_of_the_unrelated_office_sees_none_of_the_city_cases(login, tier1_case, extension, outside_leader):
    response = login(outside_leader).get(reverse("cases:leader"))
    assert response.status_code == 200
    html = response.content.decode()
    assert tier1_case.number not in html
    assert reverse("cases:decide_extension", args=[extension.pk]) not in html


def test_a_head_of_the_unrelated_office_sees_none_of_the_city_work_orders(login, order, outside_department, outside_head):
    response = login(outside_head).get(reverse("cases:department"))
    assert response.status_code == 200
    assert order.case.number not in response.content.decode()


def test_a_committee_of_the_unrelated_office_sees_none_of_the_city_tier2_cases(login, tier2_case, outside_committee):
    response = login(outside_committee).get(reverse("cases:committee"))
    assert response.status_code == 200
    assert tier2_case.number not in response.content.decode()


@pytest.mark.parametrize("overseer", ["outside_director", "county_director"])
def test_an_overseer_elsewhere_or_below_sees_none_of_the_city_escalations(login, request, tier3_case, overseer):
    response = login(request.getfixturevalue(overseer)).get(reverse("cases:review"))
    assert response.status_code == 200
    assert tier3_case.number not in response.content.decode()
    response = login(request.getfixturevalue(overseer)).get(reverse("cases:party_group"))
    assert tier3_case.number not in response.content.decode()


# --- wrong methods ---------------------------------------------------------------------------------


@pytest.mark.parametrize("target", POST_URLS, ids=str)
def test_a_get_on_an_action_is_405_and_nothing_changes(login, request, target):
    url = _url(target, request)
    before = engine_state()
    response = login(request.getfixturevalue(ACTOR[target.name])).get(url)
    assert response.status_code == 405
    assert engine_state() == before


READERS = {"escalation_notice": "duty_leader", "work_order": "section_head", "leader": "duty_leader",
           "committee": "committee_member", "party_group": "director", "review": "director", "department": "section_head",
           "inbox": "clerk", "routing:rota": "rota_admin", "routing:rota_month": "rota_admin"}


@pytest.mark.parametrize("target", [t for t in GET_URLS if not t.name.startswith("routing:")], ids=str)
@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_a_read_only_page_refuses_other_methods_with_405(login, request, target, method):
    url = _url(target, request)
    client = login(request.getfixturevalue(READERS[target.name]))
    assert client.get(url).status_code == 200
    before = engine_state()
    assert getattr(client, method)(url).status_code == 405
    assert engine_state() == before


@pytest.mark.parametrize("target", ROTA_PAGES, ids=str)
@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_the_rota_editor_answers_only_get_and_post(login, request, rota_admin, target, method):
    url = _url(target, request)
    before = engine_state()
    assert getattr(login(rota_admin), method)(url).status_code == 405
    assert engine_state() == before


# --- the city director oversees the county: reads, never acts ---------------------------------------------


def test_the_city_director_reads_a_county_escalation_notice(login, county_escalated, director):
    case, span = county_escalated
    response = login(director).get(reverse("cases:escalation_notice", args=[case.number, span.pk]))
    assert response.status_code == 200
    assert case.number in response.content.decode()


def test_the_city_director_reads_a_county_work_order_without_action_forms(login, county_order, director):
    response = login(director).get(reverse("cases:work_order", args=[county_order.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert county_order.instruction in html
    assert response.context["may_act"] is False
    assert reverse("cases:work_order_sign", args=[county_order.pk]) not in html
    assert reverse("cases:work_order_answer", args=[county_order.pk]) not in html


COUNTY_ORDER_PAYLOADS = {t.name: t.payload for t in ORDER_ACTIONS}


@pytest.mark.parametrize("name", [t.name for t in ORDER_ACTIONS])
def test_the_city_director_cannot_act_on_a_county_work_order_and_nothing_changes(login, county_order, county_head,
                                                                                  director, name):
    if name == "work_order_resume":
        order_paused(county_order, county_head)
    before = engine_state()
    response = login(director).post(reverse(f"cases:{name}", args=[county_order.pk]), COUNTY_ORDER_PAYLOADS[name])
    assert response.status_code in (403, 404)
    assert engine_state() == before


@pytest.mark.parametrize("name, payload", [
    ("dispatch", None), ("meeting", None),
    ("escalate", {"escalate-reason": "太复杂", "escalate-expected_state": "tier1"}),
    ("pause", {"pause-reason": "等材料", "pause-expected_state": "tier1"}),
    ("resume", {"expected_state": "tier1"}),
    ("decision", {"decision": "补发", "decided_on": "2026-11-17", "expected_state": "tier1"}),
])
def test_the_city_director_cannot_act_on_a_county_case_and_nothing_changes(login, county_order, county_department,
                                                                           county_leader, director, name, payload):
    case = county_order.case
    if name == "resume":
        paused(case, county_leader)
    if payload is None:
        payload = {"dispatch": {"department": county_department.pk, "kind": "should", "instruction": "再办"},
                   "meeting": {"held_at": "2026-11-17T09:00", "departments": [county_department.pk],
                               "attendees": "局长", "decision": "督办"}}[name]
    before = engine_state()
    response = login(director).post(reverse(f"cases:{name}", args=[case.number]), payload)
    assert response.status_code == 403
    assert engine_state() == before


def test_the_city_director_cannot_decide_a_county_extension(login, county_order, county_head, director):
    from cases.services.dispatch import work_order_request_extension
    import datetime

    extension = work_order_request_extension(order=county_order, by=county_head, until=datetime.date(2026, 11, 30),
                                             reason="等外省")
    before = engine_state()
    response = login(director).post(reverse("cases:decide_extension", args=[extension.pk]), {"approve": "yes"})
    assert response.status_code == 404
    assert engine_state() == before


def test_a_county_director_gets_404_for_a_city_work_order_and_notice(login, tier2_case, order, county_director):
    client = login(county_director)
    assert client.get(reverse("cases:work_order", args=[order.pk])).status_code == 404
    span = tier2_case.tier_spans.order_by("entered_at", "id").last()
    assert client.get(reverse("cases:escalation_notice", args=[tier2_case.number, span.pk])).status_code == 404


# --- inside the office: only the department's head acts on its orders -----------------------------------


@pytest.mark.parametrize("insider", ["clerk", "committee_member"])
@pytest.mark.parametrize("target", ORDER_ACTIONS, ids=str)
def test_a_colleague_who_is_not_the_head_cannot_act_on_the_work_order(login, request, target, insider):
    url = _url(target, request)
    data = _payload(target, request)
    before = engine_state()
    response = login(request.getfixturevalue(insider)).post(url, data)
    assert response.status_code == 403
    assert engine_state() == before


def test_a_clerk_cannot_dispatch_or_escalate_and_nothing_changes(login, request, tier1_case, department, clerk):
    client = login(clerk)
    before = engine_state()
    response = client.post(reverse("cases:dispatch", args=[tier1_case.number]), _dispatch_payload(request))
    assert response.status_code in (400, 403)
    response = client.post(reverse("cases:escalate", args=[tier1_case.number]),
                           {"escalate-reason": "太复杂", "escalate-expected_state": "tier1"})
    assert response.status_code in (400, 403)
    assert engine_state() == before
    assert WorkOrder.objects.count() == 0
    assert tier1_case.__class__.objects.get(pk=tier1_case.pk).state == State.TIER1


def test_the_escalation_notice_of_the_first_span_does_not_exist(login, tier2_case, duty_leader):
    first = tier2_case.tier_spans.order_by("entered_at", "id").first()
    response = login(duty_leader).get(reverse("cases:escalation_notice", args=[tier2_case.number, first.pk]))
    assert response.status_code == 404


def test_the_escalation_notice_of_another_cases_span_is_404(login, tier2_case, county_escalated, director):
    _county_case, county_span = county_escalated
    response = login(director).get(reverse("cases:escalation_notice", args=[tier2_case.number, county_span.pk]))
    assert response.status_code == 404


# --- the duty rota editor --------------------------------------------------------------------------------


@pytest.mark.parametrize("person", ["clerk", "duty_leader", "director", "section_head", "outsider", "county_clerk"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_only_an_office_administrator_reaches_the_rota_editor(login, request, person, method):
    before = engine_state()
    client = login(request.getfixturevalue(person))
    for url in (reverse("routing:rota"), reverse("routing:rota_month", args=[2026, 11])):
        data = {"2026-11-17": request.getfixturevalue("duty_leader").pk} if method == "post" else {}
        assert getattr(client, method)(url, data).status_code == 403
    assert engine_state() == before


def test_the_rota_editor_shows_the_administrators_own_office_and_its_leaders(login, rota_admin, duty_leader, county_leader):
    response = login(rota_admin).get(reverse("routing:rota_month", args=[2026, 11]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "丹东市人社局" in html
    form = response.context["form"]
    assert list(form.fields["2026-11-17"].queryset) == [duty_leader]
    assert "2026-11-21" not in form.fields  # a Saturday


def test_saving_a_month_with_a_leader_of_another_office_is_refused_beside_the_field(login, rota_admin, duty_leader,
                                                                                    county_leader):
    county_rota = engine_state()["rota"]
    data = {"2026-11-16": duty_leader.pk, "2026-11-17": county_leader.pk}
    response = login(rota_admin).post(reverse("routing:rota_month", args=[2026, 11]), data)
    assert response.status_code == 400
    form = response.context["form"]
    assert list(form.errors) == ["2026-11-17"]
    html = response.content.decode()
    field = html.index('id="id_2026-11-17"')
    select_tag = html[html.rindex("<select", 0, field):html.index(">", field)]
    assert "is-invalid" in select_tag
    after_select = html[html.index("</select>", field):]
    assert after_select.index("invalid-feedback") < after_select.index("<select")  # the error sits under its field
    assert engine_state()["rota"] == county_rota  # nothing saved for the city


def test_an_unknown_leader_id_is_refused_beside_the_field(login, rota_admin, duty_leader):
    response = login(rota_admin).post(reverse("routing:rota_month", args=[2026, 11]), {"2026-11-18": 999999})
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["2026-11-18"]
    assert engine_state()["rota"] == []


def test_a_valid_month_saves_and_the_gap_warning_disappears(login, rota_admin, duty_leader, other_clerk):
    client = login(rota_admin)
    url = reverse("routing:rota_month", args=[2026, 11])
    before = client.get(url)
    assert before.context["rota_warnings"], "with an empty rota the coming days are gaps"
    assert "11-17" in before.context["rota_warnings"][0]
    days = list(before.context["form"].fields)
    response = client.post(url, {day: duty_leader.pk for day in days})
    assert response.status_code == 302
    assert response.url == url
    from routing.models import DutyAssignment

    assert DutyAssignment.objects.filter(office=rota_admin.office).count() == len(days) == 21
    after = client.get(url)
    assert after.context["rota_warnings"] == []
    html = after.content.decode()
    assert "border-warning" not in html  # no day left empty


def test_the_rota_editor_refuses_a_month_that_does_not_exist(login, rota_admin):
    assert login(rota_admin).get("/office/rota/2026/13/").status_code == 404
