"""An export asked for on the page is built by a real Celery worker, after the commit."""

import time

import pytest
from django.urls import reverse

from cases.models import Export
from tests.celery_worker import real_worker  # noqa: F401

from .conftest import read_sheet


@pytest.mark.django_db(transaction=True)
def test_a_worker_builds_the_export_the_button_asked_for(login, director, register, real_worker):  # noqa: F811
    register()
    register(reporter_name="李四")
    client = login(director)
    response = client.post(reverse("cases:export_start", args=["register"]), {"state": "open"})
    assert response.status_code == 303
    export = Export.objects.get()
    deadline = time.monotonic() + 30
    while Export.objects.get(pk=export.pk).state not in ("done", "failed") and time.monotonic() < deadline:
        time.sleep(0.1)
    export.refresh_from_db()
    assert export.state == "done", export.error
    rows = read_sheet(export)
    assert len(rows) == 3 and {row[4] for row in rows[1:]} == {"张三", "李四"}
    status = client.get(reverse("cases:export_status", args=[export.pk])).json()
    assert status["download"] and status["percent"] == 100
