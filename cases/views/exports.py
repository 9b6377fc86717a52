"""Excel exports: asked for from a list, followed on a progress page, downloaded when ready."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cases.access import get_export_for_user
from cases.exports import get_kind
from cases.models import Export
from cases.models.public import private_storage
from cases.services import CaseActionError
from cases.services.exports import export_request

from .desk import _see_other


@login_required
@require_POST
def export_start(request, kind):
    """Ask for an export of the list the button was on, with that list's filters."""
    spec = get_kind(kind)
    if spec is None or not request.user.has_perm(spec.permission):
        raise Http404(_("No such export."))
    try:
        filters, search = spec.parse(request)
        export = export_request(by=request.user, kind=kind, filters=filters, search=search)
    except (ValueError, CaseActionError) as error:
        message = getattr(error, "message", None) or str(error)
        return render(request, "cases/export_refused.html", {"message": message, "back": reverse(spec.page)},
                      status=400)
    return _see_other(reverse("cases:export", args=[export.pk]))


@login_required
@require_GET
def export_page(request, pk):
    export = get_export_for_user(request.user, pk)
    spec = get_kind(export.kind)
    return render(request, "cases/export.html", {
        "export": export, "title": spec.title if spec else export.kind, "back": reverse(spec.page if spec else "cases:desk"),
        "status_url": reverse("cases:export_status", args=[export.pk])})


@login_required
@require_GET
def export_status(request, pk):
    """The progress as JSON, for the page's script to poll."""
    export = get_export_for_user(request.user, pk)
    return JsonResponse({
        "state": export.state, "label": export.get_state_display(), "percent": export.percent,
        "rows_done": export.rows_done, "rows_total": export.rows_total,
        "text": render_to_string("cases/_export_text.html", {"export": export}, request=request).strip(),
        "download": reverse("cases:export_download", args=[export.pk]) if _ready(export) else None,
    }, headers={"Cache-Control": "no-store"})


@login_required
@require_GET
def export_download(request, pk):
    export = get_export_for_user(request.user, pk)
    if not _ready(export) or not private_storage.exists(export.file):
        raise Http404(_("This file is not ready, or no longer kept."))
    spec = get_kind(export.kind)
    finished = timezone.localtime(export.finished_at)
    name = f"{spec.title if spec else export.kind}-{finished:%Y%m%d-%H%M}.xlsx"
    response = FileResponse(private_storage.open(export.file, "rb"), as_attachment=True, filename=name,
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Cache-Control"] = "private, no-store"  # personal data: no shared or disk cache keeps it
    return response


def _ready(export: Export) -> bool:
    return export.state == Export.State.DONE and bool(export.file) and export.expires_at > timezone.now()
