"""The Open311 GeoReport v2 API at /open311/v2/ for the office website and the 12345 platform.

Services are public (the report form lists the same business areas). Requests
need a client's key: `api_key` as the spec has it, or an `X-Api-Key` header
(which keeps the key out of access logs). Every answer, a refusal too, is in
the spec's JSON or XML.
"""

import functools
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from cases import open311, public_limits
from cases.open311 import Open311Error
from cases.selectors import open311 as selectors
from cases.services import CaseActionError
from cases.services.open311 import api_client_for_key, case_report_by_api

OPENAPI_DOCUMENT = Path(settings.BASE_DIR) / "docs" / "open311-openapi.json"
MAX_IDS = 100  # service_request_id lists: more than a page of a caller's own list is a mistake


def endpoint(*, methods=("GET",), key=False):
    """Method check, key check, rate limit and the spec's error format around a view."""

    def decorate(view):
        @functools.wraps(view)
        def wrapped(request, fmt, **kwargs):
            try:
                if request.method not in methods:
                    raise Open311Error(405, _("Method not allowed."))
                # No database takes a NUL character in text; no honest caller sends one.
                if any("\x00" in key + value for params in (request.GET, request.POST)
                       for key, values in params.lists() for value in values):
                    raise Open311Error(400, _("Parameters may not contain NUL characters."))
                if key:
                    request.api_client = _authenticate(request)
                return view(request, fmt, **kwargs)
            except Open311Error as error:
                return open311.error_response(fmt, error.status, error.description)
            except Http404:
                return open311.error_response(fmt, 404, _("Not found."))

        return never_cache(wrapped)

    return decorate


def _authenticate(request):
    key = request.headers.get("X-Api-Key") or (request.POST if request.method == "POST" else request.GET).get("api_key", "")
    client = api_client_for_key(key)
    if client is None:
        raise Open311Error(403, _("Invalid api_key."))
    usage = public_limits.get_usage(request, group="open311", key=lambda group, request: str(client.pk),
                                    rate=f"{client.requests_per_minute}/m", increment=True)
    if usage is not None and usage["should_limit"]:
        raise Open311Error(429, _("Too many requests with this key; try again in a minute."))
    return client


@endpoint()
def services(request, fmt):
    office = _jurisdiction(request.GET)
    return open311.respond(fmt, "services", [open311.service(area, office) for area in selectors.services_for_office(office)])


@endpoint()
def service_definition(request, fmt, service_code):
    office = _jurisdiction(request.GET)
    area = selectors.service_for_office(office, service_code)
    if area is None:
        raise Open311Error(404, _("No such service_code in this jurisdiction."))
    return open311.respond(fmt, "service_definition", open311.service_definition(area))


def _jurisdiction(params):
    code = params.get("jurisdiction_id", "").strip()
    if not code:
        raise Open311Error(400, _("jurisdiction_id is required: the office's code."))
    office = selectors.office_by_code(code)
    if office is None:
        raise Open311Error(404, _("No such jurisdiction_id."))
    return office


@csrf_exempt  # a key authenticates the caller; no cookie does, so there is no session to forge
@endpoint(methods=("GET", "POST"), key=True)
def requests(request, fmt):
    if request.method == "POST":
        return _post_request(request, fmt)
    params = request.GET
    office = None
    if params.get("jurisdiction_id", "").strip():
        office = selectors.client_office(request.api_client, params["jurisdiction_id"])
        if office is None:
            raise Open311Error(404, _("No such jurisdiction_id."))
    cases = selectors.requests_for_client(request.api_client, office=office, filters=_filters(params),
                                          now=timezone.now())
    return open311.respond(fmt, "requests", [open311.service_request(case) for case in cases])


@endpoint(key=True)
def request_detail(request, fmt, service_request_id):
    case = selectors.request_for_client(request.api_client, service_request_id)
    if case is None:
        raise Open311Error(404, _("No such service_request_id."))
    return open311.respond(fmt, "requests", [open311.service_request(case)])


def _filters(params) -> selectors.RequestFilters:
    filters = selectors.RequestFilters()
    filters.numbers = _list(params, "service_request_id")[:MAX_IDS + 1]
    if len(filters.numbers) > MAX_IDS:
        raise Open311Error(400, _("Ask for at most %(count)d service_request_id at once.") % {"count": MAX_IDS})
    if any(not selectors.CASE_NUMBER.fullmatch(number) for number in filters.numbers):
        raise Open311Error(400, _("service_request_id must be case numbers, separated by commas."))
    codes = _list(params, "service_code")
    if any(not selectors.SERVICE_CODE.fullmatch(code) for code in codes):
        raise Open311Error(400, _("service_code must be a code from services."))
    filters.service_codes = [int(code) for code in codes]
    filters.statuses = _list(params, "status")
    if any(status not in selectors.STATUS_STATES for status in filters.statuses):
        raise Open311Error(400, _("status must be open or closed."))
    for name in ("start_date", "end_date"):
        if params.get(name, "").strip():
            setattr(filters, name.replace("_date", ""), open311.parse_spec_datetime(params[name], name))
    return filters


def _list(params, name) -> list[str]:
    return [part.strip() for part in params.get(name, "").split(",") if part.strip()]


def _post_request(request, fmt):
    params = request.POST
    client = request.api_client
    code = params.get("jurisdiction_id", "").strip()
    if not code:
        raise Open311Error(400, _("jurisdiction_id is required: the office's code."))
    office = selectors.client_office(client, code)
    if office is None:
        raise Open311Error(403, _("This api_key may not post to that jurisdiction."))
    area = selectors.service_for_office(office, params.get("service_code", "").strip())
    if area is None:
        raise Open311Error(400, _("service_code must be a code from services."))
    description = params.get("description", "").strip()
    if not description:
        raise Open311Error(400, _("description is required: what the person wanted to get done, and why it failed."))
    if len(description) > 2000:
        raise Open311Error(400, _("description is too long (at most 2000 characters)."))
    phone = params.get("phone", "").strip()
    if not phone:
        raise Open311Error(400, _("phone is required: the office answers the citizen by phone."))
    failed_at = params.get("attribute[failed_at]", "").strip()
    if len(failed_at) > 100:
        raise Open311Error(400, _("attribute[failed_at] is too long (at most 100 characters)."))
    # A Chinese name is written family name first, with no space.
    name = params.get("last_name", "").strip() + params.get("first_name", "").strip()
    if not name:
        raise Open311Error(400, _("first_name or last_name is required: the reporter's name."))
    if len(name) > 50:
        raise Open311Error(400, _("The reporter's name is too long (at most 50 characters)."))
    try:
        case = case_report_by_api(client=client, office=office, business_area=area, description=description,
                                  reporter_name=name, reporter_phone=phone, failed_at=failed_at)
    except CaseActionError as error:
        field = {"reporter_name": "first_name/last_name", "reporter_phone": "phone"}.get(error.field or "", "")
        raise Open311Error(400, f"{field}: {error.message}" if field else error.message) from None
    return open311.respond(fmt, "requests", [open311.posted_request(case)])


@never_cache
def openapi_document(request):
    """The OpenAPI 3 description of this API (kept in docs/, tried by the test suite)."""
    return FileResponse(OPENAPI_DOCUMENT.open("rb"), content_type="application/json")
