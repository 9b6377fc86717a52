"""One spelling of an ID number or phone, wherever it is typed; no name of invisible characters."""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.urls import reverse

from cases import pii
from cases.models import Case
from cases.services import CaseActionError
from routing import roles
from tests.conftest import OTHER_VALID_ID, VALID_ID, make_staff

FULL_WIDTH = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
FULL_WIDTH_ID = VALID_ID.translate(FULL_WIDTH)  # what a Chinese input method types in full-width mode
ARABIC_INDIC_ID = VALID_ID.translate(ARABIC_INDIC)
PHONE = "13812345678"
FULL_WIDTH_PHONE = "１３８\u3000１２３４\u3000５６７８"  # with full-width spaces


@pytest.fixture
def intake(pension):
    return {"channel": "window", "reporter_name": "张三丰", "business_area": str(pension.pk),
            "matter": "办理养老保险关系转移", "failed_at": "养老保险窗口", "failure_reason": "外省数据未传"}


def _search(client, term):
    return [case.number for case in client.post(reverse("cases:desk"), {"q": term}, follow=True).context["page"]]


@pytest.mark.parametrize("typed", [FULL_WIDTH_ID, ARABIC_INDIC_ID, "\u200b" + VALID_ID.lower() + "\ufeff"])
def test_an_id_typed_in_another_spelling_at_intake_is_found_by_an_ascii_search(login, clerk, intake, typed):
    client = login(clerk)
    response = client.post(reverse("cases:register"), {**intake, "reporter_id_number": typed,
                                                       "reporter_phone": FULL_WIDTH_PHONE})
    assert response.status_code == 302, response.context["form"].errors
    case = Case.objects.get()
    assert (case.reporter_id_number, case.reporter_id_hash) == (VALID_ID, pii.id_hash(VALID_ID))
    assert (case.reporter_phone, case.reporter_phone_hash) == (PHONE, pii.phone_hash(PHONE))
    assert _search(client, VALID_ID) == [case.number]
    assert _search(client, PHONE) == [case.number]


@pytest.mark.parametrize("term", [FULL_WIDTH_ID, ARABIC_INDIC_ID, FULL_WIDTH_PHONE])
def test_an_ascii_registration_is_found_by_a_search_in_another_spelling(login, register, clerk, term):
    case = register(reporter_id_number=VALID_ID, reporter_phone=PHONE)
    register(reporter_name="王五", reporter_id_number=OTHER_VALID_ID, reporter_phone="13900001111")  # not found
    assert _search(login(clerk), term) == [case.number]


def test_the_person_lookup_reads_a_full_width_id(login, register, clerk):
    case = register(reporter_id_number=VALID_ID)
    html = login(clerk).post(reverse("cases:person_lookup"), {"id": FULL_WIDTH_ID}).content.decode()
    assert case.number in html


def test_the_intake_service_stores_the_one_spelling(register):
    case = register(reporter_id_number=FULL_WIDTH_ID, reporter_phone=FULL_WIDTH_PHONE,
                    on_behalf=True, subject_name="李四", subject_id_number=OTHER_VALID_ID.translate(ARABIC_INDIC))
    assert case.reporter_id_hash == pii.id_hash(VALID_ID)
    assert case.subject_id_number == OTHER_VALID_ID and case.subject_id_hash == pii.id_hash(OTHER_VALID_ID)
    assert case.reporter_phone_hash == pii.phone_hash(PHONE)


@pytest.mark.parametrize("field, value", [("reporter_id_number", "11010519491231002Y"),
                                          ("reporter_phone", "１２３"), ("reporter_id_number", "１" * 18)])
def test_the_intake_service_refuses_a_bad_identifier_beside_its_field(register, field, value):
    with pytest.raises(CaseActionError) as error:
        register(**{field: value})
    assert error.value.field == field
    assert not Case.objects.exists()


INVISIBLE_NAMES = ["\ufeff", "\u200b\u200b", "\u200d\u3000\u2060", "\u3164"]


@pytest.mark.parametrize("name", INVISIBLE_NAMES)
def test_a_name_of_invisible_characters_is_refused_beside_the_field_at_intake(login, clerk, intake, name):
    response = login(clerk).post(reverse("cases:register"), {**intake, "reporter_name": name})
    assert response.status_code == 400
    assert "请输入看得见的姓名" in str(response.context["form"].errors["reporter_name"])
    assert not Case.objects.exists()


def test_a_subject_name_of_invisible_characters_is_refused_once(login, clerk, intake):
    response = login(clerk).post(reverse("cases:register"), {**intake, "on_behalf": "on", "subject_name": "\u200b"})
    assert response.status_code == 400
    assert len(response.context["form"].errors["subject_name"]) == 1


@pytest.mark.parametrize("field", ["reporter_name", "subject_name"])
def test_the_intake_service_refuses_a_name_of_invisible_characters(register, field):
    with pytest.raises(CaseActionError) as error:
        register(on_behalf=True, subject_relation="邻居", **{"subject_name": "李四", field: "\ufeff\u200b"})
    assert error.value.field == field


def test_a_visible_name_with_a_stray_invisible_character_is_kept(register):
    assert register(reporter_name="张\u200b三").reporter_name == "张\u200b三"


def test_the_admin_refuses_a_name_of_invisible_characters_beside_the_field(client, register, county, county_clerk):
    admin = make_staff("county_admin", county, roles.ADMINISTRATOR, is_staff=True)
    admin.user_permissions.add(*Permission.objects.filter(codename__in=["view_case", "change_case"]))
    case = register(by=county_clerk)
    client.force_login(type(admin).objects.get(pk=admin.pk))
    url = reverse("admin:cases_case_change", args=[case.pk])
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    for prefix in ("citizenoutcome", "stafffault", "specialhandling", "accountability", "tierspan"):
        for key in ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS"):
            data[f"{prefix}_set-{key}"] = "0"
    response = client.post(url, {**data, "reporter_name": "\u200b\ufeff"})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["reporter_name"]
    case.refresh_from_db()
    assert case.reporter_name == "张三"


def test_the_migration_rewrites_identifiers_stored_in_another_spelling(register):
    migration = importlib.import_module("cases.migrations.0007_identifiers_in_one_spelling")
    legacy = register()
    # As intake stored them before: full-width digits, hashed as typed.
    Case.objects.filter(pk=legacy.pk).update(
        reporter_id_number=FULL_WIDTH_ID, reporter_id_hash=pii.keyed_hash("id", FULL_WIDTH_ID),
        reporter_phone="１３８１２３４５６７８", reporter_phone_hash=pii.keyed_hash("phone", "１３８１２３４５６７８"))
    untouched = register(reporter_id_number=OTHER_VALID_ID)
    migration.renormalise_identifiers(apps, None)
    legacy.refresh_from_db()
    assert (legacy.reporter_id_number, legacy.reporter_id_hash) == (VALID_ID, pii.id_hash(VALID_ID))
    assert (legacy.reporter_phone, legacy.reporter_phone_hash) == (PHONE, pii.phone_hash(PHONE))
    assert Case.objects.get(pk=untouched.pk).reporter_id_hash == pii.id_hash(OTHER_VALID_ID)
