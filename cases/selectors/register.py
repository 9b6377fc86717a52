"""The register: the desk's list and search, and an overseer's list merged over offices."""

import datetime
import re

from django.db import connection
from django.db.models import Q
from django.utils import timezone

from .. import pii
from ..access import cases_readable_by, readable_office_ids
from ..models import OPEN_STATES, Case
from ..text_search import words_condition, words_probe
from .columns import LIST_ONLY

CASE_NUMBER = re.compile(r"^[A-Z][A-Z0-9]{1,11}-[0-9]{4}-[0-9]{6}$")
PHONE_LIKE = re.compile(r"^[0-9\-+()]{7,20}$")


def search_condition(q: str, *, common: bool = False) -> Q:
    """Turn what a clerk typed into one condition: number, ID, phone, or words.

    Numbers, ID numbers and phones are read in the one spelling intake stores
    (`pii.normalise_identifier`), so a full-width ID typed here finds the case
    registered in ASCII and the other way round. Anything else is looked for as
    words in the case's names and texts, or as a part of its number
    (`text_search.words_condition`; `common` only changes how it is asked).
    """
    q = q.strip()
    identifier = _identifier_condition(q)
    if identifier is not None:
        return identifier
    return words_condition(q, number=pii.normalise_identifier(q).upper(), common=common)


# A word found at least PROBE_HITS times among an office's PROBE_ROWS newest
# cases (one in about 170) is common: a page of it is in the newest few thousand.
PROBE_ROWS = 500
PROBE_HITS = 3


def _words_are_common(q: str, office_id: int) -> bool:
    """Whether the words of `q` are common among the office's newest cases: a
    look at PROBE_ROWS rows along the office's index, whatever the register's size."""
    newest = Case.objects.filter(office_id=office_id).order_by("-registered_at", "-id").values("id")[:PROBE_ROWS]
    hits = Case.objects.filter(pk__in=newest).filter(words_probe(q)).values("id")[:PROBE_HITS]
    return len(hits) == PROBE_HITS


def _identifier_condition(q: str) -> Q | None:
    """The condition for a whole case number, an ID number or a phone; None for anything else."""
    identifier = pii.normalise_identifier(q.strip())
    if CASE_NUMBER.match(identifier):
        return Q(number=identifier)
    if pii.ID_SHAPE.match(identifier):
        digest = pii.id_hash(identifier)
        return Q(reporter_id_hash=digest) | Q(subject_id_hash=digest)
    if PHONE_LIKE.match(identifier) and sum(c in "0123456789" for c in identifier) >= 7:
        return Q(reporter_phone_hash=pii.phone_hash(identifier))
    return None


def cases_for_desk(user, *, q: str = "", state: str = "", category: str = "", channel: str = "",
                   business_area=None, office=None, registered_from=None, registered_to=None):
    """The register list, newest first, as the user may see it.

    For an overseer reading several offices the list is a `NewestAcrossOffices`
    (same slicing and counting as a queryset) so each office's page is read from
    its own index instead of sorting all those offices' rows; on PostgreSQL a
    search for words is one too, for anyone (not counted).
    """
    qs = cases_readable_by(user).select_related("office", "business_area").only(*LIST_ONLY)
    office_ids = readable_office_ids(user) if office is None else [office.pk]
    q = q.strip()
    words = bool(q) and _identifier_condition(q) is None and connection.vendor == "postgresql"
    # How PostgreSQL is best asked for words depends on how common they are
    # (text_search._word_condition); the first office (an overseer's own) tells.
    common = words and bool(office_ids) and _words_are_common(q, office_ids[0])
    if q:
        qs = qs.filter(search_condition(q, common=common))
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
    # A word search is not counted either: a common word's count, even capped,
    # would read its pairs' whole entries in the index; the page does not.
    # Rare words are read for all the offices at once: their few cases come
    # from one look in the index, not one per office.
    if connection.vendor == "postgresql" and (len(office_ids) > 1 or words):
        return NewestAcrossOffices(qs, office_ids, by_office=not words or common)
    return qs


def _start_of_day(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, timezone.get_current_timezone())


class NewestAcrossOffices:
    """Newest-first rows of several offices, merged by hand.

    PostgreSQL cannot walk one index in date order for `office_id IN (...)`:
    it would read every matching row of those offices and sort them. Here each
    office gives its newest `stop` rows from its own index (a UNION ALL of
    small index scans), the merge keeps the page, and one more query fetches
    those rows whole. A page costs offices × (page end) index entries, never
    the offices' whole backlog; for the same reason such a list is not
    counted (`uncounted`): it pages by "is there a next page". With
    `by_office` false the rows are read in one query for all the offices:
    for a rare word, whose few cases one look in the index finds.
    """

    uncounted = True

    def __init__(self, queryset, office_ids, *, newest_by: str = "registered_at", by_office: bool = True):
        self.queryset = queryset
        self.office_ids = list(office_ids)
        self.newest_by = newest_by
        self.by_office = by_office

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
        """Ids of rows start..stop, newest first, from each office's newest `stop`."""
        order = (f"-{self.newest_by}", "-id")
        keys = self.queryset.order_by(*order).values_list(self.newest_by, "id")
        if len(self.office_ids) == 1 or not self.by_office:
            return [pk for _newest, pk in keys[start:stop]]
        per_office = [keys.filter(office_id=office_id)[:stop] for office_id in self.office_ids]
        merged = per_office[0].union(*per_office[1:], all=True).order_by(*order)[start:stop]
        return [pk for _newest, pk in merged]


def other_cases_of_person(user, id_number: str, *, exclude_pk=None, limit: int = 10):
    """The person's other cases in the user's own office (by reporter or subject ID)."""
    number = pii.normalise_id_number(id_number)
    digest = pii.id_hash(number) if pii.ID_SHAPE.match(number) else ""
    if not _may_look_up_people(user, digest):
        return Case.objects.none()
    return _person_cases(user.office_id, digest, exclude_pk=exclude_pk, limit=limit)


def other_cases_of_case_person(user, case: Case) -> list:
    """The other cases, in the user's own office, of the person a case is about
    (the subject when reported for someone): found by the keyed hash the case
    already holds, without decrypting its ID number."""
    digest = case.subject_id_hash or case.reporter_id_hash
    if not _may_look_up_people(user, digest):
        return []
    return list(_person_cases(user.office_id, digest, exclude_pk=case.pk))


def _may_look_up_people(user, digest: str) -> bool:
    return bool(digest and getattr(user, "office_id", None) and user.has_perm("cases.view_case"))


def _person_cases(office_id, digest, *, exclude_pk=None, limit: int = 10):
    qs = (Case.objects.filter(office_id=office_id)
          .filter(Q(reporter_id_hash=digest) | Q(subject_id_hash=digest))
          .select_related("business_area").only(*LIST_ONLY[:1], "number", "state", "registered_at", "matter",
                                                "business_area__name", "reporter_name", "subject_name", "on_behalf")
          .order_by("-registered_at"))
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return qs[:limit]



def cases_linked_to_innovation(user, innovation):
    return cases_readable_by(user).filter(special_handling__innovation=innovation).select_related("business_area")
