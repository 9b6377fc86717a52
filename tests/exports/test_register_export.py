"""The register's Excel export: the list's filters, scoping and masking, read back cell by cell."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from cases.models import AuditEvent, Export
from tests.conftest import OTHER_VALID_ID, VALID_ID

from .conftest import read_sheet

pytestmark = pytest.mark.django_db

AT = datetime.datetime(2026, 11, 16, 9, 5, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))  # a Monday morning


@pytest.fixture
def cases(register, county_clerk, outside_clerk):
    with time_machine.travel(AT, tick=False):
        mine = register(reporter_name="张三", reporter_phone="13812345678", reporter_id_number=VALID_ID)
        other = register(reporter_name="李四", reporter_phone="13900002222", reporter_id_number=OTHER_VALID_ID)
    with time_machine.travel(AT + datetime.timedelta(days=1), tick=False):
        county = register(by=county_clerk, reporter_name="周县民", reporter_phone="13700002222")
        outside = register(by=outside_clerk, reporter_name="欧阳外", reporter_phone="13900001111")
    return {"mine": mine, "other": other, "county": county, "outside": outside}


def _by_number(rows):
    return {row[0]: row for row in rows[1:]}


def test_the_sheet_has_chinese_headers_and_the_cases_with_times_on_the_office_clock(login, clerk, cases, run_export):
    export = run_export(login(clerk))
    assert export.state == Export.State.DONE and export.rows_done == 2 == export.rows_total
    rows = read_sheet(export)
    assert rows[0][:7] == ["受理编号", "登记时间", "单位", "反映渠道", "反映人姓名", "反映人电话", "反映人身份证号"]
    assert "亮灯" in rows[0] and "办理期限" in rows[0]
    row = _by_number(rows)[cases["mine"].number]
    # 09:05 in the office (Asia/Shanghai), not 01:05 UTC.
    assert row[1] == datetime.datetime(2026, 11, 16, 9, 5)
    assert row[2] == "丹东市人社局" and row[3] == "窗口现场" and row[4] == "张三"
    assert row[rows[0].index("状态")] == cases["mine"].get_state_display()


def test_a_clerk_without_the_right_to_reveal_gets_masked_id_numbers_and_phones(login, clerk, cases, run_export):
    row = _by_number(read_sheet(run_export(login(clerk))))[cases["mine"].number]
    assert row[5] == "138****5678"
    assert row[6] == "110105********002X"
    assert VALID_ID not in str(row)


def test_a_director_with_the_right_to_reveal_gets_them_whole_and_the_audit_says_so(login, director, cases, run_export):
    export = run_export(login(director))
    row = _by_number(read_sheet(export))[cases["mine"].number]
    assert row[5] == "13812345678" and row[6] == VALID_ID
    event = AuditEvent.objects.get(action="export.requested")
    assert event.actor == director and event.data["personal_data"] == "full" and event.data["export"] == export.pk


def test_a_clerk_exports_only_his_own_office(login, clerk, cases, run_export):
    numbers = set(_by_number(read_sheet(run_export(login(clerk)))))
    assert numbers == {cases["mine"].number, cases["other"].number}


def test_a_city_director_exports_his_subtree_but_not_an_unrelated_office(login, director, cases, run_export):
    numbers = set(_by_number(read_sheet(run_export(login(director)))))
    assert numbers == {cases["mine"].number, cases["other"].number, cases["county"].number}


def test_the_list_filters_are_respected(login, director, county, cases, run_export):
    client = login(director)
    only_county = run_export(client, office=str(county.pk))
    assert set(_by_number(read_sheet(only_county))) == {cases["county"].number}
    first_day = run_export(client, registered_from="2026-11-16", registered_to="2026-11-16")
    assert set(_by_number(read_sheet(first_day))) == {cases["mine"].number, cases["other"].number}


def test_the_search_comes_from_the_session_and_is_stored_encrypted(login, clerk, cases, run_export):
    client = login(clerk)
    listed = client.post(reverse("cases:desk"), {"q": OTHER_VALID_ID})
    token = listed["Location"].split("search=")[1]
    page = client.get(listed["Location"])
    assert f'name="search" value="{token}"' in page.content.decode()  # the button posts the token, not the query
    export = run_export(client, search=token)
    assert set(_by_number(read_sheet(export))) == {cases["other"].number}
    assert export.search == OTHER_VALID_ID
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT search, filters FROM cases_export WHERE id = %s", [export.pk])
        stored, filters = cursor.fetchone()
    assert OTHER_VALID_ID not in stored and OTHER_VALID_ID not in str(filters)


def test_an_expired_search_is_refused_with_a_message(login, clerk, cases):
    response = login(clerk).post(reverse("cases:export_start", args=["register"]), {"search": "nosuchtoken"})
    assert response.status_code == 400
    assert "已过期" in response.content.decode()
    assert not Export.objects.exists()


def test_an_office_outside_the_readers_scope_is_refused(login, director, unrelated_office, cases):
    response = login(director).post(reverse("cases:export_start", args=["register"]),
                                    {"office": str(unrelated_office.pk)})
    assert response.status_code == 400
    assert not Export.objects.exists()


def test_a_clerk_naming_another_office_still_gets_only_his_own(login, clerk, county, cases, run_export):
    numbers = set(_by_number(read_sheet(run_export(login(clerk), office=str(county.pk)))))
    assert numbers == {cases["mine"].number, cases["other"].number}
