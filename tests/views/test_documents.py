"""The printable documents: referral slip, one-time notice, refusal letter."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from tests.conftest import OTHER_VALID_ID, VALID_ID

from .states import closed, closed_staff_side, guided, refused

SLIP_LABELS = [
    "Number", "Date", "Channel", "Reporter", "Contact", "ID number", "Business area", "On behalf of", "The matter",
    "Why it could not get done", "Category", "Duty leader's instruction", "Duty leader", "Departments dispatched",
    "Handling result", "Closing (销号)", "Window clerk", "Signature", "Deadline",
]


def _shows(html, label):
    """The label as the page shows it, in Simplified Chinese, the default language."""
    with translation.override("zh-hans"):
        text = translation.gettext(label)
    return text in html or escape(text) in html


def test_the_referral_slip_has_the_number_and_every_section(login, city_case, clerk):
    response = login(clerk).get(reverse("cases:slip", args=[city_case.number]))
    html = response.content.decode()
    assert response.status_code == 200
    assert city_case.number in html
    assert city_case.office.name in html
    missing = [label for label in SLIP_LABELS if not _shows(html, label)]
    assert missing == []


def test_the_referral_slip_shows_identifiers_masked_only(login, register, clerk, duty_leader):
    case = register(on_behalf=True, subject_name="张老伯", subject_id_number=OTHER_VALID_ID)
    for person in (clerk, duty_leader):
        html = login(person).get(reverse("cases:slip", args=[case.number])).content.decode()
        assert "110105********002X" in html
        assert "210602********123X" in html
        assert "138****5678" in html
        assert VALID_ID not in html
        assert OTHER_VALID_ID not in html
        assert "13812345678" not in html


def test_the_referral_slip_follows_the_case_to_its_closing(login, city_case, clerk):
    closed(city_case, clerk)
    html = login(clerk).get(reverse("cases:slip", args=[city_case.number])).content.decode()
    assert "☑" in html
    assert "当场解答" in html
    assert str(clerk) in html


def test_the_referral_slip_links_to_a_print_stylesheet(login, city_case, clerk):
    html = login(clerk).get(reverse("cases:slip", args=[city_case.number])).content.decode()
    assert "css/print.css" in html


def test_the_one_time_notice_lists_every_material_and_step(login, city_case, clerk):
    guided(city_case, clerk)
    response = login(clerk).get(reverse("cases:notice", args=[city_case.number]))
    html = response.content.decode()
    assert response.status_code == 200
    for item in ("医保窗口", "身份证原件", "社保卡", "取号", "交材料", city_case.number):
        assert item in html


@pytest.mark.parametrize("prepare", [None, refused], ids=["no outcome", "refusal"])
def test_the_one_time_notice_is_404_for_a_case_not_guided(login, city_case, clerk, prepare):
    if prepare:
        prepare(city_case, clerk)
    assert login(clerk).get(reverse("cases:notice", args=[city_case.number])).status_code == 404


def test_the_refusal_letter_shows_the_reasons_and_the_legal_basis(login, city_case, clerk):
    refused(city_case, clerk)
    response = login(clerk).get(reverse("cases:refusal", args=[city_case.number]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "《社会保险法》第十六条" in html
    assert "缴费不满十五年" in html
    assert city_case.number in html


@pytest.mark.parametrize("prepare", [None, guided], ids=["no outcome", "guided"])
def test_the_refusal_letter_is_404_for_a_case_not_refused(login, city_case, clerk, prepare):
    if prepare:
        prepare(city_case, clerk)
    assert login(clerk).get(reverse("cases:refusal", args=[city_case.number])).status_code == 404


@pytest.mark.parametrize("page", ["slip", "notice", "refusal"])
def test_a_document_by_post_is_refused_with_405(login, city_case, clerk, page):
    assert login(clerk).post(reverse(f"cases:{page}", args=[city_case.number])).status_code == 405


@pytest.mark.parametrize("prepare", [guided, closed_staff_side], ids=["citizen-side", "staff-side closed"])
def test_the_slip_reads_its_case_and_records_in_a_fixed_number_of_queries(login, register, clerk, duty_leader, prepare,
                                                                          django_assert_max_num_queries):
    """Session, user, permissions, the case, its records, its work orders, its first meeting."""
    case = prepare(register(), duty_leader)
    client = login(clerk)
    with django_assert_max_num_queries(7):
        html = client.get(reverse("cases:slip", args=[case.number])).content.decode()
    if prepare is guided:
        from cases.models import CitizenOutcome

        with translation.override("zh-hans"):
            assert str(CitizenOutcome.Kind.GUIDED.label) in html
    else:
        assert "钱科长" in html and str(duty_leader) in html


def test_the_slip_names_who_signed_each_work_order_in_the_same_queries(login, register, clerk, duty_leader, city,
                                                                      django_assert_max_num_queries):
    from cases.services.dispatch import case_dispatch, work_order_sign
    from routing import roles
    from routing.models import Department
    from tests.conftest import make_staff

    case = register()
    heads = [make_staff("head_pension", city, roles.SECTION_HEAD, first_name="钱"),
             make_staff("head_medical", city, roles.SECTION_HEAD, first_name="孙")]
    for name, head in zip(("养老保险科", "医疗保险科"), heads):
        department = Department.objects.create(office=city, name=name, head=head)
        order = case_dispatch(case=case, by=duty_leader, department=department, kind="should", instruction="请核实办理")
        work_order_sign(order=order, by=head)
    client = login(clerk)
    with django_assert_max_num_queries(7):
        html = client.get(reverse("cases:slip", args=[case.number])).content.decode()
    assert all(escape(str(head)) in html for head in heads)
