"""Choice labels read from a dict built once per field.

Django's own get_FOO_display() rebuilds a dict of the field's choices on
every call; a list page asks for three labels on each of its rows, and that
rebuilding cost more than the page's query. The labels stay lazy, so each
call still answers in the request's language.
"""

from functools import cache

from django.utils.encoding import force_str


@cache
def _labels(field) -> dict:
    return dict(field.flatchoices)


class ChoiceLabelsMixin:
    """Put it before models.Model (and after django-fsm's mixins) in a model's bases."""

    def _get_FIELD_display(self, field):
        value = getattr(self, field.attname)
        return force_str(_labels(field).get(value, value), strings_only=True)
