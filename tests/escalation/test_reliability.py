"""The engine survives what goes wrong in production.

Each race is first shown to happen with the protection taken away, then to be
stopped by it (the pattern of tests/services/test_numbering_race.py). Threads
meet at a barrier placed after they have read the cases and before they write;
with the row lock on, one of them is kept out, never reaches the barrier, and
the other goes on when the barrier times out.
"""

import logging
import threading
import time

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.db.models import Count, QuerySet
from django.utils import translation
from django.utils.translation import gettext

from cases import sweep as sweep_module
from cases.models import AuditEvent, Case, Notification, State, TierSpan
from cases.services import CaseActionError, tiers
from cases.services.dispatch import case_dispatch, work_order_answer, work_order_sign
from cases.services import escalation
from cases.services.escalation import case_escalate
from cases.sweep import sweep
from routing.models import User
from tests.celery_worker import forget_broker_connections as _forget_broker_connections
from tests.escalation.conftest import at

HOLD = 2  # seconds a thread waits at the barrier for a partner that may never come
DUE = at(17, 17)  # every case below is registered on Monday 16th at 10:00
AFTER_DUE = at(17, 17, 1)


def _wait(barrier):
    try:
        barrier.wait()
    except threading.BrokenBarrierError:
        pass  # the partner is kept out by the row lock: go on alone


def _escalation_rows():
    return AuditEvent.objects.filter(action="case.escalated")


def _no_lock(monkeypatch):
    monkeypatch.setattr(QuerySet, "select_for_update", lambda self, *args, **kwargs: self)


# --- two sweeps at once -------------------------------------------------------------

DUE_CASES = 60


def _two_sweeps_at_once(monkeypatch):
    """Two sweeps (two beats by mistake) over the same due cases, in two threads;
    their reports, and the ids of the cases each one read to escalate."""
    barrier = threading.Barrier(2, timeout=HOLD)
    original = sweep_module._escalate_batch
    read = {}

    def read_then_wait(batch, now):
        read.setdefault(threading.get_ident(), set()).update(case.pk for case in batch)
        _wait(barrier)  # both sweeps have read their batch; now both write
        return original(batch, now)

    monkeypatch.setattr(sweep_module, "_escalate_batch", read_then_wait)
    reports, errors = [], []

    def one_sweep():
        try:
            reports.append(sweep(AFTER_DUE, batch_size=10, mail=False))
        except Exception as error:  # pragma: no cover - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=one_sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    return reports, list(read.values())


@pytest.fixture
def due_cases(register_at, leader_all_month, committee):
    return [register_at(at(16, 10), reporter_name=f"群众{i}") for i in range(DUE_CASES)]


def _escalated_exactly_once(committee):
    assert set(Case.objects.values_list("state", flat=True)) == {State.TIER2}
    per_case = _escalation_rows().values("case").annotate(n=Count("id"))
    assert sorted(row["n"] for row in per_case) == [1] * DUE_CASES
    assert TierSpan.objects.count() == 2 * DUE_CASES
    notes = Notification.objects.filter(kind="escalated").values("case", "recipient").annotate(n=Count("id"))
    assert len(notes) == DUE_CASES * len(committee)
    assert {row["n"] for row in notes} == {1}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_without_the_row_lock_two_sweeps_read_the_same_cases_and_one_loses_its_work(due_cases, committee, monkeypatch):
    _no_lock(monkeypatch)
    reports, read = _two_sweeps_at_once(monkeypatch)
    assert read[0] & read[1], "without the lock both sweeps read the same due cases"
    # The escalation's compare-and-set on the state refuses the second write of
    # a case, so nothing is done twice, but the loser's batch was wasted.
    assert sum(r.escalated for r in reports) == DUE_CASES
    _escalated_exactly_once(committee)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_with_the_row_lock_two_sweeps_escalate_each_due_case_exactly_once(due_cases, committee, monkeypatch):
    reports, read = _two_sweeps_at_once(monkeypatch)
    # Both sweeps worked, on different cases.
    assert all(r.escalated > 0 for r in reports)
    assert not read[0] & read[1]
    assert sum(r.escalated for r in reports) == DUE_CASES
    assert all(r.failed == [] for r in reports)
    _escalated_exactly_once(committee)


# --- a human and the timer on one case -------------------------------------------------


def _human_and_timer(case, leader, monkeypatch, *, first):
    """The duty leader escalates by hand while the sweep finds the case due.

    Each side pauses after reading the case; the sweep then waits for the
    leader to finish, so without the lock the leader writes first and the
    sweep, acting on what it read, writes over it.
    """
    barrier = threading.Barrier(2, timeout=HOLD)
    holding = {"sweep": threading.Event(), "human": threading.Event()}
    human_done = threading.Event()
    outcome = {}
    original_batch, original_check = sweep_module._escalate_batch, escalation.check_expected_state

    def sweep_batch(batch, now):
        outcome.setdefault("sweep_read", [case.pk for case in batch])
        holding["sweep"].set()
        _wait(barrier)
        human_done.wait(HOLD)
        return original_batch(batch, now)

    def human_read(locked_case, expected_state):
        holding["human"].set()
        _wait(barrier)
        return original_check(locked_case, expected_state)

    monkeypatch.setattr(sweep_module, "_escalate_batch", sweep_batch)
    monkeypatch.setattr(escalation, "check_expected_state", human_read)
    monkeypatch.setattr(tiers, "now", lambda: AFTER_DUE)

    def run_sweep():
        try:
            outcome["sweep"] = sweep(AFTER_DUE, mail=False)
        finally:
            holding["sweep"].set()
            connection.close()

    def run_human():
        try:
            outcome["human"] = case_escalate(case=case, by=leader, reason="太复杂", expected_state="tier1")
        except CaseActionError as refused:
            outcome["human"] = refused
        finally:
            human_done.set()
            holding["human"].set()
            connection.close()

    threads = {"sweep": threading.Thread(target=run_sweep), "human": threading.Thread(target=run_human)}
    second = "human" if first == "sweep" else "sweep"
    threads[first].start()
    assert holding[first].wait(30)
    threads[second].start()
    for thread in threads.values():
        thread.join(60)
    return outcome


@pytest.fixture
def one_due_case(register_at, leader_all_month, committee):
    return register_at(at(16, 10))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_without_the_row_lock_the_timer_reads_a_case_the_leader_is_escalating(one_due_case, leader_all_month, monkeypatch):
    _no_lock(monkeypatch)
    outcome = _human_and_timer(one_due_case, leader_all_month, monkeypatch, first="human")
    assert not isinstance(outcome["human"], CaseActionError)
    assert outcome["sweep_read"] == [one_due_case.pk], "without the lock the timer takes up a case the leader holds"
    # The compare-and-set on the state still keeps it from escalating the case again.
    assert outcome["sweep"].escalated == 0
    assert _escalation_rows().count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_when_the_timer_holds_the_case_the_leader_is_told_it_changed(one_due_case, leader_all_month, monkeypatch):
    outcome = _human_and_timer(one_due_case, leader_all_month, monkeypatch, first="sweep")
    assert outcome["sweep"].escalated == 1
    assert isinstance(outcome["human"], CaseActionError)
    # The leader's request ran in its own thread, in the deployment's language.
    with translation.override(settings.LANGUAGE_CODE):
        expected = gettext("This case changed while you were working on it: it is now “%(state)s”. "
                           "Please check it and try again.") % {"state": State.TIER2.label}
    assert outcome["human"].message == expected
    event = _escalation_rows().get()
    assert event.actor is None
    assert Case.objects.get(pk=one_due_case.pk).state == State.TIER2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_when_the_leader_holds_the_case_the_timer_leaves_it(one_due_case, leader_all_month, monkeypatch):
    outcome = _human_and_timer(one_due_case, leader_all_month, monkeypatch, first="human")
    assert outcome["sweep"].escalated == 0
    assert outcome["human"].state == State.TIER2
    event = _escalation_rows().get()
    assert event.actor == leader_all_month
    # The next tick finds a running tier-2 clock, nothing due.
    assert sweep(at(17, 17, 2), mail=False).escalated == 0
    assert _escalation_rows().count() == 1


# --- a case that cannot be escalated ---------------------------------------------------


def test_a_case_whose_escalation_fails_does_not_stop_the_others_and_is_retried(
        register_at, leader_all_month, committee, monkeypatch, caplog):
    cases = [register_at(at(16, 10), reporter_name=f"群众{i}") for i in range(3)]
    broken = cases[1]
    original = escalation._move

    def move(case, **kwargs):
        if case.pk == broken.pk:
            raise RuntimeError("disk full")
        return original(case, **kwargs)

    monkeypatch.setattr(escalation, "_move", move)
    with caplog.at_level(logging.ERROR, logger="cases.sweep"):
        report = sweep(AFTER_DUE, mail=False)
    assert report.escalated == 2
    assert [number for number, _error in report.failed] == [broken.number]
    assert "disk full" in report.failed[0][1]
    assert broken.number in caplog.text
    states = dict(Case.objects.values_list("pk", "state"))
    assert [states[c.pk] for c in cases] == [State.TIER2, State.TIER1, State.TIER2]
    # Nothing half-done is left of the failed case.
    assert not AuditEvent.objects.filter(case=broken, action="case.escalated").exists()
    assert TierSpan.objects.filter(case=broken).count() == 1
    assert not Notification.objects.filter(case=broken, kind="escalated").exists()

    monkeypatch.setattr(escalation, "_move", original)  # the fault is gone
    later = sweep(at(17, 17, 2), mail=False)
    assert (later.escalated, later.failed) == (1, [])
    broken.refresh_from_db()
    assert broken.state == State.TIER2
    assert broken.tier_entered_at == DUE  # its tier-2 time still starts when tier 1 ran out
    assert AuditEvent.objects.filter(action="case.escalated").count() == 3


def test_the_sweep_command_reports_a_failed_case_on_stderr(register_at, leader_all_month, committee, monkeypatch, capsys):
    from django.core.management import call_command

    case = register_at(at(16, 10))
    monkeypatch.setattr(escalation, "_move", lambda *args, **kwargs: (_ for _ in ()).throw(RuntimeError("disk full")))
    call_command("sweep_deadlines", "--now", AFTER_DUE.isoformat(), "--no-mail")
    captured = capsys.readouterr()
    assert "failed=1" in captured.out
    assert case.number in captured.err and "disk full" in captured.err


# --- Redis down -------------------------------------------------------------------------

CLOSED_PORT = "redis://127.0.0.1:6399/0"


@pytest.fixture
def broker_down(settings):
    from windowdesk.celery import app

    saved = app.conf.broker_url, app.conf.broker_transport_options
    settings.CELERY_BROKER_URL = CLOSED_PORT
    app.conf.broker_url, app.conf.broker_transport_options = CLOSED_PORT, {}
    _forget_broker_connections(app)
    yield
    app.conf.broker_url, app.conf.broker_transport_options = saved
    _forget_broker_connections(app)


def _quick(action):
    """Run `action` and fail if it hangs on the broker (a guard, not a timing test)."""
    started = time.monotonic()
    result = action()
    assert time.monotonic() - started < 5
    return result


@pytest.mark.django_db(transaction=True)
def test_with_redis_down_the_window_keeps_working_and_the_next_sweep_mails_and_catches_up(
        broker_down, register, leader_all_month, committee, department, section_head, caplog, mailoutbox):
    User.objects.filter(pk__in=[leader_all_month.pk, section_head.pk]).update(email="staff@example.cn")
    leader = User.objects.get(pk=leader_all_month.pk)
    head = User.objects.get(pk=section_head.pk)

    with caplog.at_level(logging.WARNING, logger="cases.services.notify"), time_machine.travel(at(16, 10), tick=False):
        case = _quick(lambda: register())
        order = _quick(lambda: case_dispatch(case=case, by=leader, department=department, kind="cannot", instruction="答复"))
        _quick(lambda: work_order_sign(order=order, by=head))
        _quick(lambda: work_order_answer(order=order, by=head, answer="已答复"))
        _quick(lambda: case_escalate(case=case, by=leader, reason="太复杂"))
        waiting = _quick(lambda: register(reporter_name="李四"))  # falls due while the broker is down
    assert "Could not queue notification mail" in caplog.text  # the broker really was unreachable

    # Nothing lost: every notice is in the inbox, none mailed yet.
    notes = Notification.objects.all()
    assert sorted(notes.values_list("kind", flat=True)) == ["answered", "dispatched", "escalated", "escalated"]
    assert not notes.filter(emailed_at__isnull=False).exists()
    assert mailoutbox == []

    with time_machine.travel(at(17, 17, 1), tick=False):
        report = _quick(lambda: sweep(mail=True))
    assert report.escalated == 1
    assert Case.objects.get(pk=waiting.pk).state == State.TIER2
    # The four notices from before the outage went out with this sweep; the
    # committee's two for the case that just fell due wait for the mail task,
    # or (its queueing having failed too) for the sweep after the grace period.
    assert len(mailoutbox) == report.mailed == 4
    with time_machine.travel(at(17, 20), tick=False):
        later = _quick(lambda: sweep(mail=True))
    assert later.mailed == 2
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        ["staff@example.cn"] * 2 + ["committee@example.cn", "committee2@example.cn"] * 2)
