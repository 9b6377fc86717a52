"""Small pieces the lists and the case page share: a traffic light, a state
badge, and times on the office's wall clock.

The rows themselves are `{% for %}` loops in the templates; these tags only
hold what would otherwise be repeated in each of them.
"""

from django import template
from django.utils import dateformat, timezone
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
    if not value:
        return {"value": ""}
    due = clock.local(obj.due_at, getattr(obj, "office", None) or obj.case.office)
    return {"value": value, "label": LIGHT_LABELS[value], "due": due.isoformat(), "due_text": due.strftime("%m-%d %H:%M")}


@register.inclusion_tag("cases/_state_badge.html")
def state_badge(case):
    return {"state": case.state, "label": case.get_state_display()}


@register.simple_tag
def wall_clock(value, office, format_string="m-d H:i"):
    """`value` on the office's wall clock (not the server's zone, which `|date`
    would use), in Django's date format; a dash when there is none."""
    if not value:
        return "—"
    return dateformat.format(clock.local(value, office), format_string)


@register.simple_tag
def office_hours_held(start, end, office):
    """Office hours from `start` to `end` (or now), with one decimal."""
    if not start:
        return ""
    return f"{clock.working_seconds_between(start, end or timezone.now(), office) / 3600:.1f}"


@register.filter
def reporter_for(case, user):
    """The reporter's name as `user` may see it: masked when the reporter asked for
    confidentiality and the user may not reveal personal data."""
    return case.reporter_name_for(user)
