"""The demo looks like six months of real work: dated steps, lights of every colour now,
escalations by the timer, work orders returned and extended, distinct people, rotating leaders."""

import datetime
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from cases.models import (
    AuditEvent,
    Case,
    ExtensionRequest,
    InstitutionalInnovation,
    SpecialHandling,
    State,
    TierSpan,
    WorkOrder,
)
from cases.services.tiers import TIER_STATES
from routing import clock
from routing.models import DutyAssignment, User

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo loaded once for this module (it takes a while), rolled back after its last test;
    each test runs in a savepoint inside it."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", force=True, stdout=StringIO())
        yield timezone.now()
        transaction.set_rollback(True)


def test_the_demo_spans_six_months_with_lights_of_every_colour_now(demo):
    now = demo
    first = Case.objects.order_by("registered_at").first().registered_at
    assert now - first >= datetime.timedelta(days=150)
    # Every month of the period has cases, registered and audited on their own days.
    months = {timezone.localtime(at).strftime("%Y-%m") for at in Case.objects.values_list("registered_at", flat=True)}
    assert len(months) >= 6
    assert AuditEvent.objects.filter(at__lt=now - datetime.timedelta(days=120)).count() > 100
    open_cases = Case.objects.filter(state__in=TIER_STATES).select_related("office")
    lights = {(case.state, clock.light(start=case.tier_entered_at, due=case.due_at, now=now, hours=case.office))
              for case in open_cases}
    assert {light for _tier, light in lights} == {clock.GREEN, clock.YELLOW, clock.RED}
    assert {tier for tier, _light in lights} == set(TIER_STATES)
    # A few hundred cases over the offices, a city bureau with county bureaus below it.
    per_office = Counter(Case.objects.values_list("office__code", flat=True))
    assert sum(per_office.values()) >= 300
    assert per_office["DD"] > per_office["DG"] > 0 and per_office["FC"] > 0


def test_the_timer_escalated_cases_on_their_deadline_as_the_system(demo):
    by_timer = AuditEvent.objects.filter(action="case.escalated", actor__isnull=True)
    assert by_timer.count() >= 10
    assert all(event.data["timer"] for event in by_timer)
    spans = TierSpan.objects.filter(exit=TierSpan.Exit.ESCALATED_BY_TIMER)
    assert spans.count() == by_timer.count()
    for span in spans[:30]:
        # The next tier started when this one ran out, and the sweep wrote it within minutes.
        assert span.left_at == span.due_at
        event = by_timer.get(case=span.case, from_state=span.tier)
        assert datetime.timedelta(0) <= event.at - span.due_at <= datetime.timedelta(minutes=5)
    assert AuditEvent.objects.filter(action="case.escalated", actor__isnull=False).exists()  # and some early, by hand
    assert Case.objects.filter(state=State.CLOSED, tier_spans__tier=State.TIER3).exists()  # decided by the party group


def test_work_orders_were_returned_extended_and_answered(demo):
    assert WorkOrder.objects.filter(state=WorkOrder.State.RETURNED).exists()
    granted = ExtensionRequest.objects.filter(approved=True).select_related("work_order")
    assert granted.exists()
    assert all(request.work_order.due_at > request.work_order.original_due_at for request in granted)
    assert ExtensionRequest.objects.filter(approved__isnull=True).exists()  # one waits for the duty leader
    assert WorkOrder.objects.filter(state=WorkOrder.State.ANSWERED).count() >= 20


def test_people_and_matters_are_distinct_with_some_coming_back(demo):
    simple = Case.objects.filter(category="citizen", citizen_outcome__kind__in=["solved", "guided"])
    people = Counter(simple.values_list("reporter_id_hash", flat=True))
    assert len(people) >= 0.85 * simple.count()
    assert len(set(simple.values_list("matter", flat=True))) >= 12
    everyone = Counter(Case.objects.values_list("reporter_id_hash", flat=True))
    assert any(count >= 2 for count in everyone.values())  # repeated reporters
    for field in ("business_area__name", "failed_at", "channel", "category"):
        assert len(set(Case.objects.values_list(field, flat=True))) >= 4, field


def test_several_leaders_stand_duty_and_the_first_has_the_cases_in_hand(demo):
    leaders = set(DutyAssignment.objects.filter(office__code="DD").values_list("leader__username", flat=True))
    assert {"dd_leader", "dd_leader2", "dd_leader3"} <= leaders
    owners = set(Case.objects.filter(office__code="DD").values_list("duty_leader__username", flat=True))
    assert len(owners) >= 3
    # The demo's login for the duty leader finds the tier-1 cases of this week on their desk.
    assert Case.objects.filter(state=State.TIER1, duty_leader=User.objects.get(username="dd_leader")).exists()


def test_innovations_were_adopted_mid_period_with_cases_before_and_after(demo):
    for rule in InstitutionalInnovation.objects.filter(office__code="DD"):
        assert timezone.localdate() - rule.adopted_on >= datetime.timedelta(days=45)
        assert rule.special_handlings.exists()
        assert all(timezone.localtime(h.case.registered_at).date() >= rule.adopted_on
                   for h in rule.special_handlings.select_related("case"))
    before = SpecialHandling.objects.filter(case__office__code="DD", innovation__isnull=True,
                                            case__matter__contains="证照名称")
    assert before.exists()
