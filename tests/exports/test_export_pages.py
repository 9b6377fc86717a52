"""The export's progress page, its status and its file: only for the person who asked."""

import pytest
from django.urls import reverse

from cases.models import Export
from cases.services.exports import export_build

from .conftest import read_sheet

pytestmark = pytest.mark.django_db


@pytest.fixture
def export(asked_export):
    return asked_export


def test_the_page_shows_the_wait_and_a_refresh_link_without_scripts(login, director, export):
    html = login(director).get(reverse("cases:export", args=[export.pk])).content.decode()
    assert "等待" in html and 'id="export-refresh"' in html
    assert 'data-status-url="/cases/exports/%d/status/"' % export.pk in html
    assert "<script>" not in html  # the polling is a static file (CSP)


def test_the_status_follows_the_build_and_offers_the_file_when_done(login, director, export):
    client = login(director)
    queued = client.get(reverse("cases:export_status", args=[export.pk])).json()
    assert queued["state"] == "queued" and queued["percent"] == 0 and queued["download"] is None
    export_build(export_id=export.pk)
    done = client.get(reverse("cases:export_status", args=[export.pk])).json()
    assert done["state"] == "done" and done["percent"] == 100 and done["rows_done"] == 1
    assert done["download"] == reverse("cases:export_download", args=[export.pk])
    response = client.get(done["download"])
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"] and ".xlsx" in response["Content-Disposition"]
    path = export.requested_by and Export.objects.get(pk=export.pk)
    assert len(read_sheet(path)) == 2


def test_the_file_is_not_offered_before_it_is_built(login, director, export):
    assert login(director).get(reverse("cases:export_download", args=[export.pk])).status_code == 404


@pytest.mark.parametrize("who", ["clerk", "county_director", "outside_clerk", "discipline"])
def test_anyone_but_the_requester_gets_404_for_the_page_status_and_file(login, request, export, who):
    export_build(export_id=export.pk)
    client = login(request.getfixturevalue(who))
    for name in ("cases:export", "cases:export_status", "cases:export_download"):
        assert client.get(reverse(name, args=[export.pk])).status_code == 404, name


def test_a_visitor_not_logged_in_is_sent_to_the_login(client, export):
    response = client.get(reverse("cases:export_download", args=[export.pk]))
    assert response.status_code == 302 and "/login" in response["Location"]


def test_a_second_task_for_the_same_export_builds_nothing(export):
    assert export_build(export_id=export.pk).state == Export.State.DONE
    assert export_build(export_id=export.pk) is None


def test_an_export_whose_requester_lost_the_office_fails_with_a_reason(export, director):
    director.is_active = False
    director.save()
    built = export_build(export_id=export.pk)
    assert built.state == Export.State.FAILED and built.error and not built.file


def test_an_unknown_kind_is_404(login, director):
    assert login(director).post(reverse("cases:export_start", args=["nothing"])).status_code == 404
