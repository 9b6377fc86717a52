"""The Django admin shows ID numbers and phones masked, and names no other office."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from cases.models import AuditEvent
from routing import roles
from tests.conftest import OTHER_VALID_ID, VALID_ID, make_staff

PHONE = "13812345678"
SUBJECT_ID = OTHER_VALID_ID


@pytest.fixture
def county_admin(county):
    user = make_staff("county_admin", county, roles.ADMINISTRATOR, is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__startswith="view_"))
    user.user_permissions.add(*Permission.objects.filter(codename="change_case"))
    return type(user).objects.get(pk=user.pk)


def test_an_office_administrators_admin_shows_a_cases_id_numbers_and_phone_only_masked(
        client, county_admin, register, county_clerk):
    case = register(by=county_clerk, on_behalf=True, subject_name="李四", subject_relation="邻居", subject_id_number=SUBJECT_ID)
    client.force_login(county_admin)
    change = client.get(reverse("admin:cases_case_change", args=[case.pk])).content.decode()
    changelist = client.get(reverse("admin:cases_case_changelist")).content.decode()
    for page in (change, changelist):
        assert VALID_ID not in page and PHONE not in page and SUBJECT_ID not in page
    assert case.masked_reporter_id in change and case.masked_phone in change
    assert reverse("cases:detail", args=[case.number]) in change
    assert not AuditEvent.objects.filter(case=case, action="case.personal_data_revealed").exists()


def test_saving_a_case_in_the_admin_keeps_its_id_numbers_and_phone(client, county_admin, register, county_clerk):
    case = register(by=county_clerk, on_behalf=True, subject_name="李四", subject_relation="邻居", subject_id_number=SUBJECT_ID)
    client.force_login(county_admin)
    url = reverse("admin:cases_case_change", args=[case.pk])
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    for prefix in ("citizenoutcome", "stafffault", "specialhandling", "accountability", "tierspan"):
        for key in ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS"):
            data[f"{prefix}_set-{key}"] = "0"
    client.post(url, data)
    case.refresh_from_db()
    assert (case.reporter_id_number, case.reporter_phone, case.subject_id_number) == (VALID_ID, PHONE, SUBJECT_ID)


@pytest.mark.parametrize("changelist", [
    "cases_case", "cases_institutionalinnovation", "cases_auditevent", "routing_department",
    "routing_businessarea", "routing_user", "routing_dutyassignment",
])
def test_an_office_administrators_list_filters_name_no_other_office(client, county_admin, city, other_county,
                                                                    unrelated_office, changelist):
    client.force_login(county_admin)
    response = client.get(reverse(f"admin:{changelist}_changelist"))
    assert response.status_code == 200
    page = response.content.decode()
    for other in (city, other_county, unrelated_office):
        assert other.name not in page


def test_a_superusers_list_filter_still_offers_every_office(client, city, county, unrelated_office):
    from routing.models import User

    operator = User.objects.create_superuser(username="operator", password="pw-operator")
    client.force_login(operator)
    page = client.get(reverse("admin:routing_department_changelist")).content.decode()
    assert all(office.name in page for office in (city, county, unrelated_office))
