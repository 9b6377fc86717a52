"""One case's page: what it shows, to whom, in a fixed number of queries."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.services import case_classify
from tests.conftest import OTHER_VALID_ID, VALID_ID

from .states import closed, closed_staff_side, guided, refused

DETAIL_QUERY_BOUND = 10  # the page budget (measured 9 for the clerk)


def test_the_clerk_sees_the_case_with_its_history(login, city_case, clerk):
    response = login(clerk).get(reverse("cases:detail", args=[city_case.number]))
    html = response.content.decode()
    assert response.status_code == 200
    assert city_case.number in html
    assert city_case.matter in html
    assert [event.action for event in response.context["history"]] == ["case.registered", "case.accepted"]
    # Shown in words, not as codes.
    assert ">case.registered<" not in html
    assert all(str(event.label) in html for event in response.context["history"])


def test_the_case_page_offers_the_handling_forms_to_its_office(login, city_case, clerk):
    html = login(clerk).get(reverse("cases:detail", args=[city_case.number])).content.decode()
    assert reverse("cases:classify", args=[city_case.number]) in html
    assert reverse("cases:resolve", args=[city_case.number]) in html
    assert 'name="expected_state" value="tier1"' in html


def test_a_closed_case_offers_no_handling_form_and_no_reopen_to_the_clerk(login, city_case, clerk):
    closed(city_case, clerk)
    html = login(clerk).get(reverse("cases:detail", args=[city_case.number])).content.decode()
    assert reverse("cases:classify", args=[city_case.number]) not in html
    assert reverse("cases:reopen", args=[city_case.number]) not in html


def test_a_closed_case_offers_reopening_to_the_duty_leader(login, city_case, clerk, duty_leader):
    closed(city_case, clerk)
    html = login(duty_leader).get(reverse("cases:detail", args=[city_case.number])).content.decode()
    assert reverse("cases:reopen", args=[city_case.number]) in html


def test_a_closed_staff_side_case_offers_accountability_to_the_duty_leader_only(login, city_case, clerk, duty_leader):
    closed_staff_side(city_case, clerk)
    url = reverse("cases:accountability", args=[city_case.number])
    assert url in login(duty_leader).get(reverse("cases:detail", args=[city_case.number])).content.decode()
    assert url not in login(clerk).get(reverse("cases:detail", args=[city_case.number])).content.decode()


def test_the_page_links_the_documents_the_case_has(login, register, clerk):
    notice_case = guided(register(), clerk)
    refusal_case = refused(register(), clerk)
    client = login(clerk)
    notice_html = client.get(reverse("cases:detail", args=[notice_case.number])).content.decode()
    refusal_html = client.get(reverse("cases:detail", args=[refusal_case.number])).content.decode()
    assert reverse("cases:notice", args=[notice_case.number]) in notice_html
    assert reverse("cases:refusal", args=[notice_case.number]) not in notice_html
    assert reverse("cases:refusal", args=[refusal_case.number]) in refusal_html


def test_the_page_lists_the_same_persons_other_cases_in_the_office_only(login, register, clerk, outside_clerk):
    earlier = register(matter="上一次的事项")
    foreign = register(by=outside_clerk)
    case = register()
    response = login(clerk).get(reverse("cases:detail", args=[case.number]))
    numbers = [other.number for other in response.context["same_person"]]
    assert numbers == [earlier.number]
    assert foreign.number not in response.content.decode()


def test_a_case_reported_for_someone_lists_that_persons_cases_not_the_reporters(login, register, clerk):
    reporters_own = register(matter="代办人自己的事项")
    subjects_earlier = register(reporter_id_number=OTHER_VALID_ID, matter="本人来过")
    case = register(on_behalf=True, subject_name="李四", subject_relation="父亲", subject_id_number=OTHER_VALID_ID)
    response = login(clerk).get(reverse("cases:detail", args=[case.number]))
    assert [other.number for other in response.context["same_person"]] == [subjects_earlier.number]
    assert reporters_own.number not in response.content.decode()


def test_records_are_read_with_the_case_in_one_query_and_shown_once_there(login, register, clerk):
    case = register()
    client = login(clerk)
    with CaptureQueriesContext(connection) as unclassified:
        response = client.get(reverse("cases:detail", args=[case.number]))
    assert response.context["records"] == dict.fromkeys(("citizen_outcome", "staff_fault", "special_handling",
                                                        "accountability"))
    reading_records = [q for q in unclassified.captured_queries if '"cases_citizenoutcome"' in q["sql"]]
    assert len(reading_records) == 1 and '"cases_case"."number"' in reading_records[0]["sql"]
    guided(case, clerk)
    with CaptureQueriesContext(connection) as classified:
        response = client.get(reverse("cases:detail", args=[case.number]))
    assert response.context["records"]["citizen_outcome"] is not None
    assert len(classified.captured_queries) == len(unclassified.captured_queries)
    assert reverse("cases:notice", args=[case.number]) in response.content.decode()


def test_the_history_says_when_who_what_and_why_escaped(login, register, clerk):
    from django.utils import timezone

    from cases.services.audit import audit_log

    case = register()
    event = audit_log(case=case, actor=None, action="case.escalated", from_state="tier1", to_state="tier2",
                      reason="<b>超过一个工作日</b>")
    html = login(clerk).get(reverse("cases:detail", args=[case.number])).content.decode()
    item = re.search(r'<li data-action="case.escalated">.*?</li>', html, re.S).group(0)
    at = timezone.localtime(event.at)
    assert f'<time datetime="{at.isoformat()}">{at:%Y-%m-%d %H:%M}</time> · 系统' in item  # the sweep, not a person
    assert "一级：值班领导 → 二级：中心党委" in item
    assert "&lt;b&gt;超过一个工作日&lt;/b&gt;" in item and "<b>" not in item
    registered = re.search(r'<li data-action="case.registered">.*?</li>', html, re.S).group(0)
    assert str(clerk) in registered and "→" in registered


def test_the_persons_other_cases_are_listed_with_their_particulars_escaped(login, register, clerk):
    earlier = register(matter="<i>上一次</i>的事项")
    case = register()
    html = login(clerk).get(reverse("cases:detail", args=[case.number])).content.decode()
    box = re.search(r'<div class="alert alert-info" role="status" id="same-person-list">.*?</div>', html, re.S).group(0)
    assert f'href="{reverse("cases:detail", args=[earlier.number])}"' in box
    assert "&lt;i&gt;上一次&lt;/i&gt;的事项" in box and earlier.get_state_display() in box
    assert earlier.business_area.name in box


def test_a_records_approver_is_read_with_it_and_still_shown_after_a_reclassification(login, register, clerk,
                                                                                     duty_leader):
    """Every record comes with whom it names, the present category's and one
    kept from an earlier category alike: no query more, no less shown."""
    from cases.services import case_approve_deficiency, case_record_citizen_outcome

    case = register()
    case_record_citizen_outcome(case=case, by=clerk, kind="deficiency", missing_items="户口本复印件")
    case_approve_deficiency(case=case, by=duty_leader)
    client = login(clerk)
    url = reverse("cases:detail", args=[case.number])
    client.get(url)

    def approval(html):
        return re.search(r"审批</dt><dd[^>]*>(.*?)</dd>", html, re.S).group(1)

    with CaptureQueriesContext(connection) as present:
        assert str(duty_leader) in approval(client.get(url).content.decode())
    case_classify(case=case, by=clerk, category="staff")
    with CaptureQueriesContext(connection) as earlier:
        assert str(duty_leader) in approval(client.get(url).content.decode())
    assert len(earlier.captured_queries) == len(present.captured_queries)


@pytest.mark.parametrize("how_many", [5, 30])
def test_the_case_page_takes_a_fixed_number_of_queries(login, register, clerk, how_many,
                                                       django_assert_max_num_queries):
    """Neither a long history nor many earlier cases of the same person add queries."""
    for n in range(how_many):
        register(matter=f"事项{n}")
    case = guided(register(), clerk)
    for n in range(how_many):
        case_classify(case=case, by=clerk, category="citizen", leader_instruction=f"批示{n}")
    client = login(clerk)
    with django_assert_max_num_queries(DETAIL_QUERY_BOUND):
        response = client.get(reverse("cases:detail", args=[case.number]))
    assert response.status_code == 200
    assert len(response.context["history"]) == how_many + 3


def test_the_clerk_sees_only_masked_identifiers(login, city_case, clerk):
    html = login(clerk).get(reverse("cases:detail", args=[city_case.number])).content.decode()
    assert "110105********002X" in html
    assert "138****5678" in html
    assert VALID_ID not in html
    assert "13812345678" not in html


def test_work_orders_are_read_only_for_a_case_that_was_dispatched(login, register, clerk, duty_leader):
    from cases.services.dispatch import case_dispatch
    from routing.models import Department

    case = register()
    client = login(clerk)
    with CaptureQueriesContext(connection) as never_dispatched:
        assert client.get(reverse("cases:detail", args=[case.number])).context["work_orders"] == []
    assert not [q for q in never_dispatched.captured_queries if 'FROM "cases_workorder"' in q["sql"]]
    department = Department.objects.create(office=clerk.office, name="养老保险科")
    order = case_dispatch(case=case, by=duty_leader, department=department, kind="should", instruction="请办理")
    assert client.get(reverse("cases:detail", args=[case.number])).context["work_orders"] == [order]


def test_the_forms_offer_the_office_s_active_departments_by_name_and_its_innovations_newest_first(
        login, register, duty_leader, director, unrelated_office):
    import datetime

    from cases.services import case_record_special_handling, innovation_create
    from routing.models import Department

    office = duty_leader.office
    for name in ("医保科", "档案室", "养老科"):
        Department.objects.create(office=office, name=name)
    Department.objects.create(office=office, name="已撤销科", active=False)
    Department.objects.create(office=unrelated_office, name="外单位科")
    older = innovation_create(office=office, by=director, title="先行制度", rule_text="正文",
                              adopted_on=datetime.date(2026, 10, 1))
    newer = innovation_create(office=office, by=director, title="后立制度", rule_text="正文",
                              adopted_on=datetime.date(2026, 11, 1))
    case = register()
    case_classify(case=case, by=duty_leader, category="objective", leader_instruction="特事特办")
    case_record_special_handling(case=case, by=duty_leader, kind="bottleneck", procedure="按新制度办理")
    forms = login(duty_leader).get(reverse("cases:detail", args=[case.number])).context["forms"]
    offered = [label for pk, label in forms["dispatch"].fields["department"].choices if pk]
    assert offered == list(Department.objects.filter(office=office, active=True).values_list("name", flat=True))
    assert {"医保科", "档案室", "养老科"} <= set(offered) and not {"已撤销科", "外单位科"} & set(offered)
    assert [label for pk, label in forms["meeting"].fields["departments"].choices] == offered
    assert [(pk, label) for pk, label in forms["special"].fields["innovation"].choices if pk] == [
        (newer.pk, "后立制度"), (older.pk, "先行制度")]


def test_a_timer_escalation_reads_in_the_reader_s_language(login, register, director):
    from django.db import transaction

    from cases.models import Case
    from cases.services.escalation import TIMER_REASON, cases_escalate

    case = register()
    with transaction.atomic():
        cases_escalate(cases=[Case.objects.select_related("office").select_for_update().get(pk=case.pk)],
                       reason=TIMER_REASON)
    html = login(director).get(reverse("cases:detail", args=[case.number])).content.decode()
    assert "时限已到" in html and TIMER_REASON not in html  # in the history and the tiers alike
