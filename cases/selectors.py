"""Reads that pages and exports share. Every one starts from `access`."""

import re

from django.db.models import Prefetch, Q

from . import pii
from .access import cases_readable_by
from .models import OPEN_STATES, AuditEvent, Case

CASE_NUMBER = re.compile(r"^[A-Z][A-Z0-9]{1,11}-\d{4}-\d{6}$")
PHONE_LIKE = re.compile(r"^[\d\-\s+()]{7,20}$")

# The list never needs the long texts; leaving them out keeps a page light.
LIST_ONLY = ("id", "number", "office__name", "office__code", "channel", "reporter_name", "on_behalf",
             "subject_name", "business_area__name", "category", "state", "registered_at", "failed_at")


def search_condition(q: str) -> Q:
    """Turn what a clerk typed into one condition: number, ID, phone or name."""
    q = q.strip()
    upper = q.upper()
    if CASE_NUMBER.match(upper):
        return Q(number=upper)
    if len(upper) == 18 and re.match(r"^\d{17}[\dX]$", upper):
        digest = pii.id_hash(upper)
        return Q(reporter_id_hash=digest) | Q(subject_id_hash=digest)
    if PHONE_LIKE.match(q) and sum(c.isdigit() for c in q) >= 7:
        return Q(reporter_phone_hash=pii.phone_hash(q))
    return Q(reporter_name__startswith=q) | Q(subject_name__startswith=q) | Q(number__startswith=upper)


def cases_for_desk(user, *, q: str = "", state: str = "", category: str = "", channel: str = "",
                   business_area=None, office=None, registered_from=None, registered_to=None):
    """The register list, newest first, as the user may see it."""
    qs = cases_readable_by(user).select_related("office", "business_area").only(*LIST_ONLY)
    if q:
        qs = qs.filter(search_condition(q))
    if state == "open":
        qs = qs.filter(state__in=OPEN_STATES)
    elif state:
        qs = qs.filter(state=state)
    if category:
        qs = qs.filter(category=category)
    if channel:
        qs = qs.filter(channel=channel)
    if business_area is not None:
        qs = qs.filter(business_area=business_area)
    if office is not None:
        qs = qs.filter(office=office)
    if registered_from:
        qs = qs.filter(registered_at__date__gte=registered_from)
    if registered_to:
        qs = qs.filter(registered_at__date__lte=registered_to)
    return qs.order_by("-registered_at", "-id")


def case_for_page(user, number: str, *, for_action: bool = False) -> Case:
    """One case with everything its page and referral slip show, in a fixed number of queries."""
    from .access import get_case_for_action, get_case_for_user

    qs = Case.objects.select_related(
        "office", "office__parent", "business_area", "registered_by", "closed_by",
        "citizen_outcome", "citizen_outcome__approved_by", "staff_fault",
        "special_handling", "special_handling__innovation", "accountability", "accountability__recorded_by",
    )
    getter = get_case_for_action if for_action else get_case_for_user
    return getter(user, number, qs)


def case_history(case: Case):
    return AuditEvent.objects.filter(case=case).select_related("actor").order_by("at", "id")


def other_cases_of_person(user, id_number: str, *, exclude_pk=None, limit: int = 10):
    """The person's other cases in the user's own office (by reporter or subject ID)."""
    number = pii.normalise_id_number(id_number)
    if len(number) != 18 or not getattr(user, "office_id", None) or not user.has_perm("cases.view_case"):
        return Case.objects.none()
    digest = pii.id_hash(number)
    qs = (Case.objects.filter(office_id=user.office_id)
          .filter(Q(reporter_id_hash=digest) | Q(subject_id_hash=digest))
          .select_related("business_area").only(*LIST_ONLY[:1], "number", "state", "registered_at", "matter",
                                                "business_area__name", "reporter_name", "subject_name", "on_behalf")
          .order_by("-registered_at"))
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return qs[:limit]


def cases_linked_to_innovation(user, innovation):
    return cases_readable_by(user).filter(special_handling__innovation=innovation).select_related("business_area")
