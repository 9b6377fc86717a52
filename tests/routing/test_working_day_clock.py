import datetime
from zoneinfo import ZoneInfo

import pytest

from routing import clock
from routing.models import CalendarDay, CalendarYear

pytestmark = pytest.mark.django_db

BEIJING = ZoneInfo("Asia/Shanghai")


def at(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text).replace(tzinfo=BEIJING)


def due(start: str, days: int) -> str:
    return clock.add_working_days(at(start), days).isoformat()


# --- The official calendar (2026, seeded from chinese-calendar) ---------------


def test_the_issue_example_ends_on_the_make_up_saturday_after_national_day():
    assert due("2026-09-30T16:00", 3) == "2026-10-10T17:00:00+08:00"


def test_a_start_on_a_national_day_holiday_counts_from_the_first_working_day_after_it():
    assert due("2026-10-03T10:00", 1) == "2026-10-08T17:00:00+08:00"
    assert due("2026-10-09T10:00", 1) == "2026-10-10T17:00:00+08:00"
    assert due("2026-10-10T10:00", 1) == "2026-10-12T17:00:00+08:00"


def test_national_day_week_2026_is_off_and_its_make_up_days_are_on():
    week = [datetime.date(2026, 10, d) for d in range(1, 8)]
    assert not any(clock.is_working_day(d) for d in week)
    assert clock.is_working_day(datetime.date(2026, 9, 20))  # Sunday, make-up
    assert clock.is_working_day(datetime.date(2026, 10, 10))  # Saturday, make-up


def test_spring_festival_2026_skips_the_holiday_and_counts_its_make_up_saturdays():
    assert clock.is_working_day(datetime.date(2026, 2, 14))
    assert clock.is_working_day(datetime.date(2026, 2, 28))
    assert not any(clock.is_working_day(datetime.date(2026, 2, d)) for d in range(15, 24))
    assert due("2026-02-13T10:00", 1) == "2026-02-14T17:00:00+08:00"
    assert due("2026-02-14T10:00", 1) == "2026-02-24T17:00:00+08:00"
    assert due("2026-02-26T10:00", 2) == "2026-02-28T17:00:00+08:00"


def test_the_day_of_the_start_is_not_counted_whatever_the_hour():
    assert due("2026-11-10T08:00", 1) == "2026-11-11T17:00:00+08:00"
    assert due("2026-11-10T20:00", 1) == "2026-11-11T17:00:00+08:00"


def test_a_saturday_start_plus_one_day_ends_at_mondays_close():
    assert due("2026-11-14T10:00", 1) == "2026-11-16T17:00:00+08:00"


def test_a_zero_day_limit_ends_today_or_at_the_next_working_close():
    assert due("2026-11-10T10:00", 0) == "2026-11-10T17:00:00+08:00"
    assert due("2026-11-10T18:00", 0) == "2026-11-11T17:00:00+08:00"


def test_a_naive_or_utc_start_is_read_in_the_offices_zone():
    naive = datetime.datetime(2026, 9, 30, 16, 0)
    utc = datetime.datetime(2026, 9, 30, 8, 0, tzinfo=datetime.UTC)
    assert clock.add_working_days(naive, 3) == clock.add_working_days(utc, 3) == at("2026-10-10T17:00")


def test_office_hours_of_the_office_set_the_close():
    hours = clock.OfficeHours(afternoon_closes=datetime.time(17, 30))
    assert clock.add_working_days(at("2026-09-30T16:00"), 3, hours).isoformat() == "2026-10-10T17:30:00+08:00"


def test_a_negative_limit_is_refused():
    with pytest.raises(ValueError):
        clock.add_working_days(at("2026-11-10T10:00"), -1)


# --- A year not yet published (2027) -----------------------------------------


def test_a_2027_deadline_never_falls_on_a_statutory_holiday():
    statutory = set(clock.statutory_holidays(2027))
    assert datetime.date(2027, 1, 1) in statutory
    assert {datetime.date(2027, 2, d) for d in range(5, 11)} <= statutory
    start = at("2026-12-20T10:00")
    while start < at("2027-02-20T10:00"):
        for days in (1, 3, 5):
            assert clock.add_working_days(start, days).date() not in statutory
        start += datetime.timedelta(days=1)


def test_new_years_eve_plus_one_day_skips_new_years_day_2027_and_the_weekend():
    assert due("2026-12-31T10:00", 1) == "2027-01-04T17:00:00+08:00"
    assert due("2027-02-04T10:00", 1) == "2027-02-11T17:00:00+08:00"


def test_an_unpublished_year_is_reported_as_guessed():
    assert not clock.is_year_published(2027)
    assert clock.is_year_published(2026)
    assert clock.guessed_years([datetime.date(2026, 12, 31), datetime.date(2027, 1, 4)]) == [2027]
    assert clock.guessed_years([datetime.date(2026, 1, 1)]) == []


def test_publishing_a_year_drops_the_estimate_and_its_rows_rule():
    # The official 2027 notice could, say, move a day: once published only rows count.
    CalendarDay.objects.create(date=datetime.date(2027, 2, 20), is_working_day=True, kind="makeup", name="春节")
    assert clock.is_working_day(datetime.date(2027, 2, 20))
    assert not clock.is_working_day(datetime.date(2027, 2, 8))  # estimated holiday
    CalendarYear.objects.create(year=2027, published=True)
    assert clock.is_working_day(datetime.date(2027, 2, 8))  # no row: plain Monday
    assert clock.guessed_years([datetime.date(2027, 3, 1)]) == []


@pytest.mark.parametrize("year", [1, 1900, 1950, 2100, 2999])
def test_far_years_do_not_crash(year):
    start = datetime.datetime(year, 6, 1, 10, 0, tzinfo=BEIJING)
    end = clock.add_working_days(start, 5)
    assert end > start
    assert clock.working_seconds_between(start, end) > 0
    assert clock.light(start=start, due=end, now=start) == clock.GREEN
    assert clock.is_working_day(datetime.date(year, 10, 2)) in (True, False)
    assert year in clock.guessed_years([start])


def test_the_end_of_time_is_a_calendar_error_not_a_crash_loop():
    with pytest.raises(clock.CalendarError):
        clock.add_working_days(datetime.datetime(9999, 12, 30, tzinfo=BEIJING), 5)


def test_a_calendar_with_no_working_day_stops_instead_of_hanging(monkeypatch):
    monkeypatch.setattr(clock, "is_working_day", lambda day: False)
    with pytest.raises(clock.CalendarError):
        clock.add_working_days(at("2026-11-10T10:00"), 1)
    with pytest.raises(clock.CalendarError):
        clock.shift_by_working_time(at("2026-11-10T10:00"), 3600)


# --- Calendar changes and the cache ------------------------------------------


def test_entering_a_make_up_day_changes_the_deadline_and_sends_calendar_changed(changes_sent):
    assert due("2026-11-13T10:00", 1) == "2026-11-16T17:00:00+08:00"
    CalendarDay.objects.create(date=datetime.date(2026, 11, 14), is_working_day=True, kind="makeup", name="测试")
    assert due("2026-11-13T10:00", 1) == "2026-11-14T17:00:00+08:00"
    assert changes_sent == [[datetime.date(2026, 11, 14)]]


def test_deleting_a_holiday_sends_calendar_changed_and_reopens_the_day(changes_sent):
    CalendarDay.objects.get(date=datetime.date(2026, 10, 2)).delete()
    assert clock.is_working_day(datetime.date(2026, 10, 2))
    assert changes_sent == [[datetime.date(2026, 10, 2)]]


def test_saving_a_year_sends_every_day_of_it(changes_sent):
    CalendarYear.objects.create(year=2027, published=True)
    assert len(changes_sent) == 1
    assert changes_sent[0][0] == datetime.date(2027, 1, 1)
    assert changes_sent[0][-1] == datetime.date(2027, 12, 31)
    assert len(changes_sent[0]) == 365


def test_a_change_from_another_process_is_seen_after_the_cache_expires():
    assert clock.is_working_day(datetime.date(2026, 11, 14)) is False
    # bulk_create sends no signal, like a write made by another process.
    CalendarDay.objects.bulk_create([CalendarDay(date=datetime.date(2026, 11, 14), is_working_day=True, kind="makeup")])
    assert clock.is_working_day(datetime.date(2026, 11, 14)) is False
    clock._years[2026].loaded_at -= clock.CACHE_SECONDS + 1
    assert clock.is_working_day(datetime.date(2026, 11, 14)) is True


def test_fifty_lights_cost_a_few_queries_not_fifty(django_assert_max_num_queries):
    starts = [at("2026-11-02T09:00") + datetime.timedelta(hours=7 * i) for i in range(50)]
    with django_assert_max_num_queries(4):
        for start in starts:
            end = clock.add_working_days(start, 3)
            clock.light(start=start, due=end, now=at("2026-11-20T10:00"))


# --- Office-hour time and lights -----------------------------------------------


def test_working_seconds_skip_the_lunch_break():
    assert clock.working_seconds_between(at("2026-11-10T11:00"), at("2026-11-10T14:00")) == 2 * 3600


def test_working_seconds_skip_nights_and_the_weekend_and_are_negative_backwards():
    friday, monday = at("2026-11-13T16:00"), at("2026-11-16T09:30")
    assert clock.working_seconds_between(friday, monday) == 2 * 3600
    assert clock.working_seconds_between(monday, friday) == -2 * 3600
    assert clock.working_seconds_between(friday, friday) == 0


def test_working_seconds_skip_a_holiday():
    assert clock.working_seconds_between(at("2026-09-30T16:00"), at("2026-10-08T09:30")) == 2 * 3600


# start Monday 08:30, due Tuesday 17:00: two days of 7.5 office hours = 54,000 s; 30% = 16,200 s.
LIGHT_START, LIGHT_DUE = "2026-11-09T08:30", "2026-11-10T17:00"


def light_at(now: str) -> str:
    return clock.light(start=at(LIGHT_START), due=at(LIGHT_DUE), now=at(now))


def test_light_is_green_with_31_percent_left():
    assert clock.working_seconds_between(at("2026-11-10T11:21:00"), at(LIGHT_DUE)) == 16740  # 31%
    assert light_at("2026-11-10T11:21:00") == clock.GREEN


def test_light_is_still_green_with_exactly_30_percent_left():
    assert clock.working_seconds_between(at("2026-11-10T11:30:00"), at(LIGHT_DUE)) == 16200
    assert light_at("2026-11-10T11:30:00") == clock.GREEN


def test_light_turns_yellow_with_29_percent_left():
    assert clock.working_seconds_between(at("2026-11-10T11:39:00"), at(LIGHT_DUE)) == 15660  # 29%
    assert light_at("2026-11-10T11:39:00") == clock.YELLOW


def test_light_is_yellow_at_the_due_moment_and_red_just_after():
    assert light_at("2026-11-10T17:00:00") == clock.YELLOW
    assert light_at("2026-11-10T17:00:01") == clock.RED


def test_light_is_green_at_the_start_and_over_the_night_before_the_first_counted_day():
    assert clock.light(start=at("2026-11-13T20:00"), due=at("2026-11-16T17:00"), now=at("2026-11-14T10:00")) == clock.GREEN


# --- Moving a deadline by a pause ----------------------------------------------


def test_shift_moves_a_close_into_the_next_working_morning():
    assert clock.shift_by_working_time(at("2026-11-10T17:00"), 2 * 3600) == at("2026-11-11T10:30")


def test_shift_jumps_over_lunch_weekend_and_holidays():
    assert clock.shift_by_working_time(at("2026-11-10T11:30"), 3600) == at("2026-11-10T13:30")
    assert clock.shift_by_working_time(at("2026-11-13T16:30"), 3600) == at("2026-11-16T09:00")
    assert clock.shift_by_working_time(at("2026-09-30T17:00"), 3600) == at("2026-10-08T09:30")


def test_shift_that_uses_up_a_period_ends_at_its_close():
    assert clock.shift_by_working_time(at("2026-11-10T11:00"), 3600) == at("2026-11-10T12:00")
    assert clock.shift_by_working_time(at("2026-11-10T17:00"), 7 * 3600 + 1800) == at("2026-11-11T17:00")


def test_shift_gives_back_exactly_the_working_time_it_measures():
    due = at("2026-09-29T15:10")
    shifted = clock.shift_by_working_time(due, 12345)
    assert clock.working_seconds_between(due, shifted) == 12345


def test_shift_by_nothing_keeps_the_deadline():
    assert clock.shift_by_working_time(at("2026-11-10T17:00"), 0) == at("2026-11-10T17:00")


# --- One deadline: its due and its warning moment ------------------------------


def test_the_warning_moment_is_the_first_whole_second_with_less_than_30_percent_left():
    warn = clock.warning_moment(at(LIGHT_START), at(LIGHT_DUE))
    assert warn == at("2026-11-10T11:30:01")
    assert light_at("2026-11-10T11:30:00.999999") == clock.GREEN
    assert light_at("2026-11-10T11:30:01") == clock.YELLOW


@pytest.mark.parametrize("start", ["2026-11-09T08:30:00", "2026-11-09T10:17:23.456789", "2026-11-13T20:00",
                                   "2026-09-30T16:00:00.000001", "2026-11-10T16:59:59.5"])
@pytest.mark.parametrize("days", [0, 1, 3, 5])
def test_the_light_turns_yellow_exactly_at_the_warning_moment_of_the_deadline(start, days):
    start = datetime.datetime.fromisoformat(start).replace(tzinfo=BEIJING)
    due, warn = clock.deadline(start, days)
    assert due == clock.add_working_days(start, days)
    assert clock.light(start=start, due=due, now=warn) == clock.YELLOW
    assert clock.light(start=start, due=due, now=warn - datetime.timedelta(microseconds=1)) == clock.GREEN


def test_a_stopped_clock_moves_the_due_and_the_warning_moment_together():
    start = at("2026-11-09T08:30")
    plain, paused = clock.deadline(start, 2), clock.deadline(start, 2, paused_seconds=3600)
    assert paused.due == clock.shift_by_working_time(plain.due, 3600)
    assert paused.warn > plain.warn
    assert clock.light(start=start, due=paused.due, now=paused.warn) == clock.YELLOW


def test_a_granted_deadline_keeps_its_moment_and_gets_its_own_warning():
    start, until = at("2026-11-09T08:30"), at("2026-11-20T17:00")
    due, warn = clock.deadline(start, 2, granted=until)
    assert due == until
    assert warn == clock.warning_moment(start, until)
