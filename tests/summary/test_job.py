"""The beat job: each office's summary once, at its own summary time, on working days only; missed days caught up."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from cases import daily_summary as job
from cases.daily_summary import make_daily_summaries
from cases.models import AuditEvent, DailySummary, Notification
from cases.services import notify
from cases.services import summary as summary_service
from routing import clock, roles
from routing.models import CalendarDay, Office
from tests.conftest import make_office, make_staff

from .conftest import at


def _days(office):
    return list(DailySummary.objects.filter(office=office).order_by("day").values_list("day", flat=True))


def test_nothing_is_made_before_the_offices_summary_time(city):
    DailySummary.objects.create(office=city, day=at(13, 0).date(), window_start=at(12, 17, 30),
                                window_end=at(13, 17, 30), next_day=at(16, 0).date())
    assert make_daily_summaries(at(16, 17, 29)).made == 0
    assert make_daily_summaries(at(16, 17, 30)).made == 1
    assert _days(city)[-1] == at(16, 0).date()


def test_a_second_run_makes_no_second_summary(city, director):
    assert make_daily_summaries(at(16, 17, 30)).made == 1
    assert make_daily_summaries(at(16, 17, 31)).made == 0
    assert summary_service.daily_summary_make(office=city, day=at(16, 0).date(), now=at(16, 17, 32)) is None
    assert DailySummary.objects.filter(office=city).count() == 1
    assert Notification.objects.filter(recipient=director).count() == 1


def test_the_summary_goes_to_the_next_working_days_duty_leader_and_the_directors(
        city, duty_leader, tomorrows_leader, director, county_director, settings):
    director.email = "director@example.cn"
    director.save()
    make_daily_summaries(at(16, 17, 30))

    summary = DailySummary.objects.get(office=city)
    assert summary.next_day == at(17, 0).date() and summary.duty_leader == tomorrows_leader
    notes = Notification.objects.filter(summary=summary)
    assert sorted(n.recipient.username for n in notes) == ["director", "leader_tue"]
    assert all(n.kind == "daily_summary" and n.case_id is None for n in notes)
    assert "丹东市人社局" in notes[0].message and "2026-11-16" in notes[0].message
    assert AuditEvent.objects.filter(office=city, action="summary.made").count() == 1

    assert notify.send_pending_mail() == 2
    link = settings.PUBLIC_SITE_URL + reverse("cases:summary", args=[summary.pk])
    assert {m.to[0] for m in mail.outbox} == {"director@example.cn", "tue@example.cn"}
    assert all(link in m.body and m.subject.startswith("[DD 2026-11-16]") for m in mail.outbox)


def test_with_nobody_on_the_rota_every_duty_leader_of_the_office_is_told(city, duty_leader, director):
    make_daily_summaries(at(16, 17, 30))
    summary = DailySummary.objects.get(office=city)
    assert summary.duty_leader is None
    assert set(Notification.objects.filter(summary=summary).values_list("recipient__username", flat=True)) == {
        "leader", "director"}


def test_no_summary_is_made_on_a_weekend(city):
    make_daily_summaries(at(13, 17, 30))
    assert make_daily_summaries(at(14, 18)).made == 0  # Saturday
    assert make_daily_summaries(at(15, 23, 59)).made == 0  # Sunday
    assert _days(city) == [at(13, 0).date()]


def test_no_summary_is_made_on_a_holiday_and_the_next_covers_it(city):
    make_daily_summaries(at(17, 17, 30))
    CalendarDay.objects.create(date=at(18, 0).date(), is_working_day=False, kind=CalendarDay.Kind.HOLIDAY, name="临时假日")
    clock.invalidate_cache()
    assert make_daily_summaries(at(18, 18)).made == 0
    assert make_daily_summaries(at(19, 17, 30)).made == 1
    thursday = DailySummary.objects.get(office=city, day=at(19, 0).date())
    assert thursday.window_start == at(17, 17, 30)  # Tuesday's summary moment: Wednesday is inside


def test_missed_days_are_made_on_the_next_run_oldest_first_each_with_its_own_period(city):
    make_daily_summaries(at(16, 17, 30))
    # The worker was down from Monday night to Thursday morning.
    report = make_daily_summaries(at(19, 9))
    assert report.made == 2
    summaries = list(DailySummary.objects.filter(office=city).order_by("day"))
    assert [s.day for s in summaries] == [at(16, 0).date(), at(17, 0).date(), at(18, 0).date()]
    assert [(s.window_start, s.window_end) for s in summaries[1:]] == [
        (at(16, 17, 30), at(17, 17, 30)), (at(17, 17, 30), at(18, 17, 30))]


def test_catching_up_is_bounded_and_a_new_office_starts_with_its_latest_day(city):
    assert make_daily_summaries(at(16, 17, 30)).made == 1  # no summary yet: only the day due now
    assert make_daily_summaries(at(30, 17, 30, month=12)).made == job.CATCH_UP_WORKING_DAYS
    assert _days(city)[-1] == at(30, 0, month=12).date()


def test_a_run_that_fails_half_way_leaves_nothing_and_the_next_run_makes_it(city, director, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(summary_service, "daily_figures", broken)
    report = make_daily_summaries(at(16, 17, 30))
    assert report.made == 0 and len(report.failed) == 1
    assert not DailySummary.objects.exists() and not Notification.objects.exists()

    monkeypatch.undo()
    assert make_daily_summaries(at(16, 17, 31)).made == 1
    assert Notification.objects.filter(recipient=director).count() == 1


def test_each_office_summarises_at_its_own_summary_time_on_its_own_clock(city):
    west = make_office("XJ", "乌鲁木齐市人社局")
    west.timezone = "Asia/Urumqi"  # UTC+6: two hours behind Beijing
    west.daily_summary_at = datetime.time(17, 0)
    west.save()
    city.daily_summary_at = datetime.time(18, 0)
    city.save()

    make_daily_summaries(at(16, 18))  # Beijing 18:00 is 16:00 in Urumqi
    assert _days(city) == [at(16, 0).date()] and _days(west) == [at(13, 0).date()]
    make_daily_summaries(at(16, 19))  # 17:00 in Urumqi
    assert _days(west) == [at(13, 0).date(), at(16, 0).date()]
    summary = DailySummary.objects.get(office=west, day=at(16, 0).date())
    assert summary.window_end == at(16, 19)


def test_the_summary_time_is_validated(city):
    city.daily_summary_at = datetime.time(7, 0)  # before the office opens at 08:30
    with pytest.raises(ValidationError) as refused:
        city.full_clean()
    assert "daily_summary_at" in refused.value.message_dict
    city.daily_summary_at = datetime.time(17, 30, 15)
    with pytest.raises(ValidationError):
        city.full_clean()
    city.daily_summary_at = datetime.time(17, 45)
    city.full_clean()


def test_the_admin_shows_the_summary_time(client, city):
    client.force_login(make_staff("root", city, roles.ADMINISTRATOR, is_staff=True, is_superuser=True))
    page = client.get(reverse("admin:routing_office_change", args=[city.pk])).content.decode()
    assert 'name="daily_summary_at"' in page and 'value="17:30"' in page


def test_an_idle_run_costs_one_query_for_fifty_offices(city, django_assert_num_queries):
    for n in range(49):
        Office.objects.create(code=f"T{n:02d}", name=f"测试局{n}", parent=city)
    make_daily_summaries(at(16, 17, 30))
    clock.is_working_day(at(16, 0).date())  # the calendar is cached per process
    with django_assert_num_queries(1):
        assert make_daily_summaries(at(16, 17, 45)).made == 0


def test_the_beat_schedule_runs_the_job_every_minute(settings):
    from cases import tasks

    entries = [e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == "cases.make_daily_summaries"]
    assert len(entries) == 1 and entries[0]["schedule"] <= 60
    assert tasks.daily_summaries.name == "cases.make_daily_summaries"


def test_a_run_makes_at_most_its_limit_oldest_days_first_and_the_next_run_goes_on(city, county):
    make_daily_summaries(at(16, 17, 30))
    report = make_daily_summaries(at(19, 17, 30), limit=3)  # Tue, Wed, Thu due for two offices
    assert (report.made, report.left) == (3, 3)
    assert _days(city)[1:] == [at(17, 0).date(), at(18, 0).date()] and _days(county)[1:] == [at(17, 0).date()]
    report = make_daily_summaries(at(19, 17, 31), limit=3)
    assert (report.made, report.left) == (3, 0)
    assert _days(city) == _days(county) == [at(d, 0).date() for d in (16, 17, 18, 19)]


def test_the_command_makes_what_is_due_as_of_a_moment(city):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("make_daily_summaries", "--now", "2026-11-16T17:30+08:00", stdout=out)
    assert "made=1" in out.getvalue()
    assert _days(city) == [at(16, 0).date()]
