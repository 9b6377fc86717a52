"""Reads that pages and exports share. Every one starts from `access`."""

import datetime
import functools
import re

from django.db import connection, connections
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils import timezone

from . import pii
from .access import cases_readable_by, readable_office_ids
from .models import (
    HANDLING_STATES,
    OPEN_STATES,
    AuditEvent,
    Case,
    ExtensionRequest,
    Notification,
    State,
    TierSpan,
    WorkOrder,
)

CASE_NUMBER = re.compile(r"^[A-Z][A-Z0-9]{1,11}-\d{4}-\d{6}$")
PHONE_LIKE = re.compile(r"^[\d\-\s+()]{7,20}$")

# The list never needs the long texts; leaving them out keeps a page light.
OFFICE_CLOCK = ("office__name", "office__code", "office__timezone", "office__morning_opens", "office__morning_closes",
                "office__afternoon_opens", "office__afternoon_closes", "office__max_pause_working_days")
LIST_ONLY = ("id", "number", "channel", "reporter_name", "on_behalf", "subject_name", "business_area__name",
             "category", "state", "registered_at", "failed_at", "tier_entered_at", "due_at", "paused_at",
             *OFFICE_CLOCK)


# Staff shown by name only (`str(user)`): the rest of their row, the password
# hash among it, is never read for a page that names them.
USER_NAME = ("username", "first_name", "last_name")


@functools.cache
def _user_columns_not_shown() -> tuple[str, ...]:
    from routing.models import User

    return tuple(field.name for field in User._meta.concrete_fields if field.name not in ("id", *USER_NAME))


def named(*relations: str) -> list[str]:
    """For `.defer()`: every column of the staff at `relations` but their names."""
    return [f"{relation}__{column}" for relation in relations for column in _user_columns_not_shown()]


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
    """The register list, newest first, as the user may see it.

    For an overseer reading several offices the list is a `NewestAcrossOffices`
    (same slicing and counting as a queryset) so each office's page is read from
    its own index instead of sorting all those offices' rows.
    """
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
    # Whole local days as a range on the column itself, so the index serves it
    # (a __date lookup would compute a date for every row).
    if registered_from:
        qs = qs.filter(registered_at__gte=_start_of_day(registered_from))
    if registered_to:
        qs = qs.filter(registered_at__lt=_start_of_day(registered_to + datetime.timedelta(days=1)))
    qs = qs.order_by("-registered_at", "-id")
    office_ids = readable_office_ids(user) if office is None else [office.pk]
    if len(office_ids) > 1 and connection.vendor == "postgresql":
        return NewestAcrossOffices(qs, office_ids)
    return qs


def _start_of_day(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, timezone.get_current_timezone())


_MARKER_OFFICE = -7_654_321  # an office id no row has (see NewestAcrossOffices._newest_ids)


class NewestAcrossOffices:
    """Newest-first rows of several offices, merged by hand.

    PostgreSQL cannot walk one index in date order for `office_id IN (...)`:
    it would read every matching row of those offices and sort them. Here each
    office gives its newest `stop` rows from its own index (a UNION ALL of
    small index scans), the merge keeps the page, and one more query fetches
    those rows whole. A page costs offices × (page end) index entries, never
    the offices' whole backlog; for the same reason such a list is not
    counted (`uncounted`): it pages by "is there a next page".
    """

    uncounted = True

    def __init__(self, queryset, office_ids, *, newest_by: str = "registered_at"):
        self.queryset = queryset
        self.office_ids = list(office_ids)
        self.newest_by = newest_by

    def count(self):
        return self.queryset.count()

    def __len__(self):
        return self.count()

    def __getitem__(self, item):
        if not isinstance(item, slice):
            return self[item: item + 1][0]
        start, stop = item.start or 0, item.stop
        if stop is None or stop <= start:
            return list(self.queryset[item])
        ids = self._newest_ids(start, stop)
        rows = {row.pk: row for row in self.queryset.filter(pk__in=ids).order_by()}
        return [rows[pk] for pk in ids if pk in rows]

    def _newest_ids(self, start: int, stop: int) -> list[int]:
        """Ids of rows start..stop, newest first, from each office's newest `stop`.

        One office's query is compiled once, for a marker office, and repeated
        with each office's id in the marker's place: compiling ten copies
        through the ORM took longer than running them.
        """
        order = (f"-{self.newest_by}", "-id")
        keys = self.queryset.order_by(*order).values_list(self.newest_by, "id")
        sql, params = keys.filter(office_id=_MARKER_OFFICE)[:stop].query.sql_with_params()
        if list(params).count(_MARKER_OFFICE) != 1:  # never seen; the ORM's own union is the fallback
            per_office = [keys.filter(office_id=office_id)[:stop] for office_id in self.office_ids]
            merged = per_office[0].union(*per_office[1:], all=True).order_by(*order)[start:stop]
            return [pk for _newest, pk in merged]
        slot = list(params).index(_MARKER_OFFICE)
        union_params = []
        for office_id in self.office_ids:
            union_params += [*params[:slot], office_id, *params[slot + 1:]]
        union = " UNION ALL ".join([f"({sql})"] * len(self.office_ids))
        with connections[self.queryset.db].cursor() as cursor:
            cursor.execute(f"{union} ORDER BY 1 DESC, 2 DESC LIMIT %s OFFSET %s", [*union_params, stop - start, start])
            return [pk for _newest, pk in cursor.fetchall()]


# What a case's page and slip show beside the case itself: the rows it points to,
# and its handling records (each at most one per case, and only the category's
# as a rule; a reclassified case keeps the earlier ones, and the page shows them).
CASE_PAGE_RELATED = ("office", "business_area", "registered_by", "closed_by", "duty_leader")
CASE_RECORDS = ("citizen_outcome", "staff_fault", "special_handling", "accountability")
# Each record with what it names: who approved, which innovation, who recorded.
_RECORD_WITH = {"citizen_outcome": "citizen_outcome__approved_by", "staff_fault": "staff_fault",
                "special_handling": "special_handling__innovation", "accountability": "accountability__recorded_by"}
_STAFF = ("registered_by", "closed_by", "duty_leader", "citizen_outcome__approved_by", "accountability__recorded_by")
# The referral slip names no registering clerk and has no line for accountability.
SLIP_RELATED = ("office", "business_area", "closed_by", "duty_leader")
SLIP_RECORDS = ("citizen_outcome", "staff_fault", "special_handling")


def case_for_page(user, number: str, *, for_action: bool = False, related=CASE_PAGE_RELATED,
                  records=CASE_RECORDS) -> Case:
    """One case with everything its page (or, with SLIP_*, its slip) shows, in two queries.

    Not one: a single join of all fourteen tables took PostgreSQL 4–5 ms to
    plan (more tables than its exhaustive join search covers), while the case
    found by number and then its records found by primary key take about
    1.5 ms to plan together.
    """
    from .access import get_case_for_action, get_case_for_user

    getter = get_case_for_action if for_action else get_case_for_user
    staff = [path for path in _STAFF if path in related]
    case = getter(user, number, Case.objects.select_related(*related).defer(*named(*staff)))
    _attach_records(case, records)
    return case


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
    page's `case.citizen_outcome` and the like cost no further query."""
    paths = [_RECORD_WITH[name] for name in records]
    staff = [path for path in _STAFF if path in paths]
    holder = Case.objects.select_related(*paths).defer(*_case_columns(), *named(*staff)).get(pk=case.pk)
    for name in records:
        relation = Case._meta.get_field(name)
        record = relation.get_cached_value(holder)  # None when the case has no such record
        relation.set_cached_value(case, record)
        if record is not None:
            relation.field.set_cached_value(record, case)


def case_history(case: Case):
    return AuditEvent.objects.filter(case=case).select_related("actor").defer(*named("actor")).order_by("at", "id")


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


# --- queues of the escalation engine -------------------------------------------------


def _queue(qs):
    return qs.select_related("office", "business_area", "duty_leader").only(*LIST_ONLY, "duty_leader__first_name",
                                                                             "duty_leader__last_name", "duty_leader__username")


def leader_queue(user):
    """The duty leader's own cases still at tier 1, most urgent first (首问负责制)."""
    return _queue(Case.objects.filter(duty_leader=user, office_id=user.office_id, state=State.TIER1)).order_by("due_at", "id")


def office_tier_queue(user, tier: str):
    """The committee's (tier 2) or the party group's (tier 3) cases in the user's office."""
    return _queue(Case.objects.filter(office_id=user.office_id, state=tier)).order_by("due_at", "id")


def unowned_cases(user):
    """Tier-1 cases with no duty leader (a day the rota left empty): someone must take them."""
    return _queue(Case.objects.filter(office_id=user.office_id, state=State.TIER1, duty_leader__isnull=True)).order_by("due_at")


def approvals_waiting(user):
    """What the duty leader must decide: deficiencies, extensions, returned work orders."""
    office_id = user.office_id
    deficiencies = (Case.objects.filter(office_id=office_id, state__in=HANDLING_STATES, citizen_outcome__kind="deficiency",
                                        citizen_outcome__approved_at__isnull=True)
                    .select_related("business_area").only("number", "reporter_name", "business_area__name", "state"))
    # Each item names its case and department; the whole rows are on their own pages.
    # The states stay: django-fsm reads them as each case and work order is made.
    extensions = (ExtensionRequest.objects.filter(work_order__case__office_id=office_id, approved__isnull=True)
                  .select_related("work_order", "work_order__case", "work_order__department")
                  .only("requested_due_at", "reason", "work_order__state", "work_order__due_at",
                        "work_order__case__state", "work_order__case__number", "work_order__department__name")
                  .order_by("requested_at"))
    returned = (WorkOrder.objects.filter(department__office_id=office_id, state=WorkOrder.State.RETURNED,
                                         case__state__in=HANDLING_STATES)
                .exclude(Exists(WorkOrder.objects.filter(previous=OuterRef("pk"))))
                .select_related("case", "department").only("state", "return_reason", "case__state", "case__number", "department__name")
                .order_by("-returned_at"))
    return {"deficiencies": deficiencies, "extensions": extensions, "returned": returned}


def department_orders(user, *, open_only: bool = True):
    """Work orders of the departments this user heads, most urgent first."""
    qs = (WorkOrder.objects.filter(department__head=user, case__office_id=user.office_id)
          .select_related("case", "case__office", "department", "case__business_area"))
    if open_only:
        return qs.filter(state__in=WorkOrder.OPEN).order_by("due_at", "id")
    return qs.exclude(state__in=WorkOrder.OPEN).order_by("-dispatched_at")


def get_work_order_for_user(user, pk: int) -> WorkOrder:
    """A work order the user may see: its case must be readable (404 otherwise)."""
    from django.http import Http404

    try:
        return (WorkOrder.objects.select_related("case", "case__office", "department", "department__head",
                                                 "dispatched_by", "signed_by", "answered_by", "returned_by")
                .get(pk=pk, case__in=cases_readable_by(user)))
    except WorkOrder.DoesNotExist:
        raise Http404


def escalations_for_review(user, *, office=None, tier: str = "", light: str = "", escalated_from=None, escalated_to=None):
    """Every case that left tier 1, in the user's office and those below, newest escalation first."""
    qs = (cases_readable_by(user).filter(escalated_at__isnull=False)
          .select_related("office", "business_area")
          .only(*LIST_ONLY, "escalated_at", "party_group_decision", "decided_on")
          .prefetch_related(Prefetch("tier_spans", queryset=TierSpan.objects.select_related("holder", "left_by")
                                     .defer(*named("holder", "left_by"))))
          .order_by("-escalated_at", "-id"))
    office_ids = readable_office_ids(user) if office is None else [office.pk]
    if office is not None:
        qs = qs.filter(office=office)
    if tier:
        qs = qs.filter(state=tier)
    if escalated_from:
        qs = qs.filter(escalated_at__date__gte=escalated_from)
    if escalated_to:
        qs = qs.filter(escalated_at__date__lte=escalated_to)
    if light == "red":
        qs = qs.filter(state__in=HANDLING_STATES, paused_at__isnull=True, due_at__lt=timezone.now())
    elif light == "paused":
        qs = qs.filter(state__in=HANDLING_STATES, paused_at__isnull=False)
    elif light in ("green", "yellow"):
        # Yellow is a share of office time, which SQL cannot compute: narrow in
        # SQL to running clocks not yet overdue, then keep the wanted colour.
        running = qs.filter(state__in=HANDLING_STATES, paused_at__isnull=True, due_at__gte=timezone.now())
        return [case for case in running[:500] if case.light == light]
    if len(office_ids) > 1 and connection.vendor == "postgresql":
        return NewestAcrossOffices(qs, office_ids, newest_by="escalated_at")
    return qs


def case_work_orders(case):
    """The case's work orders as its page, slip and notices list them (who signed; the
    order's own page names the others)."""
    return (case.work_orders.select_related("department", "signed_by").defer(*named("signed_by"))
            .order_by("dispatched_at", "id"))


def case_tier_spans(case):
    return case.tier_spans.select_related("holder", "left_by").defer(*named("holder", "left_by")).order_by("entered_at", "id")


def case_meetings(case):
    return (case.meetings.prefetch_related("departments").select_related("recorded_by").defer(*named("recorded_by"))
            .order_by("held_at", "id"))


def case_first_meeting(case):
    """The research-room meeting the slip notes: the first, without its departments."""
    return case.meetings.order_by("held_at", "id").only("case_id", "held_at", "decision").first()


def inbox(user):
    return Notification.objects.filter(recipient=user).select_related("case").order_by("-created_at", "-id")


def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def department_performance(user, *, since, until):
    """Per department: orders dispatched, answered on time (against the original
    deadline), late, returned, and still open past due — the returns counted
    against the department that made them."""
    from django.db.models import Count, F

    now = timezone.now()
    return (WorkOrder.objects
            .filter(department__office_id__in=readable_office_ids(user), dispatched_at__date__gte=since,
                    dispatched_at__date__lte=until)
            .values("department__office__name", "department__name")
            .annotate(
                dispatched=Count("id"),
                on_time=Count("id", filter=Q(state=WorkOrder.State.ANSWERED, answered_at__lte=F("original_due_at"))),
                late=Count("id", filter=Q(state=WorkOrder.State.ANSWERED, answered_at__gt=F("original_due_at"))),
                extended=Count("id", filter=Q(due_at__gt=F("original_due_at"))),
                returned=Count("id", filter=Q(state=WorkOrder.State.RETURNED)),
                overdue=Count("id", filter=Q(state__in=WorkOrder.OPEN, due_at__lt=now)),
            )
            .order_by("department__office__name", "-returned", "department__name"))
