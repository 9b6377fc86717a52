from django import template
from django.utils import timezone
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


@register.inclusion_tag("cases/_light.html")
def light(obj):
    """The traffic light of a case or work order, with its deadline, for any list."""
    value = obj.light
    due = clock.local(obj.due_at, getattr(obj, "office", None) or obj.case.office) if value else None
    return {"light": value, "label": LIGHT_LABELS.get(value, ""), "due": due}


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
