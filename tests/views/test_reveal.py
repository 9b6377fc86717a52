"""Full ID numbers and phones are shown only to those allowed, and every showing is logged."""

from django.urls import reverse

from cases.models import AuditEvent
from tests.conftest import OTHER_VALID_ID, VALID_ID


def test_the_clerk_cannot_reveal_and_gets_the_case_page_with_a_message(login, city_case, clerk):
    client = login(clerk)
    response = client.post(reverse("cases:reveal", args=[city_case.number]))
    html = response.content.decode()
    assert response.status_code == 400  # refused: the case page again, masked
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert "110105********002X" in html
    assert VALID_ID not in html
    assert "13812345678" not in html
    assert not AuditEvent.objects.filter(action="case.personal_data_revealed").exists()


def test_the_clerk_is_not_offered_the_reveal_button(login, city_case, clerk):
    html = login(clerk).get(reverse("cases:detail", args=[city_case.number])).content.decode()
    assert reverse("cases:reveal", args=[city_case.number]) not in html


def test_the_duty_leader_is_offered_the_reveal_button(login, city_case, duty_leader):
    html = login(duty_leader).get(reverse("cases:detail", args=[city_case.number])).content.decode()
    assert reverse("cases:reveal", args=[city_case.number]) in html
    assert VALID_ID not in html


def test_the_duty_leader_reveals_and_an_audit_row_says_who_and_when(login, register, duty_leader):
    case = register(on_behalf=True, subject_name="张老伯", subject_id_number=OTHER_VALID_ID)
    response = login(duty_leader).post(reverse("cases:reveal", args=[case.number]))
    html = response.content.decode()
    assert response.status_code == 200
    assert VALID_ID in html
    assert OTHER_VALID_ID in html
    assert "13812345678" in html
    event = AuditEvent.objects.get(case=case, action="case.personal_data_revealed")
    assert event.actor == duty_leader
    assert event.at is not None
    assert event.from_state == event.to_state == case.state


def test_the_revealed_values_are_not_kept_for_the_next_page(login, city_case, duty_leader):
    client = login(duty_leader)
    client.post(reverse("cases:reveal", args=[city_case.number]))
    assert VALID_ID not in client.get(reverse("cases:detail", args=[city_case.number])).content.decode()


def test_each_reveal_is_logged_again(login, city_case, duty_leader):
    client = login(duty_leader)
    client.post(reverse("cases:reveal", args=[city_case.number]))
    client.post(reverse("cases:reveal", args=[city_case.number]))
    assert AuditEvent.objects.filter(case=city_case, action="case.personal_data_revealed").count() == 2


def test_reveal_by_get_is_refused_with_405_and_logs_nothing(login, city_case, duty_leader):
    response = login(duty_leader).get(reverse("cases:reveal", args=[city_case.number]))
    assert response.status_code == 405
    assert not AuditEvent.objects.filter(action="case.personal_data_revealed").exists()
