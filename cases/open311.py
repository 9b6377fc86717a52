"""The Open311 GeoReport v2 shapes: services, requests and errors as JSON or XML.

The views hand plain dicts and lists to `respond`; this module alone knows the
spec's element names, its datetime spelling and its error format. Only the
spec's fields leave here: no reporter's name, phone or ID number.
"""

import datetime
import xml.etree.ElementTree as ET
from zoneinfo import ZoneInfo

from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from .models import OPEN_STATES, Case

# Fields that hold a list, and the element name of each item in XML.
_ITEMS = {"attributes": "attribute", "values": "value"}
# The root element of each kind of answer, and the element name of its items.
ROOTS = {
    "services": ("services", "service"),
    "requests": ("service_requests", "request"),
    "errors": ("errors", "error"),
}
CONTENT_TYPES = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}


class Open311Error(Exception):
    """A refusal in the spec's error format: the HTTP status is also the error's code."""

    def __init__(self, status: int, description: str):
        super().__init__(description)
        self.status = status
        self.description = str(description)


def respond(fmt: str, kind: str, payload, *, status: int = 200) -> HttpResponse:
    """`payload` as the spec's JSON or XML: a list of items under `kind`'s root,
    or (the service definition) one object that is its own root."""
    if fmt == "json":
        return JsonResponse(payload, status=status, safe=False, content_type=CONTENT_TYPES["json"],
                            json_dumps_params={"ensure_ascii": False})
    if kind in ROOTS:
        root_name, item_name = ROOTS[kind]
        root = ET.Element(root_name)
        for item in payload:
            _fill(ET.SubElement(root, item_name), item)
    else:
        root = _fill(ET.Element(kind), payload)
    body = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return HttpResponse(body, status=status, content_type=CONTENT_TYPES["xml"])


def error_response(fmt: str, status: int, description: str) -> HttpResponse:
    return respond(fmt, "errors", [{"code": status, "description": str(description)}], status=status)


def _fill(element: ET.Element, values: dict) -> ET.Element:
    for name, value in values.items():
        child = ET.SubElement(element, name)
        if isinstance(value, list):
            for item in value:
                grandchild = ET.SubElement(child, _ITEMS[name])
                if isinstance(item, dict):
                    _fill(grandchild, item)
                else:
                    grandchild.text = _text(item)
        else:
            child.text = _text(value)
    return element


def _text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def spec_datetime(moment: datetime.datetime | None, tz_name: str) -> str | None:
    """ISO 8601 with the office's offset (2026-03-02T09:15:00+08:00), as the spec asks."""
    if moment is None:
        return None
    return moment.astimezone(ZoneInfo(tz_name)).isoformat(timespec="seconds")


def parse_spec_datetime(value: str, name: str) -> datetime.datetime:
    """A date and time with its offset or Z; anything else is the caller's mistake (400)."""
    try:
        moment = datetime.datetime.fromisoformat(value.strip())
    except ValueError:
        moment = None
    # Years far out would overflow when moved to UTC or back 90 days; no case is from then.
    if moment is None or moment.tzinfo is None or not 1970 <= moment.year <= 9000:
        raise Open311Error(400, _("%(name)s must be an ISO 8601 date and time with a time zone, "
                                  "e.g. 2026-03-02T09:15:00+08:00.") % {"name": name})
    return moment


# --- the spec's objects ---------------------------------------------------------

def service(area, office) -> dict:
    return {
        "service_code": str(area.pk),
        "service_name": area.name,
        "description": area.name,
        "metadata": True,  # one optional attribute: where it failed
        "type": "realtime",  # registered at once: the answer carries the case number
        "keywords": "",
        "group": office.name,
    }


def service_definition(area) -> dict:
    return {
        "service_code": str(area.pk),
        "attributes": [{
            "variable": True,
            "code": "failed_at",
            "datatype": "string",
            "required": False,
            "datatype_description": "",
            "order": 1,
            "description": _("Where it failed (a window, a department, a place)"),
        }],
    }


def service_request(case: Case) -> dict:
    tz = case.office.timezone
    return {
        "service_request_id": case.number,
        "status": "open" if case.state in OPEN_STATES else "closed",
        "status_notes": case.public_answer,
        "service_name": case.business_area.name,
        "service_code": str(case.business_area_id),
        "description": case.matter,
        "agency_responsible": case.office.name,
        "service_notice": "",
        "requested_datetime": spec_datetime(case.registered_at, tz),
        "updated_datetime": spec_datetime(getattr(case, "updated_at", None) or case.registered_at, tz),
        # The deadline our clock set for the tier the case is in (none once answered).
        "expected_datetime": spec_datetime(case.due_at, tz),
    }


def posted_request(case: Case) -> dict:
    return {"service_request_id": case.number, "service_notice": ""}
