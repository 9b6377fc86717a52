"""Case numbers: <office code>-<year>-<six digits>, per office and year, gap-free."""

from django.db import transaction
from django.utils import timezone

from cases.models import CaseNumberCounter
from routing import clock
from routing.models import Office


def format_case_number(office_code: str, year: int, sequence: int) -> str:
    return f"{office_code}-{year}-{sequence:06d}"


def local_year(office: Office, moment) -> int:
    return timezone.localtime(moment, clock.zone(office)).year


def issue_case_number(*, office: Office, year: int) -> int:
    """Take the next sequence number; must run inside the case's transaction.

    The counter row is created if missing (ignoring a concurrent creation) and
    then locked, so two clerks saving at once queue here instead of reading the
    same last number. A rollback of the case rolls the counter back too.
    """
    assert transaction.get_connection().in_atomic_block, "issue_case_number needs the case's transaction"
    counters = CaseNumberCounter.objects.select_for_update()
    try:  # get(), not first(): one counter per office and year, and an ORDER BY would only cost compiling
        counter = counters.get(office=office, year=year)
    except CaseNumberCounter.DoesNotExist:  # the office's first case of the year
        CaseNumberCounter.objects.bulk_create(
            [CaseNumberCounter(office=office, year=year, last_sequence=0)], ignore_conflicts=True
        )
        counter = counters.get(office=office, year=year)
    counter.last_sequence += 1
    counter.save(update_fields=["last_sequence"])
    return counter.last_sequence
