"""The tidy-up: exports the broker lost are queued again, dead workers given up on, old files deleted."""

import datetime

import pytest
from django.utils import timezone

from cases.models import Export
from cases.models.public import private_storage
from cases.services import exports as export_services
from cases.services.exports import export_build, exports_tidy

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(asked_export):
    return asked_export


def test_an_export_no_worker_took_is_queued_again(queued, monkeypatch):
    sent = []
    monkeypatch.setattr(export_services, "queue_export", sent.append)
    assert exports_tidy()["requeued"] == 0  # just asked for: the worker may still come
    assert exports_tidy(now=timezone.now() + datetime.timedelta(minutes=3))["requeued"] == 1
    assert sent == [queued.pk]


def test_an_export_whose_worker_died_is_failed(queued):
    Export.objects.filter(pk=queued.pk).update(state="running", started_at=timezone.now())
    assert exports_tidy(now=timezone.now() + datetime.timedelta(hours=4))["given_up"] == 1
    assert Export.objects.get(pk=queued.pk).state == "failed"


def test_a_file_past_its_expiry_is_deleted_and_no_longer_offered(queued, login, director):
    built = export_build(export_id=queued.pk)
    assert private_storage.exists(built.file)
    assert exports_tidy(now=timezone.now() + datetime.timedelta(days=6))["deleted"] == 0
    assert exports_tidy(now=timezone.now() + datetime.timedelta(days=8))["deleted"] == 1
    assert not private_storage.exists(built.file)
    assert Export.objects.get(pk=queued.pk).file == ""
    assert login(director).get(f"/cases/exports/{queued.pk}/download/").status_code == 404
