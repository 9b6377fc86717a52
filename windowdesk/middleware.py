"""Requests no page can answer, refused before any view sees them."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseNotFound
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.translation import gettext as _

from routing import clock


class _DiscardFiles(FileUploadHandler):
    """Reads past every file of the body: its typed fields are still parsed."""

    def new_file(self, *args, **kwargs):
        raise SkipFile

    def receive_data_chunk(self, raw_data, start):
        return None

    def file_complete(self, file_size):
        return None


def _is_public(request) -> bool:
    try:
        return resolve(request.path_info).namespace == "public"
    except Resolver404:
        return False


class UploadLimitMiddleware:
    """A body too large to take: the files go, the typed fields stay, the view says why.

    A multipart body over UPLOAD_MAX_BODY_SIZE is parsed with its files thrown
    away as they stream past (nothing reaches the disk), and the request is
    marked `upload_too_large`: the public forms come back with what was typed
    and a message beside the file field. Typed fields over
    DATA_UPLOAD_MAX_MEMORY_SIZE, or too many fields or files, sent to a public
    page get a page for citizens saying what went wrong (413), not the staff's
    400 page with its link to the desk.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.upload_too_large = False
        if request.method != "POST":
            return self.get_response(request)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.UPLOAD_MAX_BODY_SIZE and request.content_type == "multipart/form-data":
            request.upload_handlers = [_DiscardFiles(request)]
            request.upload_too_large = True
        if not _is_public(request):
            return self.get_response(request)  # staff pages: templates/400.html says it for them
        try:
            request.POST  # noqa: B018 -- parsed here, where a refusal can be answered
        except (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent):
            # Rendered without the request: authentication has not run yet, so
            # the context processors (which read request.user) cannot.
            return HttpResponse(render_to_string("request_too_large.html"), status=413)
        return self.get_response(request)


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
