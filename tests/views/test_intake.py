"""Registering at the window by POST: a number at once, a quick close, and bad input refused whole."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from cases.models import AuditEvent, Case, CaseNumberCounter, State
from tests.conftest import VALID_ID

BAD_CHECK_DIGIT_ID = "110105194912310021"


@pytest.fixture
def intake(pension):
    """A valid walk-in registration as the form posts it."""
    return {
        "channel": "window", "reporter_name": "张三丰", "reporter_phone": "13812345678",
        "reporter_id_number": VALID_ID, "business_area": str(pension.pk),
        "matter": "办理养老保险关系转移", "failed_at": "养老保险窗口", "failure_reason": "外省数据未传",
        "quick_outcome": "solved",
    }


def _nothing_saved():
    return {
        "cases": Case.objects.count(),
        "numbers": list(CaseNumberCounter.objects.values_list("last_sequence", flat=True)),
        "audit_rows": AuditEvent.objects.count(),
    }


def test_the_intake_page_opens_for_the_clerk(login, clerk):
    response = login(clerk).get(reverse("cases:register"))
    assert response.status_code == 200
    assert 'name="reporter_name"' in response.content.decode()


def test_a_valid_registration_goes_to_the_case_and_shows_its_number(login, clerk, intake):
    response = login(clerk).post(reverse("cases:register"), intake, follow=True)
    case = Case.objects.get()
    assert response.redirect_chain == [(reverse("cases:detail", args=[case.number]), 302)]
    assert case.number.startswith("DD-")
    assert case.number in response.content.decode()
    assert case.state == State.TIER1
    assert case.registered_by == clerk
    assert list(AuditEvent.objects.filter(case=case).values_list("action", flat=True)) == [
        "case.registered", "case.accepted"]


def test_numbers_follow_one_another(login, clerk, intake):
    client = login(clerk)
    client.post(reverse("cases:register"), intake)
    client.post(reverse("cases:register"), intake)
    assert [c.sequence for c in Case.objects.order_by("sequence")] == [1, 2]


def test_the_quick_path_registers_answers_and_closes(login, clerk, intake):
    response = login(clerk).post(reverse("cases:register"),
                                 {**intake, "close_now": "on", "quick_outcome": "solved", "result": "当场解答，已办结"},
                                 follow=True)
    case = Case.objects.get()
    assert response.redirect_chain == [(reverse("cases:register"), 302)]
    assert case.number in response.content.decode()
    assert case.state == State.CLOSED
    assert case.closed_by == clerk
    assert case.result == "当场解答，已办结"
    assert case.citizen_outcome.kind == "solved"
    assert "case.closed" in AuditEvent.objects.filter(case=case).values_list("action", flat=True)


def test_the_quick_path_can_guide_to_a_regular_window_with_a_notice(login, clerk, intake):
    login(clerk).post(reverse("cases:register"), {
        **intake, "close_now": "on", "quick_outcome": "guided", "regular_window": "医保窗口",
        "materials": "身份证原件\n社保卡", "result": "已出具一次性告知单"})
    case = Case.objects.get()
    assert case.state == State.CLOSED
    assert login(clerk).get(reverse("cases:notice", args=[case.number])).status_code == 200


def test_on_behalf_keeps_the_subject_person(login, clerk, intake):
    login(clerk).post(reverse("cases:register"), {
        **intake, "on_behalf": "on", "subject_name": "张老伯", "subject_relation": "父亲"})
    case = Case.objects.get()
    assert case.on_behalf and case.subject_name == "张老伯" and case.subject_relation == "父亲"


BAD_INPUT = [
    pytest.param({"reporter_id_number": BAD_CHECK_DIGIT_ID}, "reporter_id_number", BAD_CHECK_DIGIT_ID,
                 id="bad ID check digit"),
    pytest.param({"reporter_id_number": "11010519490231002X"}, "reporter_id_number", "11010519490231002X",
                 id="ID with no such birth date"),
    pytest.param({"reporter_phone": "1381234"}, "reporter_phone", "1381234", id="bad phone"),
    pytest.param({"reporter_name": ""}, "reporter_name", "养老保险关系转移", id="missing reporter name"),
    pytest.param({"matter": ""}, "matter", "张三丰", id="missing matter"),
    pytest.param({"failure_reason": ""}, "failure_reason", "张三丰", id="missing reason"),
    pytest.param({"business_area": ""}, "business_area", "张三丰", id="missing business area"),
    pytest.param({"on_behalf": "on", "subject_name": "", "subject_relation": "邻居"}, "subject_name", "邻居",
                 id="on behalf without the subject's name"),
    pytest.param({"on_behalf": "on", "subject_name": "张老伯", "subject_id_number": BAD_CHECK_DIGIT_ID},
                 "subject_id_number", BAD_CHECK_DIGIT_ID, id="bad subject ID"),
    pytest.param({"close_now": "on", "result": ""}, "result", "张三丰", id="close now without a result"),
    pytest.param({"close_now": "on", "quick_outcome": "guided", "regular_window": "医保窗口", "materials": "",
                  "result": "已告知"}, "materials", "医保窗口", id="guided without materials"),
    pytest.param({"close_now": "on", "quick_outcome": "guided", "regular_window": "", "materials": "身份证",
                  "result": "已告知"}, "regular_window", "身份证", id="guided without a window"),
    pytest.param({"matter": "长" * 3000}, "matter", "长" * 3000, id="a 3000-character matter"),
    pytest.param({"reporter_name": "名" * 51}, "reporter_name", "名" * 51, id="an overlong name"),
]


@pytest.mark.parametrize("change, field, typed", BAD_INPUT)
def test_bad_input_is_refused_beside_the_field_and_nothing_is_saved(login, register, clerk, intake,
                                                                    change, field, typed):
    register()  # the office's number counter exists, so a consumed number would show
    before = _nothing_saved()
    response = login(clerk).post(reverse("cases:register"), {**intake, **change})
    html = response.content.decode()
    form = response.context["form"]
    assert response.status_code == 400
    assert form.errors[field]
    assert escape(form.errors[field][0]) in html
    assert f'id="error_1_id_{field}"' in html
    assert escape(typed) in html
    assert _nothing_saved() == before


def test_the_error_messages_are_specific(login, clerk, intake):
    client = login(clerk)
    id_form = client.post(reverse("cases:register"),
                          {**intake, "reporter_id_number": BAD_CHECK_DIGIT_ID}).context["form"]
    assert id_form.has_error("reporter_id_number", "id_check_digit")
    phone_form = client.post(reverse("cases:register"), {**intake, "reporter_phone": "1381234"}).context["form"]
    assert phone_form.has_error("reporter_phone", "phone_shape")
    empty_form = client.post(reverse("cases:register"), {"channel": "window"}).context["form"]
    for field in ("reporter_name", "business_area", "matter", "failure_reason"):
        assert empty_form.has_error(field, "required")
    long_form = client.post(reverse("cases:register"), {**intake, "matter": "长" * 3000}).context["form"]
    assert long_form.has_error("matter", "max_length")


def test_every_typed_value_survives_a_refusal(login, clerk, intake):
    typed = {**intake, "reporter_id_number": BAD_CHECK_DIGIT_ID, "on_behalf": "on", "subject_name": "张老伯",
             "subject_relation": "父亲", "close_now": "on", "result": "已答复"}
    html = login(clerk).post(reverse("cases:register"), typed).content.decode()
    for value in ("张三丰", "13812345678", BAD_CHECK_DIGIT_ID, "办理养老保险关系转移", "养老保险窗口", "外省数据未传",
                  "张老伯", "父亲", "已答复"):
        assert value in html
    assert f'<option value="{intake["business_area"]}" selected>' in html


def test_a_business_area_of_another_office_is_refused(login, clerk, intake, unrelated_office):
    foreign_area = unrelated_office.business_areas.first()
    response = login(clerk).post(reverse("cases:register"), {**intake, "business_area": str(foreign_area.pk)})
    assert response.status_code == 400
    assert response.context["form"].has_error("business_area", "invalid_choice")
    assert not Case.objects.exists()


def test_an_overseer_without_the_register_permission_gets_403(login, director, intake):
    assert login(director).get(reverse("cases:register")).status_code == 403
    assert login(director).post(reverse("cases:register"), intake).status_code == 403
    assert not Case.objects.exists()


def test_someone_of_no_office_cannot_register(login, outsider, intake):
    assert login(outsider).post(reverse("cases:register"), intake).status_code == 403
    assert not Case.objects.exists()
