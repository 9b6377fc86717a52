"""The pieces every list draws on each of its rows, built in Python.

A page of 25 rows drawn through template nodes (or `format_html`, which runs
each value through Django's lazy-aware escaping) cost more than the page's
queries. `_text` (cases.html) escapes exactly as Django's `escape` does;
pieces already safe (a light, a badge) are put in as they are.
"""

import functools
from urllib.parse import quote

from django import template
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from routing import clock

from ..html import text as _text

register = template.Library()

LIGHT_LABELS = {
    "green": _("on time"),
    # xgettext:no-python-format
    "yellow": _("less than 30% left"),
    "red": _("overdue"),
    "paused": _("clock stopped"),
}

NO_LIGHT = mark_safe('<span class="text-muted">—</span>')


@register.simple_tag
def light(obj):
    """The traffic light of a case or work order, with its deadline, for any list."""
    value = obj.light
    if not value:
        return NO_LIGHT
    due = clock.local(obj.due_at, getattr(obj, "office", None) or obj.case.office)
    label = _text(LIGHT_LABELS[value])
    return mark_safe(
        f'<span class="light light-{value}" title="{label}"><span class="light-dot" aria-hidden="true"></span>'
        f'<span class="light-label">{label}</span> '
        f'<time class="light-due" datetime="{due.isoformat()}">{due.strftime("%m-%d %H:%M")}</time></span>'
    )


@register.simple_tag
def state_badge(case):
    return mark_safe(f'<span class="badge state-badge state-{_text(case.state)}">{_text(case.get_state_display())}</span>')


@register.filter
def office_hours(seconds):
    """Office-hour seconds as hours with one decimal, for "time spent"."""
    if seconds is None:
        return ""
    return f"{seconds / 3600:.1f}"


@register.simple_tag
def working_hours_between(start, end, office):
    if not start:
        return ""
    return f"{clock.working_seconds_between(start, end or timezone.now(), office) / 3600:.1f}"


def _person(case) -> str:
    if case.on_behalf:
        return f'{_text(case.reporter_name)} <span class="text-muted">→ {_text(case.subject_name)}</span>'
    return _text(case.reporter_name)


def _registered(case) -> str:
    return clock.local(case.registered_at, case.office).strftime("%Y-%m-%d %H:%M")


def _office_cell(case, show: bool) -> str:
    return f"<td>{_text(case.office.name)}</td>" if show else ""


@functools.lru_cache(maxsize=8)
def _detail_url_around(script_prefix: str) -> tuple[str, str]:
    """What comes before and after a case number in its page's URL (reversed once,
    not once per row). Keyed by the script prefix, which `reverse` puts in front."""
    head, tail = reverse("cases:detail", args=["NUMBER"]).split("NUMBER")
    return head, tail


def _case_link(case) -> str:
    head, tail = _detail_url_around(get_script_prefix())
    number = _text(case.number)  # letters, digits and dashes: the same in a URL
    return f'<a class="case-number" href="{head}{quote(case.number)}{tail}">{number}</a>'


@register.simple_tag
def register_row(case, show_office=False):
    """One row of the case register."""
    return mark_safe(
        f"<tr><td>{_case_link(case)}</td><td>{_registered(case)}</td>{_office_cell(case, show_office)}<td>{_person(case)}</td>"
        f"<td>{_text(case.business_area.name)}</td><td>{_text(case.get_channel_display())}</td>"
        f"<td>{_text(case.get_category_display() or '—')}</td><td>{state_badge(case)}</td><td>{light(case)}</td></tr>"
    )


@register.simple_tag
def queue_row(case, show_office=False, show_owner=False):
    """One row of a queue (duty leader, committee, party group)."""
    owner = f'<td class="d-none d-md-table-cell">{_text(case.duty_leader or "—")}</td>' if show_owner else ""
    return mark_safe(
        f"<tr><td>{_case_link(case)}</td><td>{light(case)}</td>{_office_cell(case, show_office)}<td>{_person(case)}</td>"
        f'<td class="d-none d-md-table-cell">{_text(case.business_area.name)}</td>'
        f'<td class="d-none d-md-table-cell">{_registered(case)}</td>{owner}'
        f'<td class="d-none d-md-table-cell">{state_badge(case)}</td></tr>'
    )


@register.simple_tag
def review_span_row(span, office):
    """One stay at a tier on the director's review: ten cases show thirty of these."""
    def moment(value):
        return clock.local(value, office).strftime("%m-%d %H:%M") if value else "—"

    reason = f' <span class="text-muted">· {_text(span.reason)}</span>' if span.reason else ""
    overran = ' class="table-danger"' if span.overran else ""
    return mark_safe(
        f"<tr{overran}><td>{_text(span.get_tier_display())}</td>"
        f"<td>{_text(span.holder_label)}</td><td>{moment(span.entered_at)}</td><td>{moment(span.due_at)}</td>"
        f"<td>{moment(span.left_at)}</td><td>{working_hours_between(span.entered_at, span.left_at, office)}</td>"
        f"<td>{_text(span.get_exit_display() or '—')}{reason}</td></tr>"
    )
