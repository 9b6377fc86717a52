"""The sweep's work grows with what is due, not with what exists."""

import pytest
import time_machine

from cases.models import Case, Notification, State
from cases.services.dispatch import case_dispatch
from cases.sweep import sweep
from tests.escalation.conftest import at

# A sweep with nothing due: a claim for each of its steps inside a savepoint,
# and the mailer's look for unsent notifications.
NOTHING_DUE = 1  # each step's earliest deadline against now, in a single round trip
# A sweep with a batch of due cases and work orders: the steps above plus one
# query per kind of row written (cases, spans, audit rows, notifications),
# the members of the next tier, and the mail, and a savepoint around each
# batch (a batch that fails is done again row by row); never one per case.
# On SQLite a bulk insert is split every 999 parameters: the hundred notices
# of fifty due cases (ten columns each) take two inserts there, one on PostgreSQL.
SOME_DUE = 41


def _register_many(register, n, moment):
    with time_machine.travel(moment, tick=False):
        return [register(reporter_name=f"群众{i}") for i in range(n)]


def test_a_sweep_with_two_hundred_open_cases_and_none_due_runs_a_few_queries(
        register, leader_all_month, committee, django_assert_max_num_queries):
    _register_many(register, 200, at(16, 10))
    with django_assert_max_num_queries(NOTHING_DUE):
        report = sweep(at(16, 11), mail=True)
    assert (report.escalated, report.warned, report.mailed) == (0, 0, 0)
    assert Case.objects.filter(state=State.TIER1).count() == 200


@pytest.mark.parametrize("due", [5, 50])
def test_the_queries_of_a_sweep_do_not_grow_with_the_cases_due(
        due, register, leader_all_month, committee, department, django_assert_max_num_queries):
    cases = _register_many(register, due, at(16, 10))
    with time_machine.travel(at(16, 10, 30), tick=False):
        for case in cases:
            case_dispatch(case=case, by=leader_all_month, department=department, kind="cannot", instruction="答复")
    _register_many(register, 20, at(19, 10))  # open and not due: must cost nothing
    with django_assert_max_num_queries(SOME_DUE):
        report = sweep(at(19, 17, 1), mail=True)
    # Every due case escalated, every late order flagged; the notices' mail is
    # the mail task's job (queued on commit), not this tick's.
    assert report.escalated == due
    assert report.work_orders_overdue == due
    assert report.mailed == 0
    assert Notification.objects.filter(kind="escalated", emailed_at__isnull=True).count() == 2 * due


def test_a_notice_is_left_to_its_own_mail_task_for_the_grace_period(register, clerk, django_assert_max_num_queries):
    """The mail task sends each notice right after its commit; the sweep mails
    only what that task missed, two minutes on, and a tick before then finds
    nothing to do in its single query."""
    case = _register_many(register, 1, at(16, 10))[0]
    clerk.email = "clerk@example.org"
    clerk.save(update_fields=["email"])
    Notification.objects.create(recipient=clerk, case=case, kind=Notification.Kind.ESCALATED, key="k", message="m",
                                created_at=at(16, 11))
    with django_assert_max_num_queries(NOTHING_DUE):
        assert sweep(at(16, 11, 1), mail=True).mailed == 0
    assert sweep(at(16, 11, 3), mail=True).mailed == 1
