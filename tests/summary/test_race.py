"""Two workers making the daily summaries at the same moment make each summary once (PostgreSQL).

Both workers are held until each has found the office due and is about to
insert its summary, so the two inserts really meet; the first test shows that
without the unique constraint's refusal both would be made (the race is real),
the second that with it one worker leaves without a trace.
"""

import threading

import pytest
from django.db import connection

from cases.daily_summary import make_daily_summaries
from cases.models import DailySummary, Notification
from cases.services import summary as summary_service

from .conftest import at

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

WORKERS = 2


def _run_at_once(monkeypatch):
    """Run WORKERS jobs at Monday 16, 17:30; each waits for the others right before its insert."""
    monkeypatch.setattr(summary_service.notify, "queue_mail", lambda: None)  # no broker here
    barrier = threading.Barrier(WORKERS, timeout=5)
    original_period = summary_service.summary_period
    reports, errors = [], []

    def period_then_wait(office, day):
        result = original_period(office, day)
        barrier.wait()  # every worker found the day due and is about to insert it
        return result

    monkeypatch.setattr(summary_service, "summary_period", period_then_wait)

    def one():
        try:
            reports.append(make_daily_summaries(at(16, 17, 30)))
        except Exception as error:  # pragma: no cover - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=one) for _ in range(WORKERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return reports, errors


def test_without_the_unique_day_two_workers_both_make_the_summary(city, director, monkeypatch):
    table = DailySummary._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT daily_summary_once_per_office_day")
    try:
        reports, errors = _run_at_once(monkeypatch)
        assert errors == []
        assert sum(r.made for r in reports) == WORKERS, "both workers found the day due and made it"
        assert DailySummary.objects.filter(office=city).count() == WORKERS
    finally:
        DailySummary.objects.all().delete()
        with connection.cursor() as cursor:
            cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT daily_summary_once_per_office_day UNIQUE (office_id, day)")


def test_two_workers_at_once_make_one_summary_and_one_notice_each(city, director, duty_leader, monkeypatch):
    reports, errors = _run_at_once(monkeypatch)
    assert errors == []
    assert sorted((r.made, r.already_made) for r in reports) == [(0, 1), (1, 0)]
    assert DailySummary.objects.filter(office=city).count() == 1
    assert Notification.objects.filter(recipient=director).count() == 1
    assert Notification.objects.filter(recipient=duty_leader).count() == 1
