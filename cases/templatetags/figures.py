"""Filters of the statistics pages."""

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def rate(value) -> str:
    """A rate in percent ("75.0%"), or a dash when there was nothing to count."""
    return "—" if value is None else f"{number_format(value, 1)}%"
