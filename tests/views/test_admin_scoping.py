"""The Django admin keeps an office administrator inside their own office."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from routing import roles
from routing.models import Department
from tests.conftest import make_staff


@pytest.fixture
def county_admin(county):
    user = make_staff("county_admin", county, roles.ADMINISTRATOR, is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=["view_department", "change_department", "view_case",
                                                                      "view_user", "change_user"]))
    return type(user).objects.get(pk=user.pk)


def test_an_office_administrator_lists_only_their_offices_departments(client, county_admin, city, county):
    client.force_login(county_admin)
    response = client.get(reverse("admin:routing_department_changelist"))
    assert response.status_code == 200
    names = {d.office_id for d in response.context["cl"].queryset}
    assert names == {county.pk}


def test_an_office_administrator_gets_404_for_another_offices_department(client, county_admin, city):
    client.force_login(county_admin)
    other = Department.objects.filter(office=city).first()
    response = client.get(reverse("admin:routing_department_change", args=[other.pk]))
    assert response.status_code in (302, 404)  # Django's admin redirects a missing object to the list


def test_an_office_administrator_sees_only_their_offices_cases(client, county_admin, register, county_clerk):
    city_case = register()
    county_case = register(by=county_clerk)
    client.force_login(county_admin)
    response = client.get(reverse("admin:cases_case_changelist"))
    numbers = {c.number for c in response.context["cl"].queryset}
    assert county_case.number in numbers and city_case.number not in numbers


def test_an_office_administrator_cannot_make_anyone_a_superuser(client, county_admin, county_clerk):
    client.force_login(county_admin)
    response = client.get(reverse("admin:routing_user_change", args=[county_clerk.pk]))
    assert response.status_code == 200
    assert 'name="is_superuser"' not in response.content.decode()


def test_the_admin_cannot_change_a_cases_category(client, city, register, clerk):
    """Classification goes through the app, audited; the case page also relies on a
    category never being taken away (an unclassified case has no records to read)."""
    from cases.services import case_classify

    case = case_classify(case=register(), by=clerk, category="citizen")
    admin = make_staff("city_admin", city, roles.ADMINISTRATOR, is_staff=True)
    admin.user_permissions.add(*Permission.objects.filter(codename__in=["view_case", "change_case"]))
    client.force_login(admin)
    page = client.get(reverse("admin:cases_case_change", args=[case.pk]))
    assert page.status_code == 200
    assert 'name="category"' not in page.content.decode()


def test_an_innovation_in_the_admin_offers_only_the_offices_own_business_areas(client, county_admin, city, county):
    county_admin.user_permissions.add(*Permission.objects.filter(codename__in=["add_institutionalinnovation",
                                                                               "change_institutionalinnovation"]))
    client.force_login(county_admin)
    response = client.get(reverse("admin:cases_institutionalinnovation_add"))
    offered = response.context["adminform"].form.fields["business_area"].queryset
    assert offered.exists() and set(offered.values_list("office_id", flat=True)) == {county.pk}
