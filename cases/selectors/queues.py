"""Queues of the escalation engine, the director's review, work orders and the inbox."""

from django.conf import settings
from django.db import connection
from django.db.models import Exists, OuterRef, Prefetch, Q, prefetch_related_objects
from django.utils import timezone

from ..access import cases_readable_by, readable_office_ids
from ..models import HANDLING_STATES, Case, ExtensionRequest, Notification, State, TierSpan, WorkOrder
from .columns import LIST_ONLY, named
from .register import NewestAcrossOffices

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
                    .select_related("business_area").only("number", "reporter_name", "reporter_confidential", "business_area__name", "state"))
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


# Who held each tier and who moved the case on, as the review's rows name them.
_REVIEW_TIER_SPANS = Prefetch("tier_spans", queryset=TierSpan.objects.select_related("holder", "left_by")
                              .defer(*named("holder", "left_by")))


def escalations_for_review(user, *, office=None, tier: str = "", light: str = "", escalated_from=None, escalated_to=None):
    """Every case that left tier 1, in the user's office and those below, newest escalation first."""
    qs = (cases_readable_by(user).filter(escalated_at__isnull=False)
          .select_related("office", "business_area")
          .only(*LIST_ONLY, "escalated_at", "party_group_decision", "decided_on")
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
        return OfOneLight(running, light, _REVIEW_TIER_SPANS)
    qs = qs.prefetch_related(_REVIEW_TIER_SPANS)
    if len(office_ids) > 1 and connection.vendor == "postgresql":
        return NewestAcrossOffices(qs, office_ids, newest_by="escalated_at")
    return qs


class OfOneLight:
    """The rows of a list whose light is one colour, in the list's order, paged by hand.

    The list is read in batches of `REVIEW_LIGHT_BATCH` rows (a setting, 500 by
    default) until the page is full, each row's light worked out as the page
    would show it; then the page's rows get what they show beside (`prefetch`).
    Every matching row can be reached, however far down; a page costs one query
    per batch read before it. Not counted (`uncounted`): it pages by "is there a
    next page", as counting would mean reading the whole list.
    """

    uncounted = True

    def __init__(self, queryset, light: str, *prefetch):
        self.queryset = queryset
        self.light = light
        self.prefetch = prefetch

    def count(self):
        from ..pagination import COUNT_CAP

        return len(self._matching(COUNT_CAP + 1))

    def __len__(self):
        return self.count()

    def __getitem__(self, item):
        if not isinstance(item, slice):
            return self[item: item + 1][0]
        start, stop = item.start or 0, item.stop
        rows = self._matching(stop)[start:stop]
        prefetch_related_objects(rows, *self.prefetch)
        return rows

    def _matching(self, wanted: int) -> list:
        batch = getattr(settings, "REVIEW_LIGHT_BATCH", 500)
        matching, offset = [], 0
        while len(matching) < wanted:
            rows = list(self.queryset[offset: offset + batch])
            matching += [row for row in rows if row.light == self.light]
            if len(rows) < batch:
                break
            offset += batch
        return matching


def inbox(user):
    return (Notification.objects.filter(recipient=user).select_related("case", "summary__office")
            .defer("summary__figures").order_by("-created_at", "-id"))


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
