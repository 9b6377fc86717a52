"""Requests no page can answer, refused before any view sees them."""

from django.http import HttpResponseBadRequest, HttpResponseNotFound
from django.utils import timezone
from django.utils.translation import gettext as _

from routing import clock


class RefuseNulBytesMiddleware:
    """A NUL byte is never part of a case number, a filter or a typed text, and
    PostgreSQL refuses it in a string (psycopg2 raises ValueError, a 500). A path
    with one names nothing (404); a query or form value with one is bad input (400)."""

    def __init__(self, get_response):
        self.get_response = get_response

    # The API answers in its own error format (a list of {code, description}),
    # so it refuses NUL bytes itself.
    EXEMPT_PREFIXES = ("/open311/",)

    def __call__(self, request):
        if request.path.startswith(self.EXEMPT_PREFIXES):
            return self.get_response(request)
        if "\x00" in request.path:
            return HttpResponseNotFound(_("No such page."))
        for values in (request.GET, request.POST) if request.method == "POST" else (request.GET,):
            for key, items in values.lists():
                if "\x00" in key or any("\x00" in item for item in items):
                    return HttpResponseBadRequest(_("A value contains a character that cannot be stored."))
        return self.get_response(request)


class OfficeTimezoneMiddleware:
    """Show every time in the zone of the signed-in person's office.

    After authentication, so the office is known. Templates' `|date`, the
    date filters of the lists and the times drawn in Python then agree; an
    office whose stored zone is unknown gets Asia/Shanghai (`clock.zone`).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        office = getattr(user, "office", None) if user is not None and user.is_authenticated else None
        if office is None:
            return self.get_response(request)
        timezone.activate(clock.zone(office))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
