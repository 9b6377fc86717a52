"""API keys: stored hashed, shown once, scoped to offices, limited per minute."""

import hashlib
import re

import pytest

from cases.models import ApiClient, Case, Channel
from routing.models import User

from .conftest import make_client


def test_a_key_is_stored_only_as_its_hash(website_key):
    client = ApiClient.objects.get()
    assert client.key_hash == hashlib.sha256(website_key.encode()).hexdigest()
    assert website_key not in {str(value) for value in ApiClient.objects.values_list().get()}
    assert website_key.startswith(client.key_start) and len(website_key) > 40


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_requests_without_a_valid_key_are_refused_in_the_spec_format(client, website_key, fmt, city):
    for params in ({}, {"api_key": website_key[:-1]}, {"api_key": website_key.upper()}):
        response = client.get(f"/open311/v2/requests.{fmt}", params)
        assert response.status_code == 403 and b"api_key" in response.content
        if fmt == "json":
            assert response.json()[0]["code"] == 403
        else:
            assert b"<errors><error><code>403</code>" in response.content


def test_an_inactive_client_is_refused(client, website_key):
    ApiClient.objects.update(active=False)
    assert client.get("/open311/v2/requests.json", {"api_key": website_key}).status_code == 403


def test_the_key_may_come_in_a_header_and_stay_out_of_the_access_log(client, website_key):
    assert client.get("/open311/v2/requests.json", headers={"X-Api-Key": website_key}).status_code == 200


@pytest.fixture
def county_case(county, platform_key, post_data, client):
    pension = county.business_areas.get(name="养老保险")
    response = client.post("/open311/v2/requests.json", {**post_data, "api_key": platform_key,
                                                           "jurisdiction_id": "DDA", "service_code": str(pension.pk)})
    return Case.objects.get(number=response.json()[0]["service_request_id"])


def test_a_key_for_one_office_never_sees_another_offices_requests(client, website_key, platform_key, county_case):
    for fmt in ("json", "xml"):
        response = client.get(f"/open311/v2/requests/{county_case.number}.{fmt}", {"api_key": website_key})
        assert response.status_code == 404
    assert client.get("/open311/v2/requests.json", {"api_key": website_key}).json() == []
    response = client.get("/open311/v2/requests.json", {"api_key": website_key, "jurisdiction_id": "DDA"})
    assert response.status_code == 404 and response.json()[0]["code"] == 404
    named = client.get("/open311/v2/requests.json", {"api_key": website_key, "service_request_id": county_case.number})
    assert named.json() == []
    # The platform, which serves both offices, sees it.
    assert client.get(f"/open311/v2/requests/{county_case.number}.json", {"api_key": platform_key}).status_code == 200


def test_a_post_to_an_office_the_key_does_not_serve_is_403(client, website_key, post_data, county, unrelated_office):
    for office in ("DDA", "ZJ", "NOPE"):
        response = client.post("/open311/v2/requests.json", {**post_data, "api_key": website_key,
                                                               "jurisdiction_id": office})
        assert response.status_code == 403
        [error] = response.json()
        assert error["code"] == 403 and "jurisdiction" in error["description"]
    assert not Case.objects.exists()


def test_each_key_has_its_own_rate_limit(client, city, website_key):
    limited = make_client("慢的客户端", city, per_minute=2)[1]
    assert client.get("/open311/v2/requests.json", {"api_key": limited}).status_code == 200
    assert client.get("/open311/v2/requests.json", {"api_key": limited}).status_code == 200
    for fmt in ("json", "xml"):
        response = client.get(f"/open311/v2/requests.{fmt}", {"api_key": limited})
        assert response.status_code == 429
        assert b"429" in response.content
    assert client.get("/open311/v2/requests.json", {"api_key": website_key}).status_code == 200


@pytest.fixture
def operator(db):
    return User.objects.create_superuser(username="operator", password="pw-operator")


def test_the_admin_shows_a_new_key_once_and_stores_its_hash(client, operator, city, county):
    client.force_login(operator)
    response = client.post("/admin/cases/apiclient/add/", {
        "name": "12345热线平台", "offices": [city.pk, county.pk], "channel": Channel.HOTLINE_12345,
        "requests_per_minute": 120, "active": "on", "_save": "1"}, follow=True)
    assert response.status_code == 200
    api_client = ApiClient.objects.get()
    messages = " ".join(str(m) for m in response.context["messages"])
    [key] = re.findall(r"wd_[A-Za-z0-9_-]{43}", messages)
    assert hashlib.sha256(key.encode()).hexdigest() == api_client.key_hash
    assert set(api_client.offices.values_list("code", flat=True)) == {"DD", "DDA"}
    # Not on the change page afterwards.
    page = client.get(f"/admin/cases/apiclient/{api_client.pk}/change/").content.decode()
    assert key not in page and api_client.key_start in page
    assert client.get("/open311/v2/requests.json", {"api_key": key}).status_code == 200


def test_issuing_a_new_key_in_the_admin_retires_the_old(client, operator, website_key):
    client.force_login(operator)
    api_client = ApiClient.objects.get()
    client.post("/admin/cases/apiclient/", {"action": "issue_new_key", "_selected_action": [api_client.pk]})
    assert client.get("/open311/v2/requests.json", {"api_key": website_key}).status_code == 403
    assert ApiClient.objects.get().key_hash != api_client.key_hash


def test_office_administrators_cannot_manage_api_clients(client, city, website_key):
    from django.contrib.auth.models import Permission

    admin = User.objects.create_user(username="office_admin", password="pw", office=city, is_staff=True)
    admin.user_permissions.set(Permission.objects.filter(codename__endswith="apiclient"))
    client.force_login(admin)
    assert client.get("/admin/cases/apiclient/").status_code == 403
