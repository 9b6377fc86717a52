"""Posting and reading requests: the case register seen through the spec's fields."""

import datetime
import xml.etree.ElementTree as ET
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import translation

from cases.models import AuditEvent, Case, TextMessage
from cases.services import case_register_and_answer
from cases.services.public import case_report_online, case_set_public_answer
from cases.services.texts import send_pending_texts
from windowdesk import sms

SHANGHAI = ZoneInfo("Asia/Shanghai")


def post(client, data, fmt="json"):
    return client.post(f"/open311/v2/requests.{fmt}", data)


def test_a_post_registers_a_case_through_the_same_counter_and_answers_its_number(
        client, register, website_key, post_data, duty_leader):
    window_case = register()
    response = post(client, {**post_data, "api_key": website_key})
    assert response.status_code == 200
    [answer] = response.json()
    case = Case.objects.get(number=answer["service_request_id"])
    assert case.sequence == window_case.sequence + 1 and case.office.code == "DD"
    assert case.channel == "website" and case.registered_by is None and case.state == "tier1"
    assert case.reporter_name == "张三" and case.reporter_phone == "13812345678"
    assert case.matter == post_data["description"] and case.failure_reason == post_data["description"]
    assert case.failed_at == "3号窗口" and case.consented_at is not None
    assert case.business_area.name == "养老保险"
    assert AuditEvent.objects.filter(case=case, action="case.registered", data__channel="website").exists()


@pytest.mark.parametrize("key", ["website_key", "platform_key"])
def test_a_posted_report_gets_the_same_texted_receipt_as_one_from_the_web_form(
        client, request, key, post_data, city, settings, duty_leader):
    settings.PUBLIC_SITE_URL = "https://window.example.gov.cn"
    response = post(client, {**post_data, "api_key": request.getfixturevalue(key)})
    posted = Case.objects.get(number=response.json()[0]["service_request_id"])
    from_form = case_report_online(office=city, files=[], business_area=posted.business_area, reporter_name="李四",
                                   reporter_phone="13912345678", matter="x", failure_reason="y")
    assert send_pending_texts() == 2
    by_phone = {text.to: text.body for text in sms.outbox}
    link = f"https://window.example.gov.cn/t/{posted.tracking_token}/"
    assert link in by_phone["13812345678"] and posted.number in by_phone["13812345678"]
    assert TextMessage.objects.get(case=posted).kind == TextMessage.RECEIPT
    # Word for word the web form's receipt, but for the number and the link.
    assert by_phone["13912345678"].replace(from_form.number, "N").replace(from_form.tracking_token, "T") == \
        by_phone["13812345678"].replace(posted.number, "N").replace(posted.tracking_token, "T")


def test_a_refused_post_texts_nothing(client, website_key, post_data, duty_leader):
    assert post(client, {**post_data, "api_key": website_key, "phone": "12"}).status_code == 400
    assert not TextMessage.objects.exists()


def test_a_post_in_xml_answers_in_xml(client, website_key, post_data, duty_leader):
    response = post(client, {**post_data, "api_key": website_key}, "xml")
    root = ET.fromstring(response.content)
    assert root.tag == "service_requests"
    number = root.findtext("request/service_request_id")
    assert Case.objects.filter(number=number).exists()


def test_a_report_from_the_12345_platform_carries_its_channel(client, platform_key, post_data, county, duty_leader):
    pension = county.business_areas.get(name="养老保险")
    response = post(client, {**post_data, "api_key": platform_key, "jurisdiction_id": "DDA",
                             "service_code": str(pension.pk)})
    case = Case.objects.get(number=response.json()[0]["service_request_id"])
    assert case.channel == "hotline_12345" and case.office == county
    with translation.override("zh-hans"):
        assert case.get_channel_display() == "12345热线平台"


@pytest.mark.parametrize("missing, word", [
    ("phone", "phone"), ("description", "description"), ("service_code", "service_code"),
    ("jurisdiction_id", "jurisdiction_id"),
])
def test_a_post_missing_what_we_need_is_a_400_in_the_spec_format(client, website_key, post_data, missing, word):
    data = {**post_data, "api_key": website_key}
    del data[missing]
    response = post(client, data)
    assert response.status_code == 400
    [error] = response.json()
    assert error["code"] == 400 and word in error["description"]
    root = ET.fromstring(post(client, data, "xml").content)
    assert root.tag == "errors" and root.findtext("error/code") == "400" and word in root.findtext("error/description")
    assert not Case.objects.exists()


def test_a_post_with_no_name_or_a_phone_that_is_none_is_refused(client, website_key, post_data):
    data = {**post_data, "api_key": website_key}
    assert post(client, {**data, "first_name": "", "last_name": ""}).status_code == 400
    response = post(client, {**data, "phone": "12"})
    assert response.status_code == 400 and response.json()[0]["description"].startswith("phone:")
    assert not Case.objects.exists()


def test_a_service_code_of_another_office_is_refused(client, website_key, post_data, unrelated_office):
    theirs = unrelated_office.business_areas.first()
    response = post(client, {**post_data, "api_key": website_key, "service_code": str(theirs.pk)})
    assert response.status_code == 400 and not Case.objects.exists()


def test_the_api_needs_no_csrf_token(website_key, post_data, duty_leader):
    strict = Client(enforce_csrf_checks=True)
    assert post(strict, {**post_data, "api_key": website_key}).status_code == 200


@pytest.fixture
def posted(client, website_key, post_data, duty_leader):
    response = post(client, {**post_data, "api_key": website_key})
    return Case.objects.get(number=response.json()[0]["service_request_id"])


def test_a_request_reads_as_the_spec_has_it_with_the_deadline_from_our_clock(client, website_key, posted):
    response = client.get(f"/open311/v2/requests/{posted.number}.json", {"api_key": website_key})
    [request] = response.json()
    assert request["service_request_id"] == posted.number and request["status"] == "open"
    assert request["service_name"] == "养老保险" and request["agency_responsible"] == "丹东市人社局"
    expected = datetime.datetime.fromisoformat(request["expected_datetime"])
    assert expected == posted.due_at and expected.utcoffset() == datetime.timedelta(hours=8)
    assert request["expected_datetime"] == posted.due_at.astimezone(SHANGHAI).isoformat(timespec="seconds")
    assert request["requested_datetime"].endswith("+08:00") and request["updated_datetime"].endswith("+08:00")


def test_a_request_carries_no_personal_data(client, website_key, posted):
    for fmt in ("json", "xml"):
        body = client.get(f"/open311/v2/requests/{posted.number}.{fmt}", {"api_key": website_key}).content.decode()
        assert "13812345678" not in body and "张三" not in body and "5678" not in body
        assert "phone" not in body and "first_name" not in body


def test_status_notes_are_the_answer_to_the_citizen(client, website_key, posted, duty_leader):
    case_set_public_answer(case=posted, by=duty_leader, answer="请带户口本到3号窗口。")
    root = ET.fromstring(client.get(f"/open311/v2/requests/{posted.number}.xml", {"api_key": website_key}).content)
    assert root.tag == "service_requests"
    assert root.findtext("request/status_notes") == "请带户口本到3号窗口。"
    assert root.findtext("request/status") == "open"


@pytest.fixture
def closed_case(clerk, pension):
    return case_register_and_answer(
        clerk=clerk, outcome="solved", result="当场办结", channel="window", reporter_name="李四",
        reporter_phone="13900001111", business_area=pension, matter="查询社保缴费", failure_reason="系统故障")


def test_a_closed_case_reads_closed_with_no_deadline(client, website_key, closed_case):
    [request] = client.get(f"/open311/v2/requests/{closed_case.number}.json", {"api_key": website_key}).json()
    assert request["status"] == "closed" and request["expected_datetime"] is None


def numbers(response):
    assert response.status_code == 200, response.content
    return [request["service_request_id"] for request in response.json()]


def test_the_list_filters_by_status(client, website_key, posted, closed_case):
    url = "/open311/v2/requests.json"
    assert numbers(client.get(url, {"api_key": website_key})) == [closed_case.number, posted.number]
    assert numbers(client.get(url, {"api_key": website_key, "status": "open"})) == [posted.number]
    assert numbers(client.get(url, {"api_key": website_key, "status": "closed"})) == [closed_case.number]
    assert len(numbers(client.get(url, {"api_key": website_key, "status": "open,closed"}))) == 2


def test_the_list_filters_by_service_code_and_by_number(client, website_key, posted, closed_case, city):
    url = "/open311/v2/requests.json"
    other_area = city.business_areas.get(name="医疗保险")
    assert numbers(client.get(url, {"api_key": website_key, "service_code": str(other_area.pk)})) == []
    assert len(numbers(client.get(url, {"api_key": website_key, "service_code": f"{posted.business_area_id}"}))) == 2
    # Named requests ignore the other filters.
    assert numbers(client.get(url, {"api_key": website_key, "service_request_id": posted.number,
                                    "status": "closed"})) == [posted.number]
    both = numbers(client.get(url, {"api_key": website_key,
                                    "service_request_id": f"{posted.number},{closed_case.number}"}))
    assert sorted(both) == sorted([posted.number, closed_case.number])


def test_the_list_filters_by_dates_with_offsets_and_defaults_to_90_days(client, website_key, posted):
    url = "/open311/v2/requests.json"
    at = posted.registered_at
    before = (at - datetime.timedelta(minutes=1)).astimezone(SHANGHAI).isoformat()
    after = (at + datetime.timedelta(minutes=1)).astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert numbers(client.get(url, {"api_key": website_key, "start_date": before, "end_date": after})) == [posted.number]
    assert numbers(client.get(url, {"api_key": website_key, "start_date": after})) == []
    assert numbers(client.get(url, {"api_key": website_key, "end_date": before})) == []
    Case.objects.filter(pk=posted.pk).update(registered_at=at - datetime.timedelta(days=91))
    assert numbers(client.get(url, {"api_key": website_key})) == []
    old = (at - datetime.timedelta(days=100)).isoformat()
    assert numbers(client.get(url, {"api_key": website_key, "start_date": old})) == [posted.number]


@pytest.mark.parametrize("params", [
    {"status": "pending"}, {"start_date": "2026-03-02T09:00:00"}, {"end_date": "yesterday"},
    {"service_code": "pension"}, {"service_code": "99999999999999999999"}, {"start_date": "0001-01-01T00:00:00+01:00"},
    {"service_request_id": "DD-2026-000001;drop"},
])
def test_a_wrong_filter_is_a_400_in_the_spec_format(client, website_key, city, params):
    response = client.get("/open311/v2/requests.json", {"api_key": website_key, **params})
    assert response.status_code == 400
    assert response.json()[0]["code"] == 400
