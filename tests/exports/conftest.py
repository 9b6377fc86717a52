"""Exports write to a private folder of the test's own; a helper builds one as the worker would."""

import openpyxl
import pytest

# Files go to a private folder of the test's own, as the attachments' tests do.
from tests.public.conftest import _private_files  # noqa: F401
from tests.views.conftest import login  # noqa: F401


@pytest.fixture
def asked_export(director, register, django_capture_on_commit_callbacks):
    """The director's export of the register (one case), asked for and not built yet."""
    from cases.services.exports import export_request

    register()
    with django_capture_on_commit_callbacks(execute=False):
        return export_request(by=director, kind="register", filters={})


@pytest.fixture
def run_export(django_capture_on_commit_callbacks):
    """Ask for an export through its button (the client's POST) and run the task's body at once."""
    from cases.models import Export
    from cases.services.exports import export_build

    def _run(client, kind="register", data=None, **posted):
        # `data` for a form whose fields clash with these names (a field called "kind").
        with django_capture_on_commit_callbacks(execute=False):
            response = client.post(f"/cases/exports/new/{kind}/", {**(data or {}), **posted})
        assert response.status_code == 303, response.content.decode()[:2000]
        export = Export.objects.latest("pk")
        export_build(export_id=export.pk)
        export.refresh_from_db()
        return export

    return _run


def read_sheet(export_or_path):
    """The export's sheet as a list of rows (header first), read back with openpyxl."""
    from cases.models.public import private_storage

    path = export_or_path if isinstance(export_or_path, str) else private_storage.path(export_or_path.file)
    workbook = openpyxl.load_workbook(path, read_only=True)
    try:
        return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
    finally:
        workbook.close()
