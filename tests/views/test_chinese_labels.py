"""Labels as a Chinese clerk reads them: each one here once said something else."""

import datetime

import pytest
from django.urls import reverse

from cases import services
from routing import roles
from tests.conftest import make_staff


def test_a_deficiency_deadline_reads_as_the_date_to_supply_the_items_by(login, register, clerk, duty_leader):
    case = register()
    services.case_classify(case=case, by=duty_leader, category="citizen", leader_instruction="容缺受理")
    services.case_record_citizen_outcome(case=case, by=clerk, kind="deficiency", missing_items="门诊收据原件一张",
                                         deficiency_deadline=datetime.date(2026, 12, 18))
    page = login(duty_leader).get(reverse("cases:detail", args=[case.number])).content.decode()
    assert "门诊收据原件一张 （须于 2026-12-18 前补齐）" in page
    assert "操作人 2026" not in page
    assert "对群众诉求的处理方式：容缺受理" in page


def test_the_review_filters_are_dates_not_tiers(login, director):
    page = login(director).get(reverse("cases:review")).content.decode()
    assert "升级日期（起）" in page and "升级日期（止）" in page
    assert "升级前层级" not in page and "升级后层级" not in page


def test_the_department_figures_count_work_orders(login, director):
    page = login(director).get(reverse("cases:department_stats")).content.decode()
    assert ">派单数</th>" in page
    assert "派单时间" not in page


def test_the_admin_calls_an_offices_departments_departments(client, city):
    client.force_login(make_staff("root", city, roles.ADMINISTRATOR, is_staff=True, is_superuser=True))
    page = client.get(reverse("admin:routing_office_change", args=[city.pk])).content.decode()
    heading = page.split('id="departments-heading"', 1)[1].split("</h2>", 1)[0]
    assert heading.split(">", 1)[1].strip() == "部门"
    assert "参会部门" not in page


@pytest.fixture
def intake(pension):
    return {"channel": "window", "reporter_name": "张桂兰", "business_area": pension.pk,
            "matter": "办理养老保险关系转移", "failure_reason": "外省数据未传"}


def test_a_text_too_long_names_its_field(login, clerk, intake):
    page = login(clerk).post(reverse("cases:register"), {**intake, "matter": "转" * 2001}).content.decode()
    assert "“想要办理的事项”最多 2000 个字，请删减。" in page
    assert "该变量" not in page


def test_a_short_field_too_long_says_how_long_it_may_be(login, clerk, intake):
    page = login(clerk).post(reverse("cases:register"), {**intake, "reporter_name": "张" * 51}).content.decode()
    assert "最多 50 个字（现有 51 个字），请删减。" in page
    assert "该变量" not in page
