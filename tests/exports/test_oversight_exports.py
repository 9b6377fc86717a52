"""The oversight pages' figures as spreadsheets: statistics, ranking, cause matrix,
accountability records and a daily summary. Each file is opened and checked
against the page's own figures, its scoping and its permission."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import DailyFigure
from cases.selectors.summary import summary_rows
from cases.services.summary import daily_summary_make
from routing.models import Department
from tests.causes.conftest import account, build, in_month  # noqa: F401
from tests.escalation.conftest import at

from .conftest import read_sheet

pytestmark = pytest.mark.django_db

MONTH = datetime.date(2026, 5, 1)


def figure(office, department=None, **counts):
    return DailyFigure.objects.create(office=office, department=department, day=MONTH.replace(day=10),
                                      computed_at=timezone.now(), close_hours=[], **counts)


@pytest.fixture
def figures(city, county, unrelated_office):
    section = Department.objects.create(office=city, name="养老保险科")
    figure(city, registered=7, responses_due=10, responded_in_time=9, callbacks_reached=4, callbacks_solved=3,
           rated_satisfied=2, orders_due=5, orders_on_time=4)
    figure(county, registered=3, responses_due=4, responded_in_time=2, orders_due=2, orders_on_time=2,
           rated_dissatisfied=1)
    figure(city, department=section, orders_due=5, orders_on_time=4, orders_returned=1)
    figure(unrelated_office, registered=99, orders_due=9, orders_on_time=9)
    return section


def test_the_statistics_export_holds_the_pages_rows_of_the_month(login, director, figures, run_export):
    client = login(director)
    page = client.get(reverse("cases:statistics"), {"month": "2026-05"})
    html = page.content.decode()
    assert 'action="/cases/exports/new/statistics/"' in html and 'name="month" value="2026-05"' in html
    rows = read_sheet(run_export(client, kind="statistics", month="2026-05"))
    assert rows[0][:4] == ["单位", "部门", "登记数", "响应率"]
    figures_on_page = page.context["figures"]
    city_row, county_row, total_row, section_row = rows[1:]
    assert city_row[0] == figures_on_page.offices[0].office and city_row[2] == 7 and city_row[3] == 90.0
    assert county_row[2] == 3 and county_row[3] == 50.0
    assert total_row[2] == figures_on_page.total.registered == 10
    assert section_row[:2] == [figures_on_page.departments[0].office, "养老保险科"]
    assert all(99 not in row for row in rows[1:])  # the unrelated office's figures are not there


def test_the_ranking_export_ranks_offices_and_departments_with_the_rule(login, director, figures, run_export):
    client = login(director)
    boards = client.get(reverse("cases:ranking"), {"month": "2026-05"}).context["boards"]
    rows = read_sheet(run_export(client, kind="ranking", month="2026-05"))
    assert rows[0][:5] == ["榜单", "名次", "单位", "部门", "得分"]
    offices = [row for row in rows[1:] if row[0] == "单位排名"]
    assert [(row[1], row[2], row[4]) for row in offices] == [
        (ranked.rank, ranked.figures.office, ranked.score) for ranked in boards["offices"].ranked]
    assert any(row[0] == "部门排名" and row[3] == "养老保险科" for row in rows)
    assert rows[-1][0].startswith("得分 = 0.4")  # the rule under the table
    assert all(row[2] != "浙江省外单位" and 99 not in row for row in rows[1:] if row)


def test_the_cause_matrix_export_is_the_pages_table(login, director, build, county_clerk, outside_clerk,  # noqa: F811
                                                    run_export):
    build(category="staff", place="养老保险窗口")
    build(category="staff", place="养老保险窗口")
    build(category="citizen", place="医保窗口")
    build(by=county_clerk, category="objective", place="县窗口")
    build(by=outside_clerk, category="staff", place="外地窗口")
    client = login(director)
    query = {"since": "2026-01", "until": "2026-06"}
    matrix = client.get(reverse("cases:causes"), query).context["matrix"]
    assert 'action="/cases/exports/new/cause_matrix/"' in client.get(reverse("cases:causes"), query).content.decode()
    rows = read_sheet(run_export(client, kind="cause_matrix", **query))
    assert rows[0] == ["业务类别", "分类", *matrix["columns"], "合计", "政策瓶颈"]
    assert "外地窗口" not in rows[0]
    assert [row[-2] for row in rows[1:]] == [line["total"] for line in matrix["rows"]]
    staff = next(row for row in rows[1:] if row[1] == "工作人员原因")
    assert staff[2 + matrix["columns"].index("养老保险窗口")] == 2


def test_the_matrix_export_keeps_the_office_filter(login, director, county, build, county_clerk, run_export):  # noqa: F811
    build(category="staff")
    build(by=county_clerk, category="objective", place="县窗口")
    rows = read_sheet(run_export(login(director), kind="cause_matrix", since="2026-05", until="2026-05",
                                 office=county.pk))
    assert rows[0][2:-2] == ["县窗口"] and len(rows) == 2


def test_the_accountability_export_keeps_the_filters_and_the_offices_clock(
        login, discipline, build, account, duty_leader, county_clerk, outside_clerk, run_export):  # noqa: F811
    referred = account(build(category="staff", staff_window="养老保险窗口"), duty_leader, referred=True,
                       at=datetime.datetime(2026, 6, 1, 1, 30, tzinfo=datetime.UTC))
    account(build(category="staff"), duty_leader)
    account(build(by=outside_clerk, category="staff"), outside_clerk, referred=True)
    account(build(by=county_clerk, category="staff"), county_clerk, referred=True)
    client = login(discipline)
    assert 'name="kind" value="referred"' in client.get(reverse("cases:accountability_records"),
                                                         {"kind": "referred"}).content.decode()
    rows = read_sheet(run_export(client, kind="accountability", data={"kind": "referred"}))
    assert rows[0][:3] == ["事项", "单位", "业务类别"] and rows[0][9] == "移交纪检"
    assert len(rows) == 3  # the city's and the county's referrals; not the outside office's, not the kept one
    row = next(row for row in rows[1:] if row[0] == referred.case.number)
    assert row[3] == "养老保险窗口" and row[9] == "是"
    assert row[10] == datetime.datetime(2026, 6, 1, 9, 30)  # 01:30 UTC on Beijing's clock


def test_the_daily_summary_export_is_the_summarys_lines(login, director, city, run_export):
    summary = daily_summary_make(office=city, day=at(16, 0).date(), now=at(16, 17, 30))
    client = login(director)
    assert 'action="/cases/exports/new/daily_summary/"' in client.get(
        reverse("cases:summary", args=[summary.pk])).content.decode()
    rows = read_sheet(run_export(client, kind="daily_summary", summary=summary.pk))
    assert rows[0] == ["栏目", "项目", "数量"]
    assert rows[1][:2] == ["单位", city.name] and rows[2][1] == datetime.datetime(2026, 11, 16)
    assert len(rows) == 3 + len(summary_rows(summary))


def test_another_offices_summary_cannot_be_exported(login, director, unrelated_office, django_capture_on_commit_callbacks):
    summary = daily_summary_make(office=unrelated_office, day=at(16, 0).date(), now=at(16, 17, 30))
    with django_capture_on_commit_callbacks(execute=False):
        response = login(director).post(reverse("cases:export_start", args=["daily_summary"]), {"summary": summary.pk})
    assert response.status_code == 400


@pytest.mark.parametrize("kind", ["statistics", "ranking", "cause_matrix", "accountability", "daily_summary"])
def test_a_clerk_cannot_ask_for_them(login, clerk, kind):
    assert login(clerk).post(reverse("cases:export_start", args=[kind])).status_code == 404


def test_a_refused_month_is_refused_not_exported(login, director):
    response = login(director).post(reverse("cases:export_start", args=["statistics"]), {"month": "1999-13"})
    assert response.status_code == 400
