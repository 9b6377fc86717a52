from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from routing import clock

register = template.Library()

LIGHT_LABELS = {
    "green": _("on time"),
    # xgettext:no-python-format
    "yellow": _("less than 30% left"),
    "red": _("overdue"),
    "paused": _("clock stopped"),
}


@register.simple_tag
def light(obj):
    """The traffic light of a case or work order, with its deadline, for any list.

    Built in Python rather than an included template: a list draws it on
    every row, and a template per row costs more than the row's query.
    """
    value = obj.light
    if not value:
        return mark_safe('<span class="text-muted">—</span>')
    due = clock.local(obj.due_at, getattr(obj, "office", None) or obj.case.office)
    label = LIGHT_LABELS[value]
    return format_html(
        '<span class="light light-{}" title="{}"><span class="light-dot" aria-hidden="true"></span>'
        '<span class="light-label">{}</span> <time class="light-due" datetime="{}">{}</time></span>',
        value, label, label, due.isoformat(), due.strftime("%m-%d %H:%M"),
    )


@register.simple_tag
def state_badge(case):
    return format_html('<span class="badge state-badge state-{}">{}</span>', case.state, case.get_state_display())


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


@register.simple_tag
def register_row(case, show_office=False):
    """One row of the case register, drawn in Python: a page of 25 rows
    through the template engine cost more than the page's queries."""
    registered = clock.local(case.registered_at, case.office)
    person = case.reporter_name
    if case.on_behalf:
        person = format_html('{} <span class="text-muted">→ {}</span>', person, case.subject_name)
    office = format_html("<td>{}</td>", case.office.name) if show_office else ""
    return format_html(
        '<tr><td><a class="case-number" href="{}">{}</a></td><td>{}</td>{}<td>{}</td><td>{}</td><td>{}</td>'
        "<td>{}</td><td>{}</td><td>{}</td></tr>",
        reverse("cases:detail", args=[case.number]), case.number, registered.strftime("%Y-%m-%d %H:%M"), office,
        person, case.business_area.name, case.get_channel_display(), case.get_category_display() or "—",
        state_badge(case), light(case),
    )


@register.simple_tag
def queue_row(case, show_office=False, show_owner=False):
    """One row of a queue (duty leader, committee, party group), drawn in Python like the register's."""
    registered = clock.local(case.registered_at, case.office)
    person = case.reporter_name
    if case.on_behalf:
        person = format_html('{} <span class="text-muted">→ {}</span>', person, case.subject_name)
    office = format_html("<td>{}</td>", case.office.name) if show_office else ""
    owner = format_html('<td class="d-none d-md-table-cell">{}</td>', case.duty_leader or "—") if show_owner else ""
    return format_html(
        '<tr><td><a class="case-number" href="{}">{}</a></td><td>{}</td>{}<td>{}</td>'
        '<td class="d-none d-md-table-cell">{}</td><td class="d-none d-md-table-cell">{}</td>{}'
        '<td class="d-none d-md-table-cell">{}</td></tr>',
        reverse("cases:detail", args=[case.number]), case.number, light(case), office, person,
        case.business_area.name, registered.strftime("%Y-%m-%d %H:%M"), owner, state_badge(case),
    )


@register.simple_tag
def review_span_row(span, office):
    """One stay at a tier on the director's review: ten cases show thirty of these."""
    def moment(value):
        return clock.local(value, office).strftime("%m-%d %H:%M") if value else "—"

    reason = format_html(' <span class="text-muted">· {}</span>', span.reason) if span.reason else ""
    return format_html(
        "<tr{}><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}{}</td></tr>",
        mark_safe(' class="table-danger"') if span.overran else "", span.get_tier_display(), span.holder_label,
        moment(span.entered_at), moment(span.due_at), moment(span.left_at),
        working_hours_between(span.entered_at, span.left_at, office), span.get_exit_display() or "—", reason,
    )
