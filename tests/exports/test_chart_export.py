"""A chart's table as a spreadsheet: the overview's cases per month, one registry line."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from .conftest import read_sheet

pytestmark = pytest.mark.django_db

ZONE = zoneinfo.ZoneInfo("Asia/Shanghai")


def test_the_month_chart_exports_its_table(login, director, register, county_clerk, outside_clerk, run_export):
    with time_machine.travel(datetime.datetime(2026, 10, 15, 10, 0, tzinfo=ZONE), tick=False):
        register()
        register(by=county_clerk)
        register(by=outside_clerk)
    client = login(director)
    with time_machine.travel(datetime.datetime(2026, 11, 18, 10, 0, tzinfo=ZONE), tick=False):
        assert 'action="/cases/exports/new/cases_per_month/"' in client.get(reverse("cases:overview")).content.decode()
        rows = read_sheet(run_export(client, kind="cases_per_month"))
    assert rows[0] == ["月份", "群众自身原因", "工作人员原因", "客观原因", "尚未分类"]
    assert len(rows) == 13 and rows[-1][0] == "2026-11"
    assert rows[-2] == ["2026-10", 0, 0, 0, 2]  # the city's and the county's, not the unrelated office's


def test_staff_who_do_not_review_cannot_export_it(login, clerk):
    assert login(clerk).post(reverse("cases:export_start", args=["cases_per_month"])).status_code == 404
