"""A register of random raw rows over two weeks in three offices (one in
another time zone), with timestamps set directly, for the figures to count."""

import datetime
import random

import pytest
from django.utils import timezone

from cases.models import AuditEvent, Callback, Case, Pause, Rating, TierSpan, WorkOrder
from routing.models import Department, Office

LEVELS = ["very_satisfied", "satisfied", "basically", "dissatisfied", "very_dissatisfied"]
OUTCOMES = ["satisfied", "partly", "not_solved", "not_reached", "declined"]


@pytest.fixture
def raw_register(register, city, county, clerk, duty_leader, county_clerk):
    """About 60 cases with their spans, orders, pauses, callbacks, ratings and
    reopenings at random moments of the last 14 days; returns the offices."""
    Office.objects.filter(pk=county.pk).update(timezone="Asia/Urumqi")
    county.refresh_from_db()
    rng = random.Random(20261204)
    now = timezone.now()
    departments = {
        city.pk: [Department.objects.create(office=city, name="养老保险科"), Department.objects.create(office=city, name="社保中心")],
        county.pk: [Department.objects.create(office=county, name="医保科")],
    }

    def moment(after=None):
        start = after or now - datetime.timedelta(days=14)
        return start + datetime.timedelta(seconds=rng.randint(0, max(1, int((now - start).total_seconds()))))

    for n in range(60):
        by = clerk if n % 3 else county_clerk
        case = register(by=by)
        registered = moment()
        fields = {"registered_at": registered}
        if rng.random() < 0.1:
            fields["triage"] = rng.choice(["spam", "merged", "accepted"])
            if fields["triage"] == "merged":
                fields["merged_into_id"] = Case.objects.exclude(pk=case.pk).first().pk
        entered = registered
        for tier in ("tier1", "tier2", "tier3"):
            due = entered + datetime.timedelta(hours=rng.choice([4, 24, 72]))
            left = moment(entered) if rng.random() < 0.8 else None
            exit = ""
            if left is not None:
                exit = rng.choice(["escalated_early", "escalated_by_timer", "resolved", "triaged"])
            TierSpan.objects.create(case=case, tier=tier, entered_at=entered, due_at=due, left_at=left, exit=exit)
            if tier == "tier1" and exit.startswith("escalated"):
                fields["escalated_at"] = left
            if left is None or not exit.startswith("escalated"):
                break
            entered = left
        if rng.random() < 0.6:
            closed = moment(registered) if rng.random() < 0.7 else registered + datetime.timedelta(minutes=rng.randint(1, 300))
            fields.update(resolved_at=closed, closed_at=closed, state="closed", result="办结", category="citizen")
        Case.objects.filter(pk=case.pk).update(**fields)
        for _ in range(rng.randint(0, 2)):
            department = rng.choice(departments[case.office_id])
            dispatched = moment(registered)
            original = dispatched + datetime.timedelta(hours=rng.choice([8, 48, 120]))
            state = rng.choice(["dispatched", "signed", "answered", "returned"])
            signed = moment(dispatched) if state != "dispatched" else None
            order = WorkOrder.objects.create(
                case=case, department=department, kind="should", instruction="办", dispatched_by=duty_leader,
                dispatched_at=dispatched, days=3, original_due_at=original,
                due_at=original + datetime.timedelta(days=rng.choice([0, 0, 5])),
                signed_at=signed, answered_at=moment(signed) if state == "answered" else None,
                returned_at=moment(signed) if state == "returned" else None)
            WorkOrder.objects.filter(pk=order.pk).update(state=state)
            if rng.random() < 0.5:
                started = moment(dispatched)
                Pause.objects.create(case=case, work_order=order if rng.random() < 0.5 else None, reason="等材料",
                                     started_at=started, started_by=duty_leader, ended_at=moment(started),
                                     working_seconds=rng.randint(60, 40000))
        if fields.get("closed_at"):
            if rng.random() < 0.7:
                outcome = rng.choice(OUTCOMES)
                Callback.objects.create(case=case, office_id=case.office_id, due_at=now,
                                        kind=rng.choice(["after_closing", "after_closing", "verifying"]), outcome=outcome,
                                        done_at=moment(fields["closed_at"]))
            for follow_up in (False, True):
                if rng.random() < 0.6:
                    Rating.objects.create(case=case, follow_up=follow_up, level=rng.choice(LEVELS), channel="window",
                                          given_at=moment(fields["closed_at"]))
            if rng.random() < 0.3:
                AuditEvent.objects.create(office_id=case.office_id, case=case, at=moment(fields["closed_at"]),
                                          action=rng.choice(["case.reopened", "case.rehandling", "case.rated"]))
    return city, county
