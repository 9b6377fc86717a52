"""The deadline sweep: a tier whose time ran out moves the case up, exactly once."""

import datetime

import pytest
import time_machine
from django.core.management import call_command

from cases.models import AuditEvent, Case, Notification, State, TierSpan
from cases.services import CaseActionError, escalation
from cases.services.escalation import case_escalate
from cases.sweep import sweep
from routing import clock
from tests.escalation.conftest import at


def _escalations(case):
    return AuditEvent.objects.filter(case=case, action="case.escalated")


def test_the_sweep_a_minute_before_the_deadline_does_nothing(register_at, leader_all_month, committee):
    case = register_at(at(16, 10))
    report = sweep(at(17, 16, 59), mail=False)
    assert report.escalated == 0
    case.refresh_from_db()
    assert case.state == State.TIER1
    assert not _escalations(case).exists()
    assert not Notification.objects.filter(kind="escalated").exists()


def test_the_sweep_a_minute_after_the_deadline_moves_the_case_to_the_committee(register_at, leader_all_month, committee):
    case = register_at(at(16, 10))
    report = sweep(at(17, 17, 1), mail=False)
    assert report.escalated == 1
    case.refresh_from_db()
    assert case.state == State.TIER2
    # Three working days counted from the moment tier 1 ran out.
    assert case.tier_entered_at == at(17, 17)
    assert case.due_at == at(20, 17)


def test_a_timer_escalation_closes_one_span_and_opens_one(register_at, leader_all_month, committee):
    case = register_at(at(16, 10))
    sweep(at(17, 17, 1), mail=False)
    spans = list(TierSpan.objects.filter(case=case).values_list("tier", "entered_at", "due_at", "left_at", "exit", "left_by"))
    assert spans == [
        (State.TIER1, at(16, 10), at(17, 17), at(17, 17), TierSpan.Exit.ESCALATED_BY_TIMER, None),
        (State.TIER2, at(17, 17), at(20, 17), None, "", None),
    ]


def test_a_timer_escalation_writes_one_audit_row_without_an_actor(register_at, leader_all_month, committee):
    case = register_at(at(16, 10))
    sweep(at(17, 17, 1), mail=False)
    event = _escalations(case).get()
    assert (event.actor, event.from_state, event.to_state) == (None, State.TIER1, State.TIER2)
    assert event.data["timer"] is True


def test_a_timer_escalation_notifies_each_committee_member_once(register_at, leader_all_month, committee, director):
    case = register_at(at(16, 10))
    sweep(at(17, 17, 1), mail=False)
    notes = Notification.objects.filter(case=case, kind="escalated")
    assert sorted(n.recipient.username for n in notes) == ["committee", "committee2"]
    assert "2026-11-20 17:00" in notes[0].message


def test_a_second_sweep_after_the_escalation_does_nothing_more(register_at, leader_all_month, committee):
    case = register_at(at(16, 10))
    sweep(at(17, 17, 1), mail=False)
    again = sweep(at(17, 17, 2), mail=False)
    assert again.escalated == 0
    assert _escalations(case).count() == 1
    assert TierSpan.objects.filter(case=case).count() == 2
    assert Notification.objects.filter(case=case, kind="escalated").count() == 2


def test_the_first_escalation_is_dated_when_tier_one_ran_out(register_at, leader_all_month, committee):
    case = register_at(at(16, 10))
    with time_machine.travel(at(18, 9), tick=False):  # the sweep ran late
        sweep(mail=False)
    case.refresh_from_db()
    assert case.escalated_at == at(17, 17)


def test_the_timer_and_the_leader_escalate_through_the_same_transition(register_at, leader_all_month, committee, monkeypatch):
    """Both go through `cases_escalate`, which calls the model's transition on each case."""
    from django_fsm.signals import post_transition

    seen = []

    def record(sender, instance, name, source, target, **kwargs):
        if name.startswith("escalate"):
            seen.append((instance.number, name, source, target))

    post_transition.connect(record, sender=Case)
    try:
        by_timer, by_hand = register_at(at(16, 10)), register_at(at(17, 10))
        with time_machine.travel(at(17, 11), tick=False):
            case_escalate(case=by_hand, by=leader_all_month, reason="太复杂")
        sweep(at(17, 17, 1), mail=False)
    finally:
        post_transition.disconnect(record, sender=Case)
    assert seen == [(by_hand.number, "escalate_to_committee", "tier1", "tier2"),
                    (by_timer.number, "escalate_to_committee", "tier1", "tier2")]
    audit = AuditEvent.objects.filter(action="case.escalated").order_by("id")
    assert [(e.case_id, e.actor_id, e.data["timer"]) for e in audit] == [(by_hand.pk, leader_all_month.pk, False),
                                                                         (by_timer.pk, None, True)]


def test_moving_on_to_the_party_group_keeps_the_date_of_the_first_escalation(register_at, leader_all_month, committee, director):
    case = register_at(at(16, 10))
    sweep(at(17, 17, 1), mail=False)
    sweep(at(20, 17, 1), mail=False)
    case.refresh_from_db()
    assert (case.state, case.escalated_at) == (State.TIER3, at(17, 17))


def test_the_committees_time_running_out_sends_the_case_to_the_party_group(register_at, leader_all_month, committee, director):
    case = register_at(at(16, 10))
    sweep(at(17, 17, 1), mail=False)
    assert sweep(at(20, 16, 59), mail=False).escalated == 0
    assert sweep(at(20, 17, 1), mail=False).escalated == 1
    case.refresh_from_db()
    assert case.state == State.TIER3
    # Five working days from Friday 17:00: the next Friday.
    assert (case.tier_entered_at, case.due_at) == (at(20, 17), at(27, 17))
    assert list(Notification.objects.filter(case=case, kind="escalated", recipient=director).values_list("kind", flat=True)) == ["escalated"]
    assert _escalations(case).count() == 2


def _at_tier_three_overdue(register_at):
    case = register_at(at(16, 10))
    sweep(at(17, 17, 1), mail=False)
    sweep(at(20, 17, 1), mail=False)
    return case


def test_an_overdue_tier_three_case_is_flagged_to_the_party_group_once_a_working_day(
        register_at, leader_all_month, committee, director):
    case = _at_tier_three_overdue(register_at)
    assert sweep(at(27, 16, 59), mail=False).flagged_overdue == 0
    assert sweep(at(27, 17, 1), mail=False).flagged_overdue == 1
    assert sweep(at(27, 18), mail=False).flagged_overdue == 0
    flags = Notification.objects.filter(case=case, kind="overdue", recipient=director)
    assert flags.count() == 1
    case.refresh_from_db()
    assert case.state == State.TIER3  # stays with the party group, red
    with time_machine.travel(at(27, 18), tick=False):
        assert case.light == clock.RED


def test_an_overdue_tier_three_case_is_not_flagged_at_the_weekend_but_again_on_monday(
        register_at, leader_all_month, committee, director):
    case = _at_tier_three_overdue(register_at)
    sweep(at(27, 17, 1), mail=False)
    assert sweep(at(28, 10), mail=False).flagged_overdue == 0
    assert sweep(at(29, 10), mail=False).flagged_overdue == 0
    assert sweep(at(30, 9), mail=False).flagged_overdue == 1
    assert sweep(at(30, 9, 1), mail=False).flagged_overdue == 0
    assert Notification.objects.filter(case=case, kind="overdue", recipient=director).count() == 2


def test_the_sweep_command_runs_one_sweep_at_the_given_moment_and_prints_its_report(
        register, leader_all_month, committee, capsys):
    # Thursday after the National Day week: due Friday 9 October 17:00.
    with time_machine.travel(at(8, 10, month=10), tick=False):
        case = register()
    call_command("sweep_deadlines", "--now", "2026-10-12T09:00+08:00", "--no-mail")
    out = capsys.readouterr().out
    assert out.startswith("2026-10-12T09:00:00+08:00 ")
    assert "escalated=1" in out and "failed=0" in out
    case.refresh_from_db()
    assert case.state == State.TIER2
    assert case.tier_entered_at == at(9, 17, month=10)


def test_the_sweep_command_refuses_a_moment_it_cannot_read(db):
    from django.core.management import CommandError

    with pytest.raises(CommandError):
        call_command("sweep_deadlines", "--now", "next tuesday")


def test_a_sweep_that_runs_ten_days_late_catches_up_through_both_tiers(register_at, leader_all_month, committee, director):
    case = register_at(at(16, 10))
    report = sweep(at(30, 9), mail=False)  # the broker was down since Monday the 16th
    assert report.escalated == 2
    case.refresh_from_db()
    assert case.state == State.TIER3
    spans = list(TierSpan.objects.filter(case=case).values_list("tier", "entered_at", "due_at", "left_at"))
    # Each tier started when the previous one ran out, not when the sweep came back.
    assert spans == [
        (State.TIER1, at(16, 10), at(17, 17), at(17, 17)),
        (State.TIER2, at(17, 17), at(20, 17), at(20, 17)),
        (State.TIER3, at(20, 17), at(27, 17), None),
    ]
    assert _escalations(case).count() == 2
    assert report.flagged_overdue == 1


# --- yellow lights and a stopped clock -----------------------------------------


def test_the_owner_is_told_once_when_the_light_turns_yellow(register_at, leader_all_month):
    case = register_at(at(16, 10))
    # 13.5 office hours from Monday 10:00 to Tuesday 17:00; exactly 30% left at Tuesday 11:57, less a second later.
    assert case.warn_at == at(17, 11, 57) + datetime.timedelta(seconds=1)
    assert sweep(at(17, 11, 56), mail=False).warned == 0
    # The light turns yellow at the very moment the owner is warned, not a second before or after.
    with time_machine.travel(case.warn_at - datetime.timedelta(microseconds=1), tick=False):
        assert case.light == clock.GREEN
    with time_machine.travel(case.warn_at, tick=False):
        assert case.light == clock.YELLOW
    assert sweep(at(17, 11, 58), mail=False).warned == 1
    assert sweep(at(17, 11, 59), mail=False).warned == 0
    assert sweep(at(17, 16), mail=False).warned == 0
    notes = Notification.objects.filter(case=case, kind="yellow")
    assert [n.recipient for n in notes] == [leader_all_month]


def test_a_stopped_clock_is_not_escalated(register_at, leader_all_month, committee):
    case = register_at(at(16, 10))
    with time_machine.travel(at(17, 10), tick=False):
        escalation.case_pause(case=case, by=leader_all_month, reason="等待外省回函")
    assert sweep(at(18, 9), mail=False).escalated == 0
    case.refresh_from_db()
    assert case.state == State.TIER1
    with time_machine.travel(at(18, 9), tick=False):
        assert case.light == "paused"


def test_restarting_the_clock_moves_the_deadline_by_the_office_time_it_was_stopped(register_at, leader_all_month, committee):
    case = register_at(at(16, 10))
    with time_machine.travel(at(17, 10), tick=False):
        escalation.case_pause(case=case, by=leader_all_month, reason="等待材料")
    with time_machine.travel(at(18, 10), tick=False):
        resumed = escalation.case_resume(case=case, by=leader_all_month)
    stopped = clock.working_seconds_between(at(17, 10), at(18, 10))
    # Tuesday 10:00-17:00 less lunch (6 h) and Wednesday 08:30-10:00: one office day of 7.5 h.
    assert stopped == int(7.5 * 3600)
    assert clock.working_seconds_between(at(17, 17), resumed.due_at) == stopped
    assert resumed.due_at == at(18, 17)
    assert resumed.paused_seconds == stopped
    assert sweep(at(18, 16, 59), mail=False).escalated == 0
    assert sweep(at(18, 17, 1), mail=False).escalated == 1


def test_the_stopped_time_is_recorded_on_the_pause(register_at, leader_all_month):
    case = register_at(at(16, 10))
    with time_machine.travel(at(17, 16), tick=False):
        escalation.case_pause(case=case, by=leader_all_month, reason="等待材料")
    with time_machine.travel(at(18, 9), tick=False):  # one hour before 17:00, half an hour after 08:30
        escalation.case_resume(case=case, by=leader_all_month)
    pause = case.pauses.get()
    assert (pause.started_at, pause.ended_at, pause.working_seconds) == (at(17, 16), at(18, 9), 90 * 60)
    assert list(AuditEvent.objects.filter(case=case, action__startswith="case.clock").values_list("action", flat=True)) == [
        "case.clock_stopped", "case.clock_restarted"]


def test_a_clerk_cannot_stop_the_clock(register_at, leader_all_month, clerk):
    case = register_at(at(16, 10))
    with pytest.raises(CaseActionError):
        escalation.case_pause(case=case, by=clerk, reason="等待材料")


def test_an_owner_already_warned_is_not_warned_again_after_the_clock_restarts(register_at, leader_all_month):
    case = register_at(at(16, 10))
    sweep(at(17, 12), mail=False)
    with time_machine.travel(at(17, 13), tick=False):
        escalation.case_pause(case=case, by=leader_all_month, reason="等待材料")
    with time_machine.travel(at(17, 14), tick=False):
        resumed = escalation.case_resume(case=case, by=leader_all_month)
    assert resumed.warn_at is not None
    sweep(at(18, 16), mail=False)
    assert Notification.objects.filter(case=case, kind="yellow").count() == 1
