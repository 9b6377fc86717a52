"""The referral slip stays one A4 page however much the clerk wrote."""

import datetime

import pytest

from cases import services
from cases.models import InstitutionalInnovation
from tests.conftest import OTHER_VALID_ID, VALID_ID

from .conftest import pdf_pages_and_size, pdf_text, pdf_to_png, print_slip

pytestmark = pytest.mark.browser

# 1,900 Chinese characters, as a citizen's long story typed in full.
STORY = "参保人反映其一九九八年至二零零六年间在外省国有企业工作期间的养老保险缴费记录缺失，原单位已破产改制，档案下落不明，多次往返两地社保经办机构均未能核实。"
LONG = (STORY * 40)[:1900]


def long_text(tag):
    return (tag + LONG)[:1900]


@pytest.mark.parametrize("category", ["citizen", "staff", "objective"])
def test_a_long_matter_still_prints_the_slip_on_one_a4_page(page, page_errors, server, log_in, clerk, duty_leader,
                                                             pension, tmp_path, screenshots_dir, category):
    # Registered through the intake form, so the form's own limits accept texts this long.
    log_in(clerk)
    page.goto(f"{server}/cases/new/")
    page.fill("#id_reporter_name", "欧阳" + "长" * 48)  # the longest name the form takes (50)
    page.fill("#id_reporter_phone", "13812345678")
    page.fill("#id_reporter_id_number", VALID_ID)
    page.check("#id_on_behalf")
    page.fill("#id_subject_name", "司马" + "远" * 48)
    page.fill("#id_subject_id_number", OTHER_VALID_ID)
    page.fill("#id_subject_relation", "邻居" * 15)
    page.select_option("#id_business_area", str(pension.pk))
    page.fill("#id_failed_at", "养老保险关系转移接续窗口" * 8 + "窗口")  # 98 characters
    page.fill("#id_matter", long_text("事项："))
    page.fill("#id_failure_reason", long_text("原因："))
    with page.expect_navigation():
        page.keyboard.press("Control+Enter")
    number = page.locator("h1.case-number").inner_text()

    # Handled with the longest texts each category allows.
    from cases.models import Case

    case = Case.objects.get(number=number)
    assert len(case.matter) == 1900 and len(case.failure_reason) == 1900
    services.case_classify(case=case, by=duty_leader, category=category, leader_instruction=long_text("批示："))
    if category == "citizen":
        services.case_record_citizen_outcome(case=case, by=clerk, kind="deficiency", missing_items=long_text("缺："),
                                             deficiency_deadline=datetime.date(2026, 12, 31))
        services.case_approve_deficiency(case=case, by=duty_leader)
    elif category == "staff":
        services.case_record_staff_fault(case=case, by=clerk, regular_window="养老保险窗口" * 16,
                                         staff_member="王" * 50, section_head="李" * 50, answer=long_text("答："))
    else:
        innovation = InstitutionalInnovation.objects.create(
            office=clerk.office, title="关于破产改制企业职工养老保险缴费记录认定的办法" * 8, rule_text=LONG,
            adopted_on=datetime.date(2026, 11, 1), created_by=duty_leader)
        services.case_record_special_handling(case=case, by=clerk, kind="legacy", procedure=long_text("程序："),
                                              is_common_problem=True, innovation=innovation)
    # Five departments dispatched, with long names: the slip lists three and counts the rest.
    from cases.services.dispatch import case_dispatch
    from routing.models import Department

    for n in range(5):
        department = Department.objects.create(office=clerk.office, name=f"第{n + 1}" + "社会保险经办管理服务中心" * 8)
        case_dispatch(case=case, by=duty_leader, department=department, kind="should", instruction=long_text("派："))
    services.case_resolve(case=case, by=clerk, result=(LONG * 2)[:3900], close=True)

    page.goto(f"{server}/cases/{number}/slip/")
    pdf = print_slip(page, tmp_path / f"slip-{category}.pdf")
    assert pdf_pages_and_size(pdf) == (1, "A4")
    text = pdf_text(pdf)
    assert number in text
    assert "事项：参保人反映" in text.replace(" ", "").replace("\n", "")
    # The closing block with its signature lines is the last thing on the sheet: it must be on the page.
    assert page.locator("table.form > tbody > tr").last.is_visible()
    pdf_to_png(pdf, screenshots_dir / f"slip-long-{category}")  # for a person to look at
    assert page_errors == []
