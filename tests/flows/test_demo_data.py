"""The demo data that `make run` loads: complete, isolated, and safe to load twice."""

import datetime
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

from cases.access import cases_readable_by
from cases.demo.people import id_number
from cases.management.commands.load_demo import DEMO_PASSWORD
from cases.models import (
    AuditEvent,
    Callback,
    Case,
    CitizenOutcome,
    InstitutionalInnovation,
    Notification,
    Rating,
    State,
    WorkOrder,
)
from cases.pii import validate_id_number
from routing import roles
from routing.models import BusinessArea, Department, DutyAssignment, Office, User

pytestmark = pytest.mark.django_db


def load_demo() -> str:
    out = StringIO()
    # The test runner turns DEBUG off, where the command refuses unless forced.
    call_command("load_demo", force=True, stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    models = [Office, BusinessArea, Department, User, Group, DutyAssignment, Case, AuditEvent, InstitutionalInnovation,
              WorkOrder, Rating, Callback, Notification]
    return {model.__name__: model.objects.count() for model in models}


def fresh(username: str) -> User:
    return User.objects.get(username=username)  # no cached permissions or readable offices


def test_loading_the_demo_twice_adds_nothing_the_second_time():
    load_demo()
    first = counts()
    numbers = set(Case.objects.values_list("number", flat=True))

    output = load_demo()

    assert counts() == first
    assert set(Case.objects.values_list("number", flat=True)) == numbers
    assert "no demo cases added" in output


def test_every_role_has_a_demo_login_in_every_office(client):
    output = load_demo()

    assert Office.objects.count() == 4
    for office in Office.objects.all():
        for role in roles.ALL:
            assert User.objects.filter(office=office, groups__name=role).exists(), (office.code, role)
    assert f"password for all: {DEMO_PASSWORD}" in output
    assert "dd_clerk" in output and "zjk_director" in output
    assert client.login(username="dg_leader", password=DEMO_PASSWORD)


# Loading the demo is slow (every case goes through the services), so one load
# serves all the isolation checks.
def test_the_city_oversees_its_counties_and_nobody_reads_an_unrelated_office():
    load_demo()
    city = Office.objects.get(code="DD")
    county_case = Case.objects.filter(office__code="DG").first()

    assert set(city.subtree().values_list("code", flat=True)) == {"DD", "DG", "FC"}
    assert Office.objects.get(code="ZJK").parent is None
    # The city director reads the county's cases ...
    assert cases_readable_by(fresh("dd_director")).filter(pk=county_case.pk).exists()
    # ... the unrelated office's clerk reads only their own ...
    outside = cases_readable_by(fresh("zjk_clerk"))
    assert outside.exists()
    assert not outside.filter(pk=county_case.pk).exists()
    assert not outside.exclude(office__code="ZJK").exists()
    # ... and so does a county clerk.
    assert set(cases_readable_by(fresh("dg_clerk")).values_list("office__code", flat=True)) == {"DG"}


def test_the_demo_cases_cover_what_the_window_meets_and_went_through_the_services():
    load_demo()
    city_cases = Case.objects.filter(office__code="DD")

    assert {State.TIER1, State.RESOLVED, State.CLOSED} <= set(city_cases.values_list("state", flat=True))
    assert city_cases.filter(accountability__isnull=False, state=State.CLOSED).exists()
    assert CitizenOutcome.objects.filter(case__office__code="DD", kind="deficiency", approved_by__isnull=False).exists()
    assert CitizenOutcome.objects.filter(kind="refusal").exclude(legal_basis="").exists()
    assert CitizenOutcome.objects.filter(kind="guided").exclude(materials="").exists()
    assert city_cases.filter(on_behalf=True).exclude(subject_name="").exists()
    assert all(rule.special_handlings.count() >= 2 for rule in InstitutionalInnovation.objects.filter(office__code="DD"))
    # Most of the window's traffic is simple matters closed at once, but not all of it.
    closed_simple = city_cases.filter(category="citizen", state=State.CLOSED).count()
    assert 0.4 * city_cases.count() <= closed_simple <= 0.75 * city_cases.count()
    # Registered through the services: numbered, audited, valid identifiers.
    for case in Case.objects.all():
        assert case.events.filter(action="case.registered").exists(), case.number
        assert case.number.startswith(f"{case.office.code}-")
        assert validate_id_number(case.reporter_id_number) == case.reporter_id_number


def test_demo_id_numbers_carry_a_valid_check_character():
    # GB 11643's own example: 11010519491231002X.
    assert id_number("110105", datetime.date(1949, 12, 31), 2) == "11010519491231002X"


def test_the_demo_is_refused_with_debug_off_unless_forced(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError):
        call_command("load_demo", stdout=StringIO())
    assert not User.objects.filter(username="dd_clerk").exists()
