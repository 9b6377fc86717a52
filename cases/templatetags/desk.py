from django import template
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
