"""One case as its page and referral slip show it."""

import functools

from windowdesk.compiled import CompiledRead

from ..models import AuditEvent, Case, Category, TierSpan, WorkOrder
from ..models.audit import MEETING_RECORDED
from .columns import named

# What a case's page and slip show beside the case itself: the rows it points to
# (not its office: that is one of the offices the reader's access was checked
# against, already read by `readable_offices`, and is set on the case from there),
# and its handling records (each at most one per case, and only the category's
# as a rule; a reclassified case keeps the earlier ones, and the page shows them).
CASE_PAGE_RELATED = ("business_area", "registered_by", "closed_by", "duty_leader")
CASE_RECORDS = ("citizen_outcome", "staff_fault", "special_handling", "accountability")
# What the record of each category names (who approved, which innovation, who
# recorded), read with it for the case's present category only.
_NAMED_BY_CATEGORY = {Category.CITIZEN: "citizen_outcome__approved_by", Category.STAFF: "accountability__recorded_by",
                      Category.OBJECTIVE: "special_handling__innovation"}
_STAFF = ("registered_by", "closed_by", "duty_leader", "citizen_outcome__approved_by", "accountability__recorded_by")
# The referral slip names no registering clerk and has no line for accountability.
SLIP_RELATED = ("business_area", "closed_by", "duty_leader")
SLIP_RECORDS = ("citizen_outcome", "staff_fault", "special_handling")


def case_for_page(user, number: str, *, for_action: bool = False, related=CASE_PAGE_RELATED,
                  records=CASE_RECORDS) -> Case:
    """One case with everything its page (or, with SLIP_*, its slip) shows, in two
    queries, or one for a case not yet classified (it has no records).

    Not one: a single join of all fourteen tables took PostgreSQL 4–5 ms to
    plan (more tables than its exhaustive join search covers), while the case
    found by number and then its records found by primary key take about
    1.5 ms to plan together.
    """
    from ..access import get_case_for_action, get_case_for_user, readable_offices

    getter = get_case_for_action if for_action else get_case_for_user
    case = getter(user, number, _case_read(related))
    office = next(office for office in readable_offices(user) if office.pk == case.office_id)
    Case._meta.get_field("office").set_cached_value(case, office)
    _attach_records(case, records)
    return case


@functools.cache
def _case_read(related: tuple[str, ...]) -> CompiledRead:
    from ..access import case_read

    staff = [path for path in _STAFF if path in related]
    return case_read(lambda: Case.objects.select_related(*related).defer(*named(*staff)))


def case_for_slip(user, number: str) -> Case:
    return case_for_page(user, number, related=SLIP_RELATED, records=SLIP_RECORDS)


def case_records(case: Case) -> dict:
    """The case's handling records by name, None for those it has not: a page
    asks `records.staff_fault`, where `case.staff_fault` would raise for a
    missing record and send the template engine through `dir(case)` each time.
    Only the records read with the case (`case_for_page`): none costs a query."""
    return {name: getattr(case, name, None) for name in CASE_RECORDS if Case._meta.get_field(name).is_cached(case)}


@functools.cache
def _case_columns() -> tuple[str, ...]:
    """The case's own columns, left unread when only its records are wanted. The state
    stays: django-fsm reads it as each instance is made."""
    return tuple(field.name for field in Case._meta.concrete_fields if field.name not in ("id", "state"))


def _attach_records(case: Case, records=CASE_RECORDS) -> None:
    """Read the case's handling records (or their absence) into `case`, so the
    page's `case.citizen_outcome` and the like cost no further query.

    A case not yet classified has none, and is not asked: each record is written
    only for a case of its category (the services refuse it otherwise), and a
    category once given is never taken away (classifying needs one of the
    three; the admin shows it read-only). Only the present category's record
    comes with what it names: a record kept from an earlier category, after a
    reclassification, reads its approver or innovation when the page shows it.
    Every join costs planning and compiling time on each view.
    """
    holder = _records_read(records, case.category)(pk=case.pk)[0] if case.category else None
    for name in records:
        relation = Case._meta.get_field(name)
        record = relation.get_cached_value(holder) if holder else None  # None: the case has no such record
        relation.set_cached_value(case, record)
        if record is not None:
            relation.field.set_cached_value(record, case)


@functools.cache
def _records_read(records: tuple[str, ...], category: str) -> CompiledRead:
    named_path = _NAMED_BY_CATEGORY.get(category, "")
    paths = [named_path if named_path.startswith(f"{name}__") else name for name in records]
    staff = [path for path in _STAFF if path in paths]
    return CompiledRead(lambda pk: Case.objects.select_related(*paths).defer(*_case_columns(), *named(*staff))
                        .filter(pk=pk))


_HISTORY = CompiledRead(lambda case_id: AuditEvent.objects.filter(case_id=case_id).select_related("actor")
                        .defer(*named("actor")).order_by("at", "id"))


def case_history(case: Case) -> list:
    return _of_case(case, _HISTORY(case_id=case.pk))


@functools.cache
def _work_orders_read(staff: tuple[str, ...]) -> CompiledRead:
    return CompiledRead(lambda case_id: WorkOrder.objects.filter(case_id=case_id).select_related("department", *staff)
                        .defer(*named(*staff)).order_by("dispatched_at", "id"))


def case_work_orders(case, *, with_signers: bool = False) -> list:
    """The case's work orders as its page, slip and notices list them: by
    department; with who signed for each (`signed_by`), which only the slip
    prints (the order's own page names who signed, answered, returned)."""
    return _of_case(case, _work_orders_read(("signed_by",) if with_signers else ())(case_id=case.pk))


@functools.cache
def _tier_spans_read(staff: tuple[str, ...]) -> CompiledRead:
    return CompiledRead(lambda case_id: TierSpan.objects.filter(case_id=case_id).select_related(*staff)
                        .defer(*named(*staff)).order_by("entered_at", "id"))


def case_tier_spans(case, *, with_leavers: bool = False) -> list:
    """The case's tiers and who held each; with who moved it on (`left_by`),
    which only the escalation notice prints."""
    return _of_case(case, _tier_spans_read(("holder", "left_by") if with_leavers else ("holder",))(case_id=case.pk))


def _of_case(case, rows: list) -> list:
    """Rows read by their case's id, each pointing at `case` as its related
    manager would set it, so `row.case` costs no query."""
    for row in rows:
        type(row).case.field.set_cached_value(row, case)
    return rows


def case_meetings(case, history):
    """The case's research-room meetings, read only when its history (already
    read for the page) shows one was recorded: a meeting is written only by
    `meeting_record`, with its audit row in the same transaction, and most
    cases never have one."""
    if not any(event.action == MEETING_RECORDED for event in history):
        return []
    return list(case.meetings.prefetch_related("departments").order_by("held_at", "id"))


def case_first_meeting(case):
    """The research-room meeting the slip notes: the first, without its departments."""
    return case.meetings.order_by("held_at", "id").only("case_id", "held_at", "decision").first()
