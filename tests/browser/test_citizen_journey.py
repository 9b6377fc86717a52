"""The citizen's side on a phone, in a real browser: report, receipt, tracking, the office's answer.

A 390 px screen, as most reports come from a phone after scanning the poster.
The photo carries a GPS location in its EXIF, as phones write it: it must not
reach the office.
"""

import io

import pytest
from PIL import Image

from cases.models import Attachment, Case

from .conftest import CASE_NUMBER, assert_readable

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def photo_with_location(path):
    """A small JPEG as a phone writes it: a maker and a GPS position in its EXIF."""
    image = Image.new("RGB", (64, 48), "red")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x8825] = {1: "N", 2: (39.0, 54.0, 0.0), 3: "E", 4: (124.0, 23.0, 0.0)}
    image.save(path, "JPEG", exif=exif.tobytes())
    assert Image.open(path).getexif().get_ifd(0x8825)  # the location is really there to strip
    return path


def test_a_citizen_reports_from_a_phone_and_follows_the_answer(page, page_errors, server, log_in, city, county,
                                                               duty_leader, private_files, tmp_path):
    page.set_viewport_size(PHONE)

    # The front door: the citizen finds the office and opens its form.
    page.goto(f"{server}/")
    assert_readable(page)
    with page.expect_navigation():
        page.get_by_role("link", name=city.name, exact=True).click()
    assert page.url.endswith(f"/o/{city.code}/report/")
    assert_readable(page)

    # The form, by touch.
    page.get_by_label("您想办什么事").fill("办理养老保险关系转移接续")
    page.get_by_label("在常规窗口").check()
    page.get_by_label("哪个窗口").fill("3号窗口")
    page.get_by_label("为什么没办成").fill("窗口说外省数据没传过来，让我自己去外省。")
    page.get_by_label("养老保险", exact=True).check()
    page.get_by_label("您的姓名").fill("张桂兰")
    page.get_by_label("您的手机号码").fill("138 1234 5678")
    page.locator("#id_files").set_input_files(str(photo_with_location(tmp_path / "窗口.jpg")))
    page.get_by_label("我同意").check()
    with page.expect_navigation():
        page.get_by_role("button", name="提交反映").click()

    # The receipt: the case number and the tracking link.
    assert page.url.endswith("/report/received/")
    assert_readable(page)
    number = page.locator("#receipt-number").inner_text().strip()
    assert CASE_NUMBER.fullmatch(number)
    case = Case.objects.get(number=number)
    assert case.channel == "website" and case.reporter_name == "张桂兰"
    link = page.locator("#tracking-link").get_attribute("href")
    assert link.startswith(server) and link.endswith(f"/t/{case.tracking_token}/")

    # The photo is with the case, without its location.
    attachment = Attachment.objects.get(case=case)
    stored = (private_files / attachment.file.name).read_bytes()
    assert not Image.open(io.BytesIO(stored)).getexif() and b"PhoneMaker" not in stored

    # The tracking page: the history so far, no answer yet.
    page.goto(link)
    assert_readable(page)
    assert number in page.locator("h1").inner_text()
    assert "您的事项已登记" in page.locator("#track-history").inner_text()
    assert page.locator("#track-answer").count() == 0

    # The duty leader writes the answer to the citizen on the case page.
    log_in(duty_leader)
    page.goto(f"{server}/cases/{number}/")
    page.locator("#id_public_answer").fill("请携带户口本到3号窗口，工作人员已与外省联系。")
    with page.expect_navigation():
        page.get_by_role("button", name="保存答复").click()
    case.refresh_from_db()
    assert case.public_answer == "请携带户口本到3号窗口，工作人员已与外省联系。"

    # The citizen opens the link again (no login) and reads it.
    page.context.clear_cookies()
    page.goto(link)
    assert page.locator("#track-answer").inner_text() == "请携带户口本到3号窗口，工作人员已与外省联系。"
    assert "单位已给您答复" in page.locator("#track-history").inner_text()
    assert_readable(page)
    assert page_errors == []
