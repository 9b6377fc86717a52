"""One case as its page and referral slip show it."""

from django.db.models import DateField, F, Value

from ..models import Case, InstitutionalInnovation
from ..models.audit import MEETING_RECORDED, WORK_ORDER_DISPATCHED
from .columns import named

# What a case's page and slip show beside the case itself: its office (whose
# clock gives the light), the rows it points to, and its handling records (each
# at most one per case; a reclassified case keeps the earlier ones, and the page
# shows them), with whom or what each record names (who approved, who recorded,
# which innovation). All in the one query that finds the case: the page's
# budget of queries has no room for a second.
# `merged_into`: the banner of a web report merged at triage names the case it went into.
CASE_PAGE_RELATED = ("office", "business_area", "registered_by", "closed_by", "duty_leader", "merged_into")
CASE_RECORDS = ("citizen_outcome", "staff_fault", "special_handling", "accountability")
_NAMED_BY_RECORD = {"citizen_outcome": "citizen_outcome__approved_by", "accountability": "accountability__recorded_by",
                    "special_handling": "special_handling__innovation"}
_STAFF = ("registered_by", "closed_by", "duty_leader", "citizen_outcome__approved_by", "accountability__recorded_by")
# The referral slip names no registering clerk and has no line for accountability.
SLIP_RELATED = ("office", "business_area", "closed_by", "duty_leader")
SLIP_RECORDS = ("citizen_outcome", "staff_fault", "special_handling")


def case_for_page(user, number: str, *, for_action: bool = False, related=CASE_PAGE_RELATED,
                  records=CASE_RECORDS) -> Case:
    """One case with everything its page (or, with SLIP_*, its slip) shows, in one query."""
    from ..access import get_case_for_action, get_case_for_user

    paths = [*related, *(_NAMED_BY_RECORD.get(name, name) for name in records)]
    staff = [path for path in _STAFF if path in paths]
    cases = Case.objects.select_related(*paths).defer(*named(*staff))
    getter = get_case_for_action if for_action else get_case_for_user
    return getter(user, number, cases)


def case_for_slip(user, number: str) -> Case:
    return case_for_page(user, number, related=SLIP_RELATED, records=SLIP_RECORDS)


def case_records(case: Case) -> dict:
    """The case's handling records by name, None for those it has not: a page
    asks `records.staff_fault`, where `case.staff_fault` would raise for a
    missing record and send the template engine through `dir(case)` each time.
    Only the records read with the case (`case_for_page`): none costs a query."""
    return {name: getattr(case, name, None) for name in CASE_RECORDS if Case._meta.get_field(name).is_cached(case)}


def case_history(case: Case) -> list:
    return list(case.events.select_related("actor").defer(*named("actor"))
                .order_by("at", "id"))


def case_work_orders(case, *, with_signers: bool = False, history=None) -> list:
    """The case's work orders as its page, slip and notices list them: by
    department; with who signed for each (`signed_by`), which only the slip
    prints (the order's own page names who signed, answered, returned).

    Given the case's `history` (already read for its page), read only when it
    shows a dispatch: a work order is written only by `case_dispatch`, with its
    audit row in the same transaction, and many cases never have one."""
    if history is not None and not any(event.action == WORK_ORDER_DISPATCHED for event in history):
        return []
    staff = ("signed_by",) if with_signers else ()
    return list(case.work_orders.select_related("department", *staff).defer(*named(*staff))
                .order_by("dispatched_at", "id"))


def case_tier_spans(case, *, with_leavers: bool = False) -> list:
    """The case's tiers and who held each; with who moved it on (`left_by`),
    which only the escalation notice prints."""
    staff = ("holder", "left_by") if with_leavers else ("holder",)
    return list(case.tier_spans.select_related(*staff).defer(*named(*staff))
                .order_by("entered_at", "id"))


def case_meetings(case, history) -> list:
    """The case's research-room meetings, each with `department_names`, read
    only when its history (already read for the page) shows one was recorded:
    a meeting is written only by `meeting_record`, with its audit row in the
    same transaction, and most cases never have one. One query: a row per
    meeting and department, folded here."""
    if not any(event.action == MEETING_RECORDED for event in history):
        return []
    meetings = {}
    for row in case.meetings.annotate(department_name=F("departments__name")).order_by("held_at", "id", "department_name"):
        meeting = meetings.get(row.pk)
        if meeting is None:
            meeting = meetings[row.pk] = row
            meeting.department_names = []
        if row.department_name is not None:
            meeting.department_names.append(row.department_name)
    return list(meetings.values())


def case_first_meeting(case):
    """The research-room meeting the slip notes: the first, without its departments."""
    return case.meetings.order_by("held_at", "id").only("case_id", "held_at", "decision").first()


def choices_for_case_forms(office) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """(pk, label) of the office's active departments, which the case page's
    dispatch and meeting forms offer, and of its institutional innovations, which
    its special-handling form offers, each in its usual order.

    Read together: a case in hand with special handling, a meeting and a work
    order shows all three forms beside its records, and the page's budget of ten
    queries has room for one read of both lists, not two."""
    from routing.models import Department

    no_date = Value(None, output_field=DateField())
    departments = (Department.objects.filter(office=office, active=True).order_by()
                   .values_list(Value(_DEPARTMENT), "pk", "name", no_date))
    innovations = (InstitutionalInnovation.objects.filter(office=office).order_by()
                   .values_list(Value(_INNOVATION), "pk", "title", "adopted_on"))
    rows = list(departments.union(innovations, all=True))
    department_rows = sorted((row for row in rows if row[0] == _DEPARTMENT), key=lambda row: row[2])
    innovation_rows = sorted((row for row in rows if row[0] == _INNOVATION), key=lambda row: (row[3], row[1]), reverse=True)
    return [(pk, name) for _k, pk, name, _d in department_rows], [(pk, title) for _k, pk, title, _d in innovation_rows]


_DEPARTMENT, _INNOVATION = "department", "innovation"
