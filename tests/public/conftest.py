import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    """Attachments go to a folder of the test's own."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    from django.utils.functional import empty

    from cases.models.public import private_storage

    private_storage._wrapped = empty
    yield
    private_storage._wrapped = empty


def jpeg_with_location(size=(40, 30)) -> bytes:
    image = Image.new("RGB", size, "red")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x8825] = {1: "N", 2: (39.0, 54.0, 0.0), 3: "E", 4: (124.0, 23.0, 0.0)}
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def photo(name="photo.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, jpeg_with_location(), content_type="image/jpeg")


def pdf(name="paper.pdf", size=None) -> SimpleUploadedFile:
    data = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    if size:
        data = data + b"0" * (size - len(data))
    return SimpleUploadedFile(name, data, content_type="application/pdf")


@pytest.fixture
def report_data(city):
    area = city.business_areas.get(name="养老保险")
    return {
        "matter": "办理养老保险关系转移", "failed_where": "regular_window", "failed_at": "3号窗口",
        "failure_reason": "说外省数据没传过来", "business_area": str(area.pk), "reporting_for": "self",
        "reporter_name": "张三", "reporter_phone": "138 1234 5678", "reporter_id_number": "",
        "consent": "on", "website": "",
    }


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login
