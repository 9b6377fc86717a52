"""Services: an office's business areas, in JSON and XML, for anyone (no key)."""

import xml.etree.ElementTree as ET


def test_services_list_the_offices_active_business_areas_in_json(client, city):
    city.business_areas.filter(name="其他").update(active=False)
    response = client.get("/open311/v2/services.json", {"jurisdiction_id": "DD"})
    assert response.status_code == 200 and response["Content-Type"] == "application/json; charset=utf-8"
    services = response.json()
    names = [service["service_name"] for service in services]
    assert names[0] == "养老保险" and "其他" not in names and len(names) == 7
    pension = city.business_areas.get(name="养老保险")
    assert services[0] == {"service_code": str(pension.pk), "service_name": "养老保险", "description": "养老保险",
                           "metadata": True, "type": "realtime", "keywords": "", "group": "丹东市人社局"}


def test_services_in_xml_have_the_specs_elements(client, city):
    response = client.get("/open311/v2/services.xml", {"jurisdiction_id": "dd"})
    assert response.status_code == 200 and response["Content-Type"] == "text/xml; charset=utf-8"
    assert response.content.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    root = ET.fromstring(response.content)
    assert root.tag == "services"
    first = root.find("service")
    assert first.findtext("service_name") == "养老保险" and first.findtext("metadata") == "true"
    assert first.findtext("type") == "realtime"


def test_another_offices_services_are_its_own(client, city, unrelated_office):
    codes_dd = {s["service_code"] for s in client.get("/open311/v2/services.json", {"jurisdiction_id": "DD"}).json()}
    codes_zj = {s["service_code"] for s in client.get("/open311/v2/services.json", {"jurisdiction_id": "ZJ"}).json()}
    assert codes_dd and codes_zj and not codes_dd & codes_zj


def test_without_jurisdiction_the_answer_is_a_spec_error(client, city):
    response = client.get("/open311/v2/services.json")
    assert response.status_code == 400
    [error] = response.json()
    assert error["code"] == 400 and "jurisdiction_id" in error["description"]
    response = client.get("/open311/v2/services.xml", {"jurisdiction_id": "NOPE"})
    assert response.status_code == 404
    root = ET.fromstring(response.content)
    assert root.tag == "errors" and root.find("error/code").text == "404"


def test_a_service_definition_names_the_optional_failed_at_attribute(client, city):
    pension = city.business_areas.get(name="养老保险")
    response = client.get(f"/open311/v2/services/{pension.pk}.json", {"jurisdiction_id": "DD"})
    definition = response.json()
    assert definition["service_code"] == str(pension.pk)
    [attribute] = definition["attributes"]
    assert attribute["code"] == "failed_at" and attribute["required"] is False and attribute["datatype"] == "string"
    root = ET.fromstring(client.get(f"/open311/v2/services/{pension.pk}.xml", {"jurisdiction_id": "DD"}).content)
    assert root.tag == "service_definition"
    assert root.find("attributes/attribute/code").text == "failed_at"


def test_a_service_of_another_office_or_unknown_is_404(client, city, unrelated_office):
    theirs = unrelated_office.business_areas.first()
    for code in (theirs.pk, 999999, "x"):
        response = client.get(f"/open311/v2/services/{code}.json", {"jurisdiction_id": "DD"})
        assert response.status_code == 404 and response.json()[0]["code"] == 404


def test_a_method_the_endpoint_does_not_take_is_a_spec_error(client, city):
    response = client.post("/open311/v2/services.json", {"jurisdiction_id": "DD"})
    assert response.status_code == 405 and response.json()[0]["code"] == 405


def test_the_openapi_document_is_served(client):
    response = client.get("/open311/v2/openapi.json")
    assert response.status_code == 200
    document = b"".join(response.streaming_content)
    assert b'"openapi": "3.0.3"' in document and b"/open311/v2/requests.json" in document
