"""Excel exports: asked for by a user, built by a worker, tidied away after a week.

The page that asks only writes the `Export` row; the file is built by the
Celery task `cases.build_export` after the commit, streaming the rows from
the page's selector into xlsxwriter's constant-memory writer, so a web worker
never holds an export (10⁵ rows take seconds, not a request). The task claims
the row with a compare-and-set (queued → running), so a task queued twice
(the tidy-up re-queues one the broker lost) builds it once.
"""

import datetime
import logging
import os

from celery import current_app
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cases.exports import get_kind
from cases.exports.writer import write_xlsx
from cases.models import Export
from cases.models.exports import export_path
from cases.models.public import private_storage
from routing import clock

from .audit import audit_log
from .errors import CaseActionError

log = logging.getLogger(__name__)

BUILD_EXPORT_TASK = "cases.build_export"
TIDY_EXPORTS_TASK = "cases.tidy_exports"
PROGRESS_EVERY = 1000
# A queued export no worker took within this long is queued again (the broker was down).
REQUEUE_AFTER = 120
# A running export that has not finished in this long lost its worker.
GIVE_UP_AFTER = 3 * 3600


def export_request(*, by, kind: str, filters: dict, search: str = "") -> Export:
    """Ask for an export of `kind` with the page's `filters` (and its search, kept encrypted)."""
    spec = get_kind(kind)
    if spec is None or not getattr(by, "office_id", None) or not by.has_perm(spec.permission):
        raise CaseActionError(_("You may not export this list."))
    with transaction.atomic():
        export = Export.objects.create(requested_by=by, office_id=by.office_id, kind=kind, filters=filters,
                                       search=search or None)
        audit_log(office=by.office, actor=by, action="export.requested", data={
            "export": export.pk, "kind": kind, "filters": filters, "searched": bool(search),
            # Full ID numbers and phones in a file are a privileged act, like showing them on a page.
            "personal_data": "full" if by.has_perm("cases.reveal_personal_data") else "masked"})
        transaction.on_commit(lambda: queue_export(export.pk))
    return export


def queue_export(export_id: int) -> None:
    try:
        current_app.send_task(BUILD_EXPORT_TASK, args=[export_id])
    except Exception:  # the broker is down: the tidy-up queues it again
        log.warning("Could not queue export %s; the tidy-up will queue it again.", export_id, exc_info=True)


def export_build(*, export_id: int) -> Export | None:
    """Build the file of a queued export; None when another worker has it (or had it)."""
    now = timezone.now()
    if not Export.objects.filter(pk=export_id, state=Export.State.QUEUED).update(state=Export.State.RUNNING,
                                                                                  started_at=now):
        return None
    export = Export.objects.get(pk=export_id)
    user = get_user_model().objects.select_related("office").get(pk=export.requested_by_id)
    spec = get_kind(export.kind)
    name = export_path(export)
    path = private_storage.path(name)
    partial = path + ".part"
    rows = Export.objects.filter(pk=export_id)
    try:
        if spec is None or not user.is_active or not user.office_id or not user.has_perm(spec.permission):
            raise PermissionError("The requester may no longer export this.")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        # The office's clock for the filters' dates, the deployment's language for the headers.
        with timezone.override(clock.zone(user.office)), translation.override(settings.LANGUAGE_CODE):
            total, source = spec.rows(user, export.filters, export.search or "")
            rows.update(rows_total=total)
            written = write_xlsx(partial, title=str(spec.title), headers=spec.headers(user, export.filters), rows=source,
                                 widths=spec.widths, every=PROGRESS_EVERY,
                                 progress=lambda n: rows.update(rows_done=n))
        os.replace(partial, path)
    except Exception as error:
        log.exception("Export %s failed.", export_id)
        if os.path.exists(partial):
            os.remove(partial)
        rows.update(state=Export.State.FAILED, finished_at=timezone.now(), error=str(error)[:200])
        return Export.objects.get(pk=export_id)
    rows.update(state=Export.State.DONE, rows_done=written, rows_total=written, file=name,
                finished_at=timezone.now())
    return Export.objects.get(pk=export_id)


def exports_tidy(*, now=None) -> dict:
    """Queue again what the broker lost, give up on exports whose worker died,
    delete files past their expiry (they hold personal data). Run by beat."""
    now = now or timezone.now()
    lost = list(Export.objects.filter(state=Export.State.QUEUED,
                                      created_at__lt=now - datetime.timedelta(seconds=REQUEUE_AFTER))
                .values_list("pk", flat=True)[:100])
    for export_id in lost:
        queue_export(export_id)
    stuck = Export.objects.filter(state=Export.State.RUNNING,
                                  started_at__lt=now - datetime.timedelta(seconds=GIVE_UP_AFTER)).update(
        state=Export.State.FAILED, finished_at=now, error="The worker stopped before the file was finished.")
    expired = 0
    for export in Export.objects.filter(expires_at__lt=now).exclude(file="").only("pk", "file")[:500]:
        private_storage.delete(export.file)
        Export.objects.filter(pk=export.pk).update(file="")
        expired += 1
    return {"requeued": len(lost), "given_up": stuck, "deleted": expired}
