"""A form sent twice, or filled in while someone else moved the case on, is refused clearly."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from cases.models import AuditEvent, Case, StaffFault, State
from cases.services import CaseActionError, case_classify
from cases.services.transitions import check_expected_state

from .states import closed, resolved


def _messages(response):
    return [str(message) for message in response.context["messages"]]


def _refusal_for_a_stale_form(case, expected_state):
    """The message the state guard gives, in the page's language."""
    with translation.override("zh-hans"):
        with pytest.raises(CaseActionError) as refused:
            check_expected_state(Case.objects.get(pk=case.pk), expected_state)
    return refused.value.message


def test_closing_twice_closes_once_and_the_second_gets_a_clear_400(login, city_case, clerk):
    resolved(city_case, clerk)
    client = login(clerk)
    url = reverse("cases:close", args=[city_case.number])
    first = client.post(url, {"expected_state": "resolved"}, follow=True)
    second = client.post(url, {"expected_state": "resolved"})
    city_case.refresh_from_db()
    assert first.redirect_chain == [(reverse("cases:detail", args=[city_case.number]), 302)]
    assert second.status_code == 400
    assert city_case.state == State.CLOSED
    assert AuditEvent.objects.filter(case=city_case, action="case.closed").count() == 1
    assert _messages(second) == [_refusal_for_a_stale_form(city_case, "resolved")]
    assert escape(_messages(second)[0]) in second.content.decode()


def test_closing_without_the_expected_state_is_refused_by_the_state_machine(login, city_case, clerk):
    resolved(city_case, clerk)
    client = login(clerk)
    url = reverse("cases:close", args=[city_case.number])
    client.post(url)
    second = client.post(url)
    assert second.status_code == 400
    assert AuditEvent.objects.filter(case=city_case, action="case.closed").count() == 1
    assert _messages(second)


def test_a_form_filled_in_an_older_state_is_refused(login, city_case, clerk):
    before = AuditEvent.objects.count()
    response = login(clerk).post(reverse("cases:classify", args=[city_case.number]),
                                 {"category": "staff", "expected_state": "registered"})
    city_case.refresh_from_db()
    assert response.status_code == 400
    assert city_case.category == ""
    assert AuditEvent.objects.count() == before
    assert _messages(response) == [_refusal_for_a_stale_form(city_case, "registered")]
    # What the clerk chose is still on the page, to submit again after checking.
    assert response.context["forms"]["classify"].data["category"] == "staff"


def test_resolving_a_case_closed_meanwhile_is_refused(login, city_case, clerk, other_clerk):
    page_state = city_case.state
    closed(city_case, other_clerk)
    response = login(clerk).post(reverse("cases:resolve", args=[city_case.number]),
                                 {"result": "另一个答复", "close": "on", "expected_state": page_state})
    city_case.refresh_from_db()
    assert response.status_code == 400
    assert city_case.result == "当场解答"
    assert AuditEvent.objects.filter(case=city_case, action="case.resolved").count() == 1


def test_a_result_refused_for_a_missing_category_keeps_what_was_typed(login, city_case, clerk):
    response = login(clerk).post(reverse("cases:resolve", args=[city_case.number]),
                                 {"result": "写了一半的答复", "close": "on", "expected_state": "tier1"})
    city_case.refresh_from_db()
    assert response.status_code == 400
    assert city_case.state == State.TIER1
    assert "写了一半的答复" in response.content.decode()
    assert len(_messages(response)) == 1


def test_an_empty_required_field_is_marked_beside_it(login, city_case, clerk):
    case_classify(case=city_case, by=clerk, category="staff")
    response = login(clerk).post(reverse("cases:staff_fault", args=[city_case.number]),
                                 {"regular_window": "医保二号窗口", "section_head": "", "expected_state": "tier1"})
    html = response.content.decode()
    assert response.status_code == 400
    assert response.context["forms"]["staff"].has_error("section_head", "required")
    assert 'id="error_1_id_section_head"' in html
    assert 'value="医保二号窗口"' in html
    assert not StaffFault.objects.exists()
