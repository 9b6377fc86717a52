"""The tracking page, information added later, and who may open the attachments."""

import pytest
from django.urls import reverse

from cases.models import Attachment, Case, Notification
from cases.services.escalation import case_pause
from cases.services.public import case_set_public_answer
from routing import roles
from tests.conftest import make_staff

from .conftest import pdf, photo


@pytest.fixture
def reported(client, city, report_data, duty_leader):
    client.post(reverse("public:report", args=[city.code]), {**report_data, "files": [photo()],
                                                             "reporter_confidential": "on"})
    return Case.objects.get()


def test_the_tracking_page_says_what_happens_in_plain_words_with_no_personal_data(client, reported):
    html = client.get(reverse("public:track", args=[reported.tracking_token])).content.decode()
    assert reported.number in html and "您的事项已登记" in html
    assert "张*" in html and "张三" not in html
    assert "13812345678" not in html and "138****5678" not in html
    assert "当日值班领导" in html  # who has it: the tier, no staff name
    assert str(reported.duty_leader) not in html
    assert 'id="track-expected"' in html


def test_a_wrong_or_guessed_token_is_a_plain_404(client, reported):
    assert client.get(reverse("public:track", args=["x" * 43])).status_code == 404
    assert client.get(reverse("public:track", args=[reported.number])).status_code == 404
    assert client.get(reverse("public:track", args=[reported.tracking_token[:-1]])).status_code == 404


def test_the_public_answer_and_the_waiting_reason_show_on_the_tracking_page(client, reported, duty_leader):
    case_set_public_answer(case=reported, by=duty_leader, answer="请带户口本到3号窗口。")
    case_pause(case=reported, by=duty_leader, reason="等待群众补交户口本")
    html = client.get(reverse("public:track", args=[reported.tracking_token])).content.decode()
    assert "请带户口本到3号窗口。" in html and "等待群众补交户口本" in html
    assert "单位已给您答复" in html


def test_adding_papers_while_paused_tells_the_owner_and_leaves_the_clock_stopped(client, reported, duty_leader):
    case_pause(case=reported, by=duty_leader, reason="等待群众补交户口本")
    url = reverse("public:add", args=[reported.tracking_token])
    response = client.post(url, {"text": "户口本已拍照上传", "files": [photo("hukou.jpg")]})
    assert response.status_code == 302
    reported.refresh_from_db()
    assert reported.paused_at is not None  # restarting stays the leader's decision
    note = Notification.objects.get(recipient=duty_leader, kind="citizen_added")
    assert reported.number in note.message
    assert reported.additions.get().attachments.count() == 1


def test_adding_information_to_a_running_case_tells_nobody(client, reported, duty_leader):
    client.post(reverse("public:add", args=[reported.tracking_token]), {"text": "补充一句"})
    assert not Notification.objects.filter(kind="citizen_added").exists()
    assert reported.additions.get().text == "补充一句"


def test_adding_nothing_or_a_bad_file_is_refused_with_400(client, reported):
    url = reverse("public:add", args=[reported.tracking_token])
    assert client.post(url, {"text": ""}).status_code == 400
    from django.core.files.uploadedfile import SimpleUploadedFile
    bad = SimpleUploadedFile("x.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    assert client.post(url, {"text": "看附件", "files": [bad]}).status_code == 400
    assert not reported.additions.exists()


def test_adding_to_a_wrong_token_is_a_404(client, reported):
    assert client.post(reverse("public:add", args=["nope"]), {"text": "x"}).status_code == 404


def _attachment_url(case):
    return reverse("cases:attachment", args=[case.number, Attachment.objects.filter(case=case).first().pk])


def test_the_offices_staff_open_the_attachment(login, reported, clerk):
    response = login(clerk).get(_attachment_url(reported))
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert "sandbox" in response["Content-Security-Policy"]


def test_the_attachment_is_a_404_to_anonymous_visitors(client, reported):
    client.logout()
    response = client.get(_attachment_url(reported))
    assert response.status_code == 302 and "login" in response.url


def test_the_attachment_is_a_404_to_other_offices_staff(login, reported, outside_clerk, county_clerk):
    url = _attachment_url(reported)
    assert login(outside_clerk).get(url).status_code == 404
    assert login(county_clerk).get(url).status_code == 404


def test_an_attachment_of_another_case_is_a_404_through_this_case(login, reported, register, clerk):
    other = register()
    pk = Attachment.objects.get(case=reported).pk
    assert login(clerk).get(reverse("cases:attachment", args=[other.number, pk])).status_code == 404


def test_staff_see_attachments_and_added_information_on_the_case_page(client, login, reported, clerk):
    client.post(reverse("public:add", args=[reported.tracking_token]), {"text": "补充：我下午有空", "files": [pdf()]})
    html = login(clerk).get(reverse("cases:detail", args=[reported.number])).content.decode()
    assert "补充：我下午有空" in html and "photo.jpg" in html and "paper.pdf" in html


def test_a_confidential_reporter_is_masked_for_staff_who_may_not_reveal(login, reported, clerk, duty_leader):
    html = login(clerk).get(reverse("cases:detail", args=[reported.number])).content.decode()
    assert 'id="reporter-name">张*' in html and "张三" not in html
    html = login(duty_leader).get(reverse("cases:detail", args=[reported.number])).content.decode()
    assert 'id="reporter-name">张三' in html


def test_staff_who_handle_the_case_write_the_answer_to_the_citizen(login, reported, duty_leader, clerk):
    url = reverse("cases:public_answer", args=[reported.number])
    assert login(duty_leader).post(url, {"public_answer": "已联系养老保险科。"}).status_code == 302
    reported.refresh_from_db()
    assert reported.public_answer == "已联系养老保险科。"
    assert 'action="' + url + '"' in login(duty_leader).get(reverse("cases:detail", args=[reported.number])).content.decode()


def test_staff_who_may_not_handle_cannot_write_the_answer(login, reported, city):
    inspector = make_staff("insp", city, roles.DISCIPLINE)
    url = reverse("cases:public_answer", args=[reported.number])
    assert login(inspector).post(url, {"public_answer": "x"}).status_code == 400
    reported.refresh_from_db()
    assert reported.public_answer == ""


def test_the_poster_has_a_qr_code_image_leading_to_the_report_form(client, city):
    html = client.get(reverse("public:poster", args=[city.code])).content.decode()
    qr = reverse("public:poster_qr", args=[city.code])
    assert f'src="{qr}"' in html and reverse("public:report", args=[city.code]) in html
    response = client.get(qr)
    assert response["Content-Type"] == "image/svg+xml" and b"<svg" in response.content


def test_the_staff_footer_links_to_the_poster(login, clerk):
    html = login(clerk).get(reverse("cases:desk")).content.decode()
    assert reverse("public:poster", args=[clerk.office.code]) in html


def test_the_front_door_track_box_goes_to_the_tracking_page(client, reported):
    link = "https://window.example.cn" + reverse("public:track", args=[reported.tracking_token])
    response = client.get(reverse("public:find"), {"code": link})
    assert response.url == reverse("public:track", args=[reported.tracking_token])


def test_a_confidential_reporter_is_masked_in_the_lists_too(login, reported, clerk, duty_leader):
    html = login(clerk).get(reverse("cases:desk")).content.decode()
    assert "张*" in html and "张三" not in html
    html = login(duty_leader).get(reverse("cases:desk")).content.decode()
    assert "张三" in html
