"""What the Open311 API reads: an office's business areas, a client's requests.

Every read of cases starts from the client's offices, so a key never reaches
another office's register: a case outside them is simply not found.
"""

import dataclasses
import datetime
import re

from django.db.models import Max, OuterRef, Subquery

from routing.models import BusinessArea, Office

from ..models import OPEN_STATES, ApiClient, AuditEvent, Case, State

# The spec's own bounds: without dates, the last 90 days; never more than 1000 requests.
DEFAULT_DAYS = 90
MAX_REQUESTS = 1000

STATUS_STATES = {
    "open": list(OPEN_STATES),
    # Answered (resolved) counts as closed for the caller: the office has given its result.
    "closed": [State.RESOLVED, State.CLOSED],
}


# What an office code, a service code and a case number can look like: anything
# else is not looked up (a service code past an integer column's range would
# overflow the query instead of finding nothing).
OFFICE_CODE = re.compile(r"[A-Za-z0-9]{1,12}")
SERVICE_CODE = re.compile(r"[0-9]{1,9}")
CASE_NUMBER = re.compile(r"[A-Za-z0-9-]{1,32}")


def office_by_code(code: str) -> Office | None:
    code = code.strip()
    return Office.objects.filter(code=code.upper()).first() if OFFICE_CODE.fullmatch(code) else None


def client_office(client: ApiClient, code: str) -> Office | None:
    """The office `code` if this client may use it, else None (the caller answers as if it did not exist)."""
    code = code.strip()
    return client.offices.filter(code=code.upper()).first() if OFFICE_CODE.fullmatch(code) else None


def services_for_office(office: Office) -> list[BusinessArea]:
    return list(office.business_areas.filter(active=True).order_by("position", "name"))


def service_for_office(office: Office, service_code: str) -> BusinessArea | None:
    if not SERVICE_CODE.fullmatch(service_code):
        return None
    return office.business_areas.filter(active=True, pk=int(service_code)).first()


@dataclasses.dataclass
class RequestFilters:
    numbers: list[str] = dataclasses.field(default_factory=list)
    service_codes: list[int] = dataclasses.field(default_factory=list)
    statuses: list[str] = dataclasses.field(default_factory=list)
    start: datetime.datetime | None = None
    end: datetime.datetime | None = None


def requests_for_client(client: ApiClient, *, office: Office | None, filters: RequestFilters, now) -> list[Case]:
    """The client's cases, newest first, as the spec filters them.

    Named requests ignore every other filter (the spec says so) but never the
    client's offices.
    """
    cases = Case.objects.filter(office__in=client.offices.all())
    if office is not None:
        cases = cases.filter(office=office)
    if filters.numbers:
        cases = cases.filter(number__in=filters.numbers)
    else:
        if filters.service_codes:
            cases = cases.filter(business_area_id__in=filters.service_codes)
        if filters.statuses:
            cases = cases.filter(state__in=[s for status in filters.statuses for s in STATUS_STATES[status]])
        start = filters.start or (filters.end or now) - datetime.timedelta(days=DEFAULT_DAYS)
        cases = cases.filter(registered_at__gte=start)
        if filters.end is not None:
            cases = cases.filter(registered_at__lte=filters.end)
    return list(_with_columns(cases).order_by("-registered_at", "-id")[:MAX_REQUESTS])


def request_for_client(client: ApiClient, number: str) -> Case | None:
    if not CASE_NUMBER.fullmatch(number):
        return None
    return _with_columns(Case.objects.filter(office__in=client.offices.all(), number=number)).first()


def _with_columns(cases):
    # The last audit row is the case's last change (the audit_case_at index answers it per case).
    last_change = (AuditEvent.objects.filter(case=OuterRef("pk")).values("case")
                   .annotate(last=Max("at")).values("last"))
    return (cases.select_related("office", "business_area")
            .only("number", "state", "public_answer", "matter", "registered_at", "due_at", "office__name",
                  "office__code", "office__timezone", "business_area__name")
            .annotate(updated_at=Subquery(last_change)))
