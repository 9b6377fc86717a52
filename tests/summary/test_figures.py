"""Each figure of the daily summary, counted against cases built by hand for Monday 16 November."""

import time_machine

from cases.daily_summary import make_daily_summaries
from cases.models import Callback, DailySummary
from cases.selectors.summary import summary_rows
from cases.services import case_classify
from cases.services.aftercare import callback_record, rating_give
from cases.services.escalation import case_escalate, case_pause

from .conftest import at


def _register(register, moment, **fields):
    with time_machine.travel(moment, tick=False):
        return register(**fields)


def _monday(register, close_case, clerk, duty_leader, county_clerk, medical):
    """The day of the city bureau, with one case before, one on the edge and one elsewhere."""
    _register(register, at(13, 10))  # Friday, before the period: open, and overdue by Monday 10:00
    _register(register, at(13, 17, 30))  # on Friday's summary moment: Friday's, not Monday's
    close_case(at(11, 10))  # closed last Wednesday: its callback fell due on Monday 10:00
    older = _register(register, at(12, 9))  # escalated last Thursday: three quarters of its time gone by Monday night
    with time_machine.travel(at(12, 10), tick=False):
        case_escalate(case=older, by=duty_leader, reason="较为复杂")
    _register(register, at(13, 18), channel="hotline", business_area=medical, failed_at="")  # after Friday's summary
    staff_fault = _register(register, at(16, 9))
    with time_machine.travel(at(16, 9, 5), tick=False):
        case_classify(case=staff_fault, by=duty_leader, category="staff")
    paused = _register(register, at(16, 9, 30))
    with time_machine.travel(at(16, 10, 30), tick=False):
        case_pause(case=paused, by=duty_leader, reason="等待外省回函")
    escalated = _register(register, at(16, 10), channel="business_line")
    with time_machine.travel(at(16, 14), tick=False):
        case_escalate(case=escalated, by=duty_leader, reason="涉及多个科室")
    closed = close_case(at(16, 11))
    with time_machine.travel(at(16, 15), tick=False):
        callback_record(callback=Callback.objects.get(case=closed), by=clerk, outcome="satisfied")
    with time_machine.travel(at(16, 15, 30), tick=False):
        rating_give(case=closed, level="dissatisfied")
    _register(register, at(16, 12), channel="website")
    _register(register, at(16, 10), by=county_clerk)  # another office's case


def test_the_summary_counts_each_figure_of_the_day(register, close_case, clerk, duty_leader, county_clerk, city):
    _monday(register, close_case, clerk, duty_leader, county_clerk, city.business_areas.get(name="医疗保险"))

    make_daily_summaries(at(16, 17, 30))

    summary = DailySummary.objects.get(office=city)
    f = summary.figures
    assert summary.day == at(16, 0).date()
    assert (summary.window_start, summary.window_end) == (at(13, 17, 30), at(16, 17, 30))
    assert f["new"]["total"] == 6
    assert f["new"]["by_channel"] == {"window": 3, "hotline": 1, "business_line": 1, "website": 1}
    assert f["new"]["by_category"] == {"staff": 1, "citizen": 1, "": 4}
    assert f["new"]["by_business_area"] == [["养老保险", 5], ["医疗保险", 1]]
    assert f["new"]["by_failed_at"] == [["养老保险窗口", 5], ["", 1]]
    assert f["closed"] == 1
    assert f["escalated"] == {"tier2": 1, "tier3": 0}
    grid = f["open"]["grid"]
    assert f["open"]["total"] == 8
    assert {state: sum(lights.values()) for state, lights in grid.items()} == {
        "registered": 0, "tier1": 6, "tier2": 2, "tier3": 0}
    # A tier-1 day runs to the close of the next working day: Friday's three are red on Monday night.
    assert grid["tier1"] == {"green": 2, "yellow": 0, "red": 3, "paused": 1, "none": 0}
    assert grid["tier2"] == {"green": 1, "yellow": 1, "red": 0, "paused": 0, "none": 0}
    assert f["overdue"] == {"cases": 3, "work_orders": 0, "callbacks": 1}
    assert f["callbacks"] == {"done": 1, "by_outcome": {"satisfied": 1}}
    assert f["ratings"] == {"total": 1, "bad": 1, "by_level": {"dissatisfied": 1}}


def test_the_stored_figures_read_as_labelled_rows_for_an_export(register, close_case, clerk, duty_leader,
                                                                 county_clerk, city):
    _monday(register, close_case, clerk, duty_leader, county_clerk, city.business_areas.get(name="医疗保险"))
    make_daily_summaries(at(16, 17, 30))

    rows = summary_rows(DailySummary.objects.get(office=city))

    assert ("New cases by channel", "total", 6) in rows
    assert ("New cases by channel", "12345 hotline platform", 0) in rows
    assert ("Closed and escalated", "closed", 1) in rows
    assert ("Open cases by light", "red (overdue)", 3) in rows
    assert ("Ratings given", "bad ratings", 1) in rows
    assert ("New cases by the regular window where the matter failed", "not stated", 1) in rows
    assert ("New cases by business area", "养老保险", 5) in rows
