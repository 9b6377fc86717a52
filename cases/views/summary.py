"""The daily summaries: the archive of an office's (or a subtree's) past days, and one
day's summary as a page that prints on A4."""

from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from cases.pagination import BoundedPaginator
from cases.selectors.summary import PERMISSION, get_summary_for_user, summaries_readable_by, summary_sections
from routing import clock

ARCHIVE_PAGE = 30


@login_required
@require_GET
@permission_required(PERMISSION, raise_exception=True)
def archive(request):
    summaries = (summaries_readable_by(request.user).select_related("office", "duty_leader")
                 .defer("figures").order_by("-day", "office__path", "office__code"))
    page = BoundedPaginator(summaries, ARCHIVE_PAGE).get_page(request.GET.get("page"))
    return render(request, "cases/summaries.html", {"page": page})


@login_required
@require_GET
def summary(request, pk):
    summary = get_summary_for_user(request.user, pk)
    return render(request, "cases/print/daily_summary.html", {
        "summary": summary, "sections": summary_sections(summary),
        "window_start": clock.local(summary.window_start, summary.office),
        "window_end": clock.local(summary.window_end, summary.office),
        "computed_at": clock.local(summary.computed_at, summary.office),
    })
