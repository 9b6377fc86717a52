"""What the clerks' triage of web reports reads: the queue, its count, merge candidates, the figures."""

import datetime

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from ..access import readable_office_ids
from ..models import HANDLING_STATES, OPEN_STATES, Case, Triage
from .columns import LIST_ONLY
from .register import _start_of_day


def _waiting(office_id) -> QuerySet:
    """One office's untriaged web reports, in the terms of the partial index
    `case_web_reports_to_triage` (same condition, so PostgreSQL can use it)."""
    return Case.objects.filter(office_id=office_id, triage=Triage.PENDING, state__in=HANDLING_STATES)


def web_reports_to_triage(user) -> QuerySet:
    """The queue: the user's own office's web reports waiting for a clerk, most urgent first."""
    if not getattr(user, "office_id", None) or not user.has_perm("cases.triage_web_report"):
        return Case.objects.none()
    return (_waiting(user.office_id).select_related("office", "business_area")
            .only(*LIST_ONLY, "matter").order_by("due_at", "id"))


def web_reports_waiting_count(user) -> int:
    """The navigation's count. Read with the user where possible (`waiting_count_for_user`)."""
    counted = getattr(user, "web_reports_waiting", None)
    if counted is not None:
        return counted
    if not getattr(user, "office_id", None) or not user.has_perm("cases.triage_web_report"):
        return 0
    return _waiting(user.office_id).count()


def waiting_count_for_user():
    """For annotating a user row (`windowdesk.auth`): their office's untriaged
    web reports, counted in the same query that reads the user."""
    counted = (_waiting(OuterRef("office_id")).order_by().values("office_id")
               .annotate(n=Count("id")).values("n"))
    return Coalesce(Subquery(counted), 0)


def merge_candidates(user, report: Case, *, limit: int = 10) -> list[Case]:
    """Cases in hand in the report's office of the same person, newest first:
    the same ID number (as reporter or as the person concerned) or the same phone,
    found by the keyed hashes the report already holds."""
    if report.office_id != getattr(user, "office_id", None):
        return []
    same_person = Q()
    for digest in {report.reporter_id_hash, report.subject_id_hash} - {""}:
        same_person |= Q(reporter_id_hash=digest) | Q(subject_id_hash=digest)
    if report.reporter_phone_hash:
        same_person |= Q(reporter_phone_hash=report.reporter_phone_hash)
    if not same_person:
        return []
    return list(Case.objects.filter(same_person, office_id=report.office_id, state__in=OPEN_STATES)
                .exclude(pk=report.pk).exclude(triage=Triage.MERGED)
                .select_related("business_area")
                .only("id", "number", "state", "registered_at", "matter", "business_area__name", "reporter_name",
                      "reporter_confidential", "subject_name", "on_behalf", "channel", "triage")
                .order_by("-registered_at", "-id")[:limit])


def triage_figures(user, *, since, until) -> list[dict]:
    """Per office the user reads: web reports registered in the period and what
    triage made of them, in one grouped query."""
    counts = {outcome: Count("id", filter=Q(triage=outcome)) for outcome in Triage.values}
    # Whole local days as a range on the column, so each office's registration-date index serves it.
    return list(Case.objects.filter(office_id__in=readable_office_ids(user), registered_at__gte=_start_of_day(since),
                                    registered_at__lt=_start_of_day(until + datetime.timedelta(days=1)))
                .exclude(triage="").values("office__name").annotate(received=Count("id"), **counts)
                .order_by("office__name"))


def case_to_merge_into(user, number: str) -> Case | None:
    """The case of the user's own office with this number, or None (the merge form says so)."""
    if not getattr(user, "office_id", None):
        return None
    return Case.objects.filter(office_id=user.office_id, number=number).first()
