"""The public report form: one path with the window, nothing half-saved on refusal."""

import io
import re

import pytest
import time_machine
from django.urls import reverse
from PIL import Image

from cases.models import Attachment, AuditEvent, Case, CaseNumberCounter, TextMessage
from tests.conftest import VALID_ID
from tests.escalation.conftest import at

from .conftest import pdf, photo

REPORT = "public:report"


def _post(client, office, data, files=()):
    return client.post(reverse(REPORT, args=[office.code]), {**data, "files": list(files)})


def test_the_front_door_is_open_and_groups_county_offices_under_their_bureau(client, city, county, unrelated_office):
    html = client.get("/").content.decode()
    offices = re.search(r'<ul class="office-list" id="offices">.*?\n  </ul>', html, re.S).group(0)
    assert offices.index(city.name) < offices.index(county.name)
    assert re.search(rf"{city.name}</a>\s*<ul><li>.*{county.name}", offices, re.S)
    assert reverse("home") in html  # the staff's way in


def test_the_office_search_works_without_javascript(client, city, county, unrelated_office):
    html = client.get("/", {"q": "东港"}).content.decode()
    assert county.name in html and unrelated_office.name not in html
    assert city.name in html  # the bureau heads its county office's group


def test_a_report_registers_a_case_through_the_windows_path_and_shows_the_receipt(client, city, report_data):
    response = _post(client, city, report_data, [photo()])
    assert response.status_code == 302 and response.url == reverse("public:receipt")
    case = Case.objects.get()
    assert case.channel == "website" and case.registered_by is None and case.state == "tier1"
    assert case.number == "DD-2026-000001" or case.number.startswith("DD-")
    assert case.reporter_phone == "13812345678"  # the window's normaliser
    assert case.consented_at is not None
    assert len(case.tracking_token) >= 32 and case.number not in case.tracking_token
    registered = AuditEvent.objects.get(case=case, action="case.registered")
    assert registered.actor is None and registered.data["channel"] == "website"
    receipt = client.get(response.url).content.decode()
    assert case.number in receipt and reverse("public:track", args=[case.tracking_token]) in receipt
    text = TextMessage.objects.get(case=case)
    assert text.kind == "receipt" and case.tracking_token in text.body and text.phone == "13812345678"


def test_tracking_tokens_are_random_and_unique(client, city, report_data):
    for _ in range(3):
        _post(client, city, report_data)
    tokens = set(Case.objects.values_list("tracking_token", flat=True))
    assert len(tokens) == 3 and all(len(t) >= 32 for t in tokens)  # token_urlsafe(32): 256 bits


def test_a_report_after_office_hours_starts_its_clock_the_next_working_day(client, city, report_data, duty_leader):
    with time_machine.travel(at(16, 20), tick=False):  # Monday 8 pm
        _post(client, city, report_data)
    case = Case.objects.get()
    assert case.due_at == at(17, 17)  # the whole of Tuesday's office hours, as at the window


@pytest.mark.parametrize(("change", "field"), [
    ({"reporter_phone": ""}, "reporter_phone"),
    ({"reporter_phone": "12345"}, "reporter_phone"),
    ({"reporter_id_number": "110105194912310021"}, "reporter_id_number"),
    ({"consent": ""}, "consent"),
    ({"reporting_for": "other", "subject_name": ""}, "subject_name"),
    ({"matter": ""}, "matter"),
])
def test_a_refused_report_keeps_what_was_typed_says_why_and_uses_no_number(client, city, report_data, change, field):
    response = _post(client, city, {**report_data, **change}, [photo()])
    assert response.status_code == 400
    html = response.content.decode()
    assert not Case.objects.exists() and not Attachment.objects.exists() and not TextMessage.objects.exists()
    assert not CaseNumberCounter.objects.filter(last_sequence__gt=0).exists()
    assert "说外省数据没传过来" in html  # what was typed is kept
    assert f'id="error_1_id_{field}"' in html  # the reason beside the field
    assert 'aria-invalid="true"' in html or "is-invalid" in html
    assert "您选择的文件没有保留" in html  # files are never sent back: say so
    assert 'role="alert"' in html


def test_the_honeypot_refuses_a_robot_without_registering(client, city, report_data):
    response = _post(client, city, {**report_data, "website": "http://spam.example"})
    assert response.status_code == 400 and not Case.objects.exists()


def test_a_wrong_office_code_is_a_404(client, db):
    assert client.get(reverse(REPORT, args=["NOPE"])).status_code == 404


def test_the_identifier_is_normalised_as_at_the_window(client, city, report_data):
    full_width = "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in VALID_ID)
    _post(client, city, {**report_data, "reporter_id_number": full_width})
    assert Case.objects.get().reporter_id_number == VALID_ID


def test_more_than_five_files_are_refused(client, city, report_data):
    response = _post(client, city, report_data, [pdf(f"p{n}.pdf") for n in range(6)])
    assert response.status_code == 400 and not Case.objects.exists()
    assert 'id="error_1_id_files"' in response.content.decode()


def test_a_file_over_five_megabytes_is_refused(client, city, report_data):
    response = _post(client, city, report_data, [pdf(size=5 * 1024 * 1024 + 1)])
    assert response.status_code == 400 and not Case.objects.exists()


def test_the_type_is_read_from_the_content_not_the_name(client, city, report_data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("photo.jpg", b"<html><script>alert(1)</script></html>", content_type="image/jpeg")
    response = _post(client, city, report_data, [fake])
    assert response.status_code == 400 and not Case.objects.exists()
    real = SimpleUploadedFile("scan.txt", pdf().read(), content_type="text/plain")
    assert _post(client, city, report_data, [real]).status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.content_type == "application/pdf" and attachment.name == "scan.pdf"


def test_the_location_is_stripped_from_photos(client, city, report_data, settings):
    _post(client, city, report_data, [photo()])
    attachment = Attachment.objects.get()
    stored = (settings.PRIVATE_MEDIA_ROOT / attachment.file.name).read_bytes()
    image = Image.open(io.BytesIO(stored))
    assert not image.getexif() and b"PhoneMaker" not in stored
    # Outside the web root: not under the static files.
    assert str(settings.STATIC_ROOT) not in str(settings.PRIVATE_MEDIA_ROOT / attachment.file.name)


def test_an_upload_failing_mid_way_leaves_no_file_on_disk(client, city, report_data, settings, monkeypatch):
    from cases.services import public

    def broken(**kwargs):
        raise RuntimeError("gateway table locked")

    monkeypatch.setattr(public, "text_receipt", broken)
    with pytest.raises(RuntimeError):
        _post(client, city, report_data, [photo()])
    assert not Case.objects.exists()
    folder = settings.PRIVATE_MEDIA_ROOT
    assert not folder.exists() or not [p for p in folder.rglob("*") if p.is_file()]
