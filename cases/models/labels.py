"""Choice labels read from a dict built once per field.

Django's own get_FOO_display() rebuilds a dict of the field's choices on
every call; a list page asks for three labels on each of its rows, and that
rebuilding cost more than the page's query. The labels stay lazy, so each
call still answers in the request's language.
"""

from functools import cache

from django.utils.encoding import force_str
from django.utils.translation import gettext


@cache
def _labels(field) -> dict:
    return dict(field.flatchoices)


class ChoiceLabelsMixin:
    """Put it before models.Model (and after django-fsm's mixins) in a model's bases."""

    def _get_FIELD_display(self, field):
        value = getattr(self, field.attname)
        return force_str(_labels(field).get(value, value), strings_only=True)


# The reason on record when the sweep escalates a case whose time ran out:
# stored in one spelling whatever the language of the moment, and shown in the
# reader's language (`reason_label`).
TIMER_REASON = "time limit reached"


def reason_label(reason: str) -> str:
    return gettext("time limit reached") if reason == TIMER_REASON else reason
