"""Abuse and bad input on the public pages: captcha, rate limits, caps, oversized bodies.

Every refusal keeps what was typed, says why in Chinese, saves nothing and
uses no case number.
"""

import re

import pytest
from captcha.models import CaptchaStore
from django.urls import reverse

from cases.models import Attachment, Case, CaseNumberCounter, CitizenAddition, TextMessage

from .conftest import pdf, photo

REPORT = "public:report"


def _post(client, office, data, files=(), **extra):
    return client.post(reverse(REPORT, args=[office.code]), {**data, "files": list(files)}, **extra)


def _nothing_saved():
    assert not Case.objects.exists() and not Attachment.objects.exists() and not TextMessage.objects.exists()
    assert not CaseNumberCounter.objects.filter(last_sequence__gt=0).exists()


def _captcha_answer(html) -> dict:
    key = re.search(r'name="captcha_0" value="(\w+)"', html).group(1)
    return {"captcha_0": key, "captcha_1": CaptchaStore.objects.get(hashkey=key).response}


@pytest.fixture
def loose(settings):
    """Limits out of the way, so each test meets only the one it is about."""
    settings.PUBLIC_CAPTCHA_AFTER = 100
    settings.PUBLIC_REPORTS_PER_ADDRESS = 100
    settings.PUBLIC_REPORTS_PER_PHONE_PER_DAY = 100
    return settings


def _phone(n):
    return f"1381234{n:04d}"


# --- The captcha after a few submissions from one address

def test_the_form_asks_for_a_captcha_after_three_submissions_from_one_address(client, city, report_data):
    url = reverse(REPORT, args=[city.code])
    assert "captcha" not in client.get(url).content.decode()
    for n in range(3):
        assert _post(client, city, {**report_data, "reporter_phone": _phone(n)}).status_code == 302
    html = client.get(url).content.decode()
    assert 'name="captcha_1"' in html and "请输入图片中两个数字相加的结果" in html
    image = re.search(r'<img src="(/captcha/image/\w+/)"', html).group(1)
    response = client.get(image)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"  # drawn by the app itself


def test_without_the_captcha_the_fourth_report_is_refused_keeping_what_was_typed(client, city, report_data):
    for n in range(3):
        _post(client, city, {**report_data, "reporter_phone": _phone(n)})
    before = Case.objects.count()
    response = _post(client, city, {**report_data, "reporter_phone": _phone(3), "captcha_0": "x", "captcha_1": "7"},
                     [photo()])
    assert response.status_code == 400 and Case.objects.count() == before
    html = response.content.decode()
    assert 'id="error_1_id_captcha_1"' in html or "计算结果不对" in html
    assert "说外省数据没传过来" in html and "您选择的文件没有保留" in html
    # With the right sum it goes through.
    response = _post(client, city, {**report_data, "reporter_phone": _phone(3), **_captcha_answer(html)})
    assert response.status_code == 302 and Case.objects.count() == before + 1


def test_refused_submissions_count_towards_the_captcha_too(client, city, report_data):
    for _ in range(3):
        assert _post(client, city, {**report_data, "matter": ""}).status_code == 400
    assert 'name="captcha_1"' in client.get(reverse(REPORT, args=[city.code])).content.decode()
    _nothing_saved()


def test_another_address_gets_no_captcha(client, city, report_data):
    for n in range(3):
        _post(client, city, {**report_data, "reporter_phone": _phone(n)})
    html = client.get(reverse(REPORT, args=[city.code]), REMOTE_ADDR="10.1.2.3").content.decode()
    assert "captcha" not in html


def test_a_forged_forwarded_for_does_not_escape_the_count(client, city, report_data, settings):
    settings.TRUSTED_PROXY_COUNT = 1  # behind one proxy, which appends the real address
    for n in range(3):
        _post(client, city, {**report_data, "reporter_phone": _phone(n)},
              HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 203.0.113.9")
    html = client.get(reverse(REPORT, args=[city.code]), HTTP_X_FORWARDED_FOR="192.0.2.99, 203.0.113.9")
    assert 'name="captcha_1"' in html.content.decode()


# --- Hard limits: per address, per phone

def test_past_the_limit_an_address_waits_with_a_chinese_explanation(client, city, report_data, loose):
    loose.PUBLIC_REPORTS_PER_ADDRESS = 2
    for n in range(2):
        assert _post(client, city, {**report_data, "reporter_phone": _phone(n)}).status_code == 302
    response = _post(client, city, {**report_data, "reporter_phone": _phone(2)})
    assert response.status_code == 429 and Case.objects.count() == 2
    html = response.content.decode()
    assert "最近一小时内从您所在网络提交的反映过多" in html and 'role="alert"' in html
    assert "说外省数据没传过来" in html and "您填写的内容已保留" in html


def test_a_phone_may_report_three_times_a_day(client, city, report_data, loose):
    loose.PUBLIC_REPORTS_PER_PHONE_PER_DAY = 3
    for _ in range(3):
        assert _post(client, city, report_data).status_code == 302
    # The fourth, typed another way and from another address, is still the same phone.
    response = _post(client, city, {**report_data, "reporter_phone": "13812345678"}, REMOTE_ADDR="10.9.9.9")
    assert response.status_code == 429 and Case.objects.count() == 3
    html = response.content.decode()
    assert 'id="error_1_id_reporter_phone"' in html and "该手机号码今天已提交 3 件反映" in html
    assert "说外省数据没传过来" in html
    assert CaseNumberCounter.objects.get().last_sequence == 3  # no number used by the refusal
    assert _post(client, city, {**report_data, "reporter_phone": "13900000000"}).status_code == 302


def test_a_refused_report_does_not_count_against_the_phone(client, city, report_data, loose):
    loose.PUBLIC_REPORTS_PER_PHONE_PER_DAY = 1
    assert _post(client, city, {**report_data, "matter": ""}).status_code == 400
    assert _post(client, city, report_data).status_code == 302


# --- Oversized and malformed bodies

def test_a_body_over_the_limit_keeps_the_typed_fields_and_says_why(client, city, report_data, settings, tmp_path):
    settings.UPLOAD_MAX_BODY_SIZE = 100 * 1024
    response = _post(client, city, report_data, [pdf(size=150 * 1024)])
    assert response.status_code == 413
    html = response.content.decode()
    assert "所选文件总大小超出限制" in html and 'id="error_1_id_files"' in html
    assert "说外省数据没传过来" in html and "您选择的文件没有保留" in html
    _nothing_saved()
    folder = settings.PRIVATE_MEDIA_ROOT
    assert not folder.exists() or not [p for p in folder.rglob("*") if p.is_file()]


def test_typed_fields_over_a_megabyte_get_a_chinese_page_not_a_bare_400(client, city, report_data):
    response = _post(client, city, {**report_data, "matter": "长" * (400 * 1024)})  # 1.2 MB in UTF-8
    assert response.status_code == 413
    html = response.content.decode()
    assert "您提交的内容过大" in html and "最多可发送 5 个文件" in html
    _nothing_saved()


def test_dozens_of_files_get_the_same_page(client, city, report_data):
    response = _post(client, city, report_data, [pdf(f"p{n}.pdf") for n in range(25)])
    assert response.status_code == 413 and "您提交的内容过大" in response.content.decode()
    _nothing_saved()


@pytest.mark.parametrize(("files", "message"), [
    ([pdf(size=5 * 1024 * 1024 + 1)], "超过 5 MB"),
    ([pdf(f"p{n}.pdf") for n in range(6)], "最多提交 5 个文件"),
    ([photo("fake.jpg").__class__("fake.jpg", b"MZ\x90\x00 not a photo", content_type="image/jpeg")],
     "不是照片（JPEG、PNG、WebP）或 PDF 文件"),
])
def test_bad_files_are_refused_with_a_message_beside_the_field(client, city, report_data, files, message):
    response = _post(client, city, report_data, files)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html and 'id="error_1_id_files"' in html
    _nothing_saved()


# --- Tracking codes guessed

@pytest.fixture
def reported(client, city, report_data):
    _post(client, city, report_data)
    client.cookies.clear()
    return Case.objects.get()


def test_guessing_tracking_codes_is_stopped_per_address(client, reported, settings):
    settings.PUBLIC_TRACKING_MISSES_PER_ADDRESS = 5
    right = reverse("public:track", args=[reported.tracking_token])
    for n in range(10):  # right codes do not count
        assert client.get(right).status_code == 200
    for n in range(5):
        assert client.get(reverse("public:track", args=[f"guess{n:040d}"])).status_code == 404
    response = client.get(right)  # now even a right one: a guesser cannot tell a hit
    assert response.status_code == 429 and "过多错误的查询码" in response.content.decode()
    assert client.post(reverse("public:add", args=[reported.tracking_token]), {"text": "补充"}).status_code == 429
    assert not CitizenAddition.objects.exists()
    assert client.get(right, REMOTE_ADDR="10.7.7.7").status_code == 200  # another address is unaffected


def test_an_oversized_addition_keeps_the_text_and_says_why(client, reported, settings):
    settings.UPLOAD_MAX_BODY_SIZE = 100 * 1024
    response = client.post(reverse("public:add", args=[reported.tracking_token]),
                           {"text": "户口本照片", "files": [pdf(size=150 * 1024)]})
    assert response.status_code == 413
    html = response.content.decode()
    assert "所选文件总大小超出限制" in html and "户口本照片" in html
    assert not CitizenAddition.objects.exists() and not Attachment.objects.exists()


def test_with_the_cache_down_a_report_still_goes_through(client, city, report_data, settings, caplog):
    """The limits count in Redis; an unreachable Redis must not cost a citizen
    the report (nothing is lost when Redis is down)."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": "redis://127.0.0.1:1/0"}}  # nothing listens there
    # (Django's setting_changed receiver gives the cache handler the new setting.)
    response = _post(client, city, report_data)
    assert response.status_code == 302, response.status_code
    assert Case.objects.filter(office=city).count() == 1
    assert "the cache is unreachable" in caplog.text
