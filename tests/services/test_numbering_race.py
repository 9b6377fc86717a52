"""Two clerks saving at the same moment never get the same number (PostgreSQL).

The first test shows the race is real by taking the row lock away; the second
shows the lock in `issue_case_number` stops it.
"""

import threading

import pytest
from django.db import IntegrityError, connection
from django.db.models import QuerySet

from cases.models import Case, CaseNumberCounter
from cases.services import case_register

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

CLERKS = 6


def _register_at_once(clerk, pension, *, hold_before_write):
    """Start CLERKS registrations together; each pauses after reading the counter."""
    barrier = threading.Barrier(CLERKS, timeout=2)
    original_save = CaseNumberCounter.save
    numbers, errors = [], []

    def paused_save(self, *args, **kwargs):
        if hold_before_write:
            try:
                barrier.wait()  # everyone has read the last number; now all write
            except threading.BrokenBarrierError:
                pass  # with the lock on, the others are queued and never arrive
        return original_save(self, *args, **kwargs)

    def one():
        try:
            case = case_register(clerk=clerk, channel="window", reporter_name="并发", business_area=pension,
                                 matter="m", failure_reason="r")
            numbers.append(case.number)
        except IntegrityError as error:
            errors.append(error)
        finally:
            connection.close()

    CaseNumberCounter.save = paused_save
    try:
        threads = [threading.Thread(target=one) for _ in range(CLERKS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
    finally:
        CaseNumberCounter.save = original_save
    return numbers, errors


def test_without_the_row_lock_two_clerks_collide(clerk, pension, monkeypatch):
    monkeypatch.setattr(QuerySet, "select_for_update", lambda self, **kwargs: self)
    numbers, errors = _register_at_once(clerk, pension, hold_before_write=True)
    assert errors, "without the lock the clerks read the same last number"
    assert len(numbers) < CLERKS


def test_with_the_row_lock_every_clerk_gets_the_next_number(clerk, pension):
    numbers, errors = _register_at_once(clerk, pension, hold_before_write=True)
    assert errors == []
    assert sorted(numbers) == [f"DD-{numbers[0][3:7]}-{i:06d}" for i in range(1, CLERKS + 1)]
    assert Case.objects.count() == CLERKS
