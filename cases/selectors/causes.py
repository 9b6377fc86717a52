"""The root-cause figures: where matters fail and why, what the innovations
changed, what comes back again, and the accountability that followed.

Every read starts from `access` (a user's readable offices), is bounded by a
period of registration months on the office's clock, and answers plain rows
(dicts) that a page draws and an export can write as they are.
"""

import datetime
from collections import defaultdict

from django.db import connection
from django.db.models import Count, DateField, F, Max, Q, QuerySet
from django.db.models.functions import Coalesce, Collate, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from routing.models import BusinessArea

from .. import pii
from ..access import cases_readable_by, readable_office_ids, readable_offices
from ..models import REJECTED_TRIAGE, Accountability, Case, Category, SpecialHandling, Triage
from .register import _start_of_day

# Merged web reports are counted under the case they joined, spam and abuse not at all.
NOT_COUNTED = (Triage.MERGED, *REJECTED_TRIAGE)
REPEATED_MATTER = 3  # cases of one kind in a period that make it a common problem
REPEATED_REPORTER = 2
TOP = 50  # groups a repeated-matters list shows, most cases first
NOT_NAMED = "—"


def add_months(month: datetime.date, count: int) -> datetime.date:
    """The first day of the month `count` months after `month` (before, if negative)."""
    index = month.year * 12 + month.month - 1 + count
    return datetime.date(index // 12, index % 12 + 1, 1)


def _office_ids(user, office) -> list[int]:
    ids = readable_office_ids(user)
    return ids if office is None else [pk for pk in ids if pk == office.pk]


def period_cases(user, *, since: datetime.date, until: datetime.date, office=None) -> QuerySet:
    """The cases the user reads registered from the month of `since` to the end of
    the month of `until`, as a range on the column (the office/date indexes serve it)."""
    cases = cases_readable_by(user)
    if office is not None:
        cases = cases.filter(office_id__in=_office_ids(user, office))
    return (cases.filter(registered_at__gte=_start_of_day(since.replace(day=1)),
                         registered_at__lt=_start_of_day(add_months(until, 1)))
            .exclude(triage__in=NOT_COUNTED))


def category_label(value: str) -> str:
    return str(Category(value).label) if value in Category.values else _("not yet classified")


def cause_counts(user, *, since, until, office=None) -> list[dict]:
    """Cases by business area × category × the place where the matter failed, one
    grouped query. The place is the regular window named when a staff-side fault
    was recorded, else the place the reporter gave. `bottlenecks` counts the
    objective-cause cases judged a policy bottleneck."""
    rows = (period_cases(user, since=since, until=until, office=office)
            .annotate(place=Coalesce("staff_fault__regular_window", "failed_at"))
            .values("business_area__name", "category", "place")
            .annotate(cases=Count("id"), bottlenecks=Count("id", filter=Q(
                special_handling__kind=SpecialHandling.Kind.BOTTLENECK)))
            .order_by())
    return [{"business_area": row["business_area__name"], "category": row["category"],
             "category_label": category_label(row["category"]), "place": (row["place"] or "").strip() or NOT_NAMED,
             "cases": row["cases"], "staff_side": row["cases"] if row["category"] == Category.STAFF else 0,
             "bottlenecks": row["bottlenecks"]} for row in rows]


def cause_matrix(rows: list[dict], *, places: int = 12) -> dict:
    """`cause_counts` drawn as a table: a row per business area and category, a
    column per place (the `places` with most cases, the rest together), and the
    two rankings a director looks for."""
    by_place, staff_by_place, bottlenecks_by_area = defaultdict(int), defaultdict(int), defaultdict(int)
    for row in rows:
        by_place[row["place"]] += row["cases"]
        staff_by_place[row["place"]] += row["staff_side"]
        bottlenecks_by_area[row["business_area"]] += row["bottlenecks"]
    columns = sorted(by_place, key=lambda place: (-by_place[place], place))[:places]
    rest = len(by_place) > len(columns)
    table = {}
    for row in rows:
        key = (row["business_area"], row["category"])
        line = table.setdefault(key, {"business_area": row["business_area"], "category": row["category"],
                                      "category_label": row["category_label"],
                                      "cells": dict.fromkeys(columns, 0), "other": 0, "total": 0,
                                      "bottlenecks": 0})
        if row["place"] in line["cells"]:
            line["cells"][row["place"]] += row["cases"]
        else:
            line["other"] += row["cases"]
        line["total"] += row["cases"]
        line["bottlenecks"] += row["bottlenecks"]
    order = {value: index for index, value in enumerate([*Category.values, ""])}
    lines = sorted(table.values(), key=lambda line: (line["business_area"], order.get(line["category"], 9)))
    for line in lines:
        line["cells"] = [{"place": place, "cases": line["cells"][place]} for place in columns]
    return {
        "columns": columns, "other_column": rest, "rows": lines, "total": sum(by_place.values()),
        "staff_places": sorted(([place, n] for place, n in staff_by_place.items() if n),
                               key=lambda pair: (-pair[1], pair[0])),
        "bottleneck_areas": sorted(([area, n] for area, n in bottlenecks_by_area.items() if n),
                                   key=lambda pair: (-pair[1], pair[0])),
    }


def repeated_places(rows: list[dict]) -> list[dict]:
    """The same business area, category and place at least REPEATED_MATTER times."""
    repeated = [row for row in rows if row["cases"] >= REPEATED_MATTER]
    return sorted(repeated, key=lambda row: (-row["cases"], row["business_area"], row["place"]))[:TOP]


def _bytewise(field: str):
    """A hex key to group on, compared byte by byte: PostgreSQL then sorts a year's
    keys without the database's locale rules (at 64,000 keys, 61 ms instead of 80)."""
    return Collate(field, "C") if connection.vendor == "postgresql" else F(field)


def repeated_matters(user, *, since, until, office=None) -> list[dict]:
    """The same matter (`Case.matter_key`: the text without spaces, full stops or
    case) at least REPEATED_MATTER times, with how many offices and business areas
    it came through, worded as its latest case: one grouped query that reads the
    root-cause index only, and the wordings of the groups shown by primary key."""
    rows = list(period_cases(user, since=since, until=until, office=office).values(key=_bytewise("matter_key"))
                .annotate(cases=Count("id"), offices=Count("office_id", distinct=True),
                          areas=Count("business_area__name", distinct=True), last=Max("registered_at"),
                          latest=Max("id"))
                .filter(cases__gte=REPEATED_MATTER).order_by("-cases", "-last")[:TOP])
    wording = dict(Case.objects.filter(pk__in=[row["latest"] for row in rows]).values_list("pk", "matter"))
    return [{"matter": wording.get(row["latest"], ""), "cases": row["cases"], "offices": row["offices"],
             "business_areas": row["areas"], "last_registered_at": row["last"]} for row in rows]


def repeated_reporters(user, *, since, until, office=None, cases_shown: int = 10) -> list[dict]:
    """People (by the keyed hash of their ID number) who reported at least
    REPEATED_REPORTER times, with their cases. Names and ID numbers come out
    masked only: a director sees that one person keeps coming, not who."""
    cases = period_cases(user, since=since, until=until, office=office).exclude(reporter_id_hash="")
    groups = list(cases.values(key=_bytewise("reporter_id_hash"))
                  .annotate(cases=Count("id"), offices=Count("office_id", distinct=True), last=Max("registered_at"))
                  .filter(cases__gte=REPEATED_REPORTER).order_by("-cases", "-last")[:TOP])
    if not groups:
        return []
    found = defaultdict(list)
    for case in (cases.filter(reporter_id_hash__in=[group["key"] for group in groups])
                 .only("number", "state", "reporter_name", "reporter_id_number", "reporter_id_hash", "registered_at",
                       "category", "office__name", "business_area__name")
                 .select_related("office", "business_area").order_by("-registered_at", "-id")):
        found[case.reporter_id_hash].append(case)
    people = []
    for group in groups:
        theirs = found[group["key"]]
        latest = theirs[0] if theirs else None
        people.append({
            "masked_name": pii.mask_name(latest.reporter_name) if latest else "",
            "masked_id_number": pii.mask_id_number(latest.reporter_id_number) if latest else "",
            "cases": group["cases"], "offices": group["offices"], "last_registered_at": group["last"],
            "case_list": [{"number": case.number, "registered_at": case.registered_at, "office": case.office.name,
                           "business_area": case.business_area.name, "category_label": category_label(case.category)}
                          for case in theirs[:cases_shown]],
        })
    return people


# --- institutional innovations ---------------------------------------------------


def innovation_covered_cases(user, innovation) -> QuerySet:
    """The cases a rule covers, among those the user reads: in its office and the
    offices below, of the business area (by name: each office has its own areas)
    and the category it addresses; with neither set, the cases linked to it."""
    below = [office.pk for office in readable_offices(user) if office.path.startswith(innovation.office.path)]
    cases = cases_readable_by(user).filter(office_id__in=below).exclude(triage__in=NOT_COUNTED)
    if not (innovation.business_area_id or innovation.category):
        return cases.filter(special_handling__innovation=innovation)
    if innovation.business_area_id:
        cases = cases.filter(business_area__in=BusinessArea.objects.filter(
            office_id__in=below, name=innovation.business_area.name).values("pk"))
    if innovation.category:
        cases = cases.filter(category=innovation.category)
    return cases


def innovation_before_after(user, innovation, *, months: int = 6) -> dict:
    """Covered cases month by month, `months` before the month of adoption to
    `months` after it, in one grouped query. The rule works if the after months
    are fewer; the month of adoption itself is shown apart, being half of each."""
    adopted = innovation.adopted_on.replace(day=1)
    first, end = add_months(adopted, -months), add_months(adopted, months + 1)
    counts = dict(innovation_covered_cases(user, innovation)
                  .filter(registered_at__gte=_start_of_day(first), registered_at__lt=_start_of_day(end))
                  .annotate(month=TruncMonth("registered_at", output_field=DateField()))
                  .values("month").annotate(n=Count("id")).order_by().values_list("month", "n"))
    this_month = timezone.localdate().replace(day=1)
    rows = []
    for offset in range(-months, months + 1):
        month = add_months(adopted, offset)
        rows.append({"month": month, "offset": offset, "cases": counts.get(month, 0),
                     "side": "before" if offset < 0 else "after" if offset > 0 else "adoption",
                     # The current month is still filling up; later ones have not come.
                     "complete": month < this_month})
    before = [row["cases"] for row in rows if row["side"] == "before"]
    after = [row["cases"] for row in rows if row["side"] == "after" and row["complete"]]
    return {"rows": rows, "months": months,
            "before_average": round(sum(before) / len(before), 1) if before else None,
            "after_average": round(sum(after) / len(after), 1) if after else None,
            "after_months": len(after)}


# --- accountability and referrals -------------------------------------------------


def accountability_records(user, *, office=None, kind: str = "", since=None, until=None) -> QuerySet:
    """追责 records of the cases the user reads, newest first, as plain rows: the
    discipline inspection's page pages them, an export writes them with the same filters."""
    records = Accountability.objects.filter(case__office_id__in=_office_ids(user, office))
    if kind == "referred":
        records = records.filter(referred_to_discipline=True)
    elif kind == "not_referred":
        records = records.filter(referred_to_discipline=False)
    if since:
        records = records.filter(recorded_at__gte=_start_of_day(since))
    if until:
        records = records.filter(recorded_at__lt=_start_of_day(until + datetime.timedelta(days=1)))
    return (records.order_by("-recorded_at", "-id")
            .values("id", "staff_member", "section_head", "leader_in_charge", "finding", "measure",
                    "referred_to_discipline", "recorded_at",
                    number=F("case__number"), office=F("case__office__name"),
                    business_area=F("case__business_area__name"),
                    regular_window=F("case__staff_fault__regular_window"),
                    recorded_by_first_name=F("recorded_by__first_name"),
                    recorded_by_last_name=F("recorded_by__last_name"),
                    recorded_by_username=F("recorded_by__username")))
