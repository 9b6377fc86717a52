"""Two clerks triaging the same web report at the same moment: one decision, one refusal (PostgreSQL).

The first test shows the race is real by taking the row lock away; the second
shows the lock in `services.triage` stops it.
"""

import threading

import pytest
from django.db import connection
from django.db.models import QuerySet

from cases.models import AuditEvent, Case
from cases.services import CaseActionError
from cases.services import triage

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _triage_at_once(report, clerks, monkeypatch):
    """Each clerk accepts the report; each pauses after finding it still pending."""
    barrier = threading.Barrier(len(clerks), timeout=2)
    original_check = triage._check_pending
    done, refused = [], []

    def paused_check(report, by):
        checked = original_check(report, by)
        try:
            barrier.wait()  # everyone has seen "pending"; now all decide
        except threading.BrokenBarrierError:
            pass  # with the lock on, the others are queued and never arrive
        return checked

    def one(clerk):
        try:
            triage.web_report_accept(report=report, by=clerk)
            done.append(clerk)
        except CaseActionError:
            refused.append(clerk)
        finally:
            connection.close()

    monkeypatch.setattr(triage, "_check_pending", paused_check)
    threads = [threading.Thread(target=one, args=[clerk]) for clerk in clerks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return done, refused


def test_without_the_row_lock_two_clerks_both_triage_the_report(web_report, clerk, other_clerk, monkeypatch):
    report = web_report()
    monkeypatch.setattr(QuerySet, "select_for_update", lambda self, **kwargs: self)
    done, refused = _triage_at_once(report, [clerk, other_clerk], monkeypatch)
    assert len(done) == 2 and refused == []
    assert AuditEvent.objects.filter(case=report, action="case.web_report_accepted").count() == 2


def test_with_the_row_lock_one_clerk_triages_and_the_other_is_refused(web_report, clerk, other_clerk, monkeypatch):
    report = web_report()
    done, refused = _triage_at_once(report, [clerk, other_clerk], monkeypatch)
    assert len(done) == 1 and len(refused) == 1
    assert AuditEvent.objects.filter(case=report, action="case.web_report_accepted").count() == 1
    assert Case.objects.get(pk=report.pk).triaged_by == done[0]
