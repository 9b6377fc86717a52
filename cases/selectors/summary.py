"""The daily summary's reads: counting an office's day, and who sees which summaries.

`daily_figures` counts with plain aggregates over one office's rows, each
through an index on the moment it counts (`case_office_newest`,
`case_office_closed`, `case_office_open_newest`, `tierspan_escalated_at`,
`callback_office_done`, `rating_given_at`), so a summary costs what the day
holds, not what the register holds. `summary_sections` turns the stored figures
into labelled rows, the one shape the page, the e-mail and an export read.
"""

import dataclasses
import datetime
from collections import Counter

from django.db.models import Count, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from routing import clock
from routing.models import Office

from ..access import readable_office_ids
from ..models import OPEN_STATES, Callback, Case, Category, Channel, DailySummary, Rating, State, TierSpan, WorkOrder

PERMISSION = "cases.view_dailysummary"
LIGHTS = (clock.GREEN, clock.YELLOW, clock.RED, "paused", "none")
# How many business areas and regular windows the summary lists by name; the rest are added up.
TOP = 10


def _top(counter: Counter) -> list[list]:
    rows = [[name, n] for name, n in sorted(counter.items(), key=lambda item: (-item[1], item[0]))]
    if len(rows) > TOP:
        rows = rows[:TOP - 1] + [["*", sum(n for _name, n in rows[TOP - 1:])]]
    return rows


def daily_figures(office: Office, *, start: datetime.datetime, end: datetime.datetime,
                  as_of: datetime.datetime) -> dict:
    """The figures of `office` for the period `start` (excluded) to `end` (included).

    What happened in the period (new, closed, escalated, callbacks, ratings) is
    counted by its own moment; what stands (open cases by tier and light, what
    is overdue) is read as it is at `as_of`, the moment of counting.
    """
    period = {"gt": start, "lte": end}

    new = Counter()
    by = {"channel": Counter(), "category": Counter(), "business_area": Counter(), "failed_at": Counter()}
    for row in (Case.objects.filter(office=office, registered_at__gt=start, registered_at__lte=end)
                .values("channel", "category", "business_area__name", "failed_at").annotate(n=Count("id"))
                .order_by()):
        new["total"] += row["n"]
        by["channel"][row["channel"]] += row["n"]
        by["category"][row["category"]] += row["n"]
        by["business_area"][row["business_area__name"]] += row["n"]
        by["failed_at"][row["failed_at"].strip()] += row["n"]

    grid = {state: dict.fromkeys(LIGHTS, 0) for state in OPEN_STATES}
    overdue_cases = 0
    for state, entered, due, paused in (Case.objects.filter(office=office, state__in=OPEN_STATES)
                                        .values_list("state", "tier_entered_at", "due_at", "paused_at")):
        if paused is not None:
            light = "paused"
        elif due is None or entered is None:
            light = "none"
        else:
            light = clock.light(start=entered, due=due, now=as_of, hours=office)
        grid[state][light] += 1
        overdue_cases += light == clock.RED

    escalated = Counter(dict(TierSpan.objects.filter(case__office=office, tier__in=[State.TIER2, State.TIER3],
                                                     entered_at__gt=start, entered_at__lte=end)
                             .values_list("tier").annotate(n=Count("id")).order_by()))
    callbacks = Counter(dict(Callback.objects.filter(office=office, done_at__gt=start, done_at__lte=end)
                             .values_list("outcome").annotate(n=Count("id")).order_by()))
    ratings = Counter(dict(Rating.objects.filter(case__office=office, given_at__gt=start, given_at__lte=end)
                           .values_list("level").annotate(n=Count("id")).order_by()))
    return {
        "as_of": as_of.isoformat(),
        "new": {"total": new["total"], "by_channel": dict(by["channel"]), "by_category": dict(by["category"]),
                "by_business_area": _top(by["business_area"]), "by_failed_at": _top(by["failed_at"])},
        "closed": Case.objects.filter(office=office, closed_at__gt=start, closed_at__lte=end).count(),
        "open": {"total": sum(sum(lights.values()) for lights in grid.values()), "grid": grid},
        "overdue": {
            "cases": overdue_cases,
            "work_orders": WorkOrder.objects.filter(case__office=office, state__in=WorkOrder.OPEN,
                                                    paused_at__isnull=True, due_at__lt=as_of).count(),
            "callbacks": Callback.objects.filter(office=office, done_at__isnull=True, due_at__lt=as_of).count(),
        },
        "escalated": {"tier2": escalated[State.TIER2], "tier3": escalated[State.TIER3]},
        "callbacks": {"done": sum(callbacks.values()), "by_outcome": dict(callbacks)},
        "ratings": {"total": sum(ratings.values()), "bad": sum(ratings[level] for level in Rating.BAD),
                    "by_level": dict(ratings)},
    }


# --- Reading the stored figures ----------------------------------------------------


@dataclasses.dataclass
class Section:
    title: str
    rows: list[tuple[str, int]]


def _labelled(counts: dict, choices) -> list[tuple[str, int]]:
    """Every choice in its own order (zeros included, so two days compare line by line), then anything unknown."""
    labels = dict(choices)
    rows = [(str(label), counts.get(code, 0)) for code, label in labels.items()]
    rows += [(code, n) for code, n in counts.items() if code not in labels]
    return rows


def _named(rows: list[list], blank: str) -> list[tuple[str, int]]:
    return [(_("others") if name == "*" else (name or blank), n) for name, n in rows]


def summary_sections(summary: DailySummary) -> list[Section]:
    """The figures as titled sections of (label, count) rows: what the page prints and an export writes."""
    f = summary.figures
    light_labels = {clock.GREEN: _("green"), clock.YELLOW: _("yellow"), clock.RED: _("red (overdue)"),
                    "paused": _("clock stopped"), "none": _("no clock")}
    tiers = [(label, sum(f["open"]["grid"].get(state, {}).values())) for state, label in State.choices
             if state in OPEN_STATES]
    lights = Counter()
    for by_light in f["open"]["grid"].values():
        lights.update(by_light)
    return [
        Section(_("New cases by channel"), [(_("total"), f["new"]["total"])] + _labelled(f["new"]["by_channel"], Channel.choices)),
        Section(_("Closed and escalated"), [
            (_("closed"), f["closed"]),
            (_("escalated to the center party committee"), f["escalated"]["tier2"]),
            (_("escalated to the bureau party group"), f["escalated"]["tier3"]),
        ]),
        Section(_("Open cases by tier"), [(_("total"), f["open"]["total"])] + tiers),
        Section(_("Open cases by light"), [(str(light_labels[light]), lights[light]) for light in LIGHTS]),
        Section(_("Overdue"), [
            (_("cases"), f["overdue"]["cases"]), (_("work orders"), f["overdue"]["work_orders"]),
            (_("callbacks"), f["overdue"]["callbacks"]),
        ]),
        Section(_("Callbacks made"), [(_("total"), f["callbacks"]["done"])]
                + _labelled(f["callbacks"]["by_outcome"], Callback.Outcome.choices)),
        Section(_("Ratings given"), [(_("total"), f["ratings"]["total"]), (_("bad ratings"), f["ratings"]["bad"])]
                + _labelled(f["ratings"]["by_level"], Rating.Level.choices)),
        Section(_("New cases by category"), _labelled(f["new"]["by_category"],
                                                        [*Category.choices, ("", _("not yet classified"))])),
        Section(_("New cases by business area"), _named(f["new"]["by_business_area"], "—")),
        Section(_("New cases by the regular window where the matter failed"),
                _named(f["new"]["by_failed_at"], pgettext("where it failed", "not stated"))),
    ]


def summary_rows(summary: DailySummary) -> list[tuple[str, str, int]]:
    """(section, label, count) per figure, flat: one line each in a spreadsheet."""
    return [(section.title, label, n) for section in summary_sections(summary) for label, n in section.rows]


# --- Who sees which summaries ---------------------------------------------------------


def summaries_readable_by(user) -> QuerySet:
    """The summaries of the offices whose cases the user reads (a city director: the
    counties below too), for the duty leaders and directors who receive them."""
    ids = readable_office_ids(user)
    if not ids or not user.has_perm(PERMISSION):
        return DailySummary.objects.none()
    return DailySummary.objects.filter(office_id__in=ids)


def get_summary_for_user(user, pk: int) -> DailySummary:
    try:
        return summaries_readable_by(user).select_related("office", "duty_leader").get(pk=pk)
    except DailySummary.DoesNotExist:
        raise Http404(_("No such summary.")) from None
