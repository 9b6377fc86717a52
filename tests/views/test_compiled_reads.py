"""Reads compiled once (`windowdesk.compiled`): the same rows and instances as
the queryset they are built from, each run with its own values."""

import datetime
import threading
from unittest import mock

import pytest
from django.db import connections
from django.db.models import Count, Q
from django.db.models.sql.compiler import SQLCompiler
from django.utils import timezone

from cases.models import Case
from routing.models import User
from tests.conftest import OTHER_VALID_ID, VALID_ID
from windowdesk.compiled import CompiledRead


def _state(instance) -> dict:
    """An instance's loaded values, deferred columns left out, and the related rows it holds."""
    values = {key: value for key, value in instance.__dict__.items() if key != "_state"}
    related = {name: _state(row) if row is not None else None for name, row in instance._state.fields_cache.items()}
    return {"values": values, "related": related, "deferred": instance.get_deferred_fields()}


def _cases_by_number(number):
    return (Case.objects.select_related("business_area", "registered_by").defer("registered_by__password")
            .filter(number=number))


def test_a_compiled_read_makes_the_same_instances_as_its_queryset(register, clerk):
    case = register(reporter_id_number=VALID_ID)
    read = CompiledRead(_cases_by_number)
    for _run in range(2):
        [compiled] = read(number=case.number)
        [plain] = _cases_by_number(case.number)
        assert _state(compiled) == _state(plain)
        assert compiled.reporter_id_number == VALID_ID  # decrypted by the field's converter
        assert compiled.business_area.name == plain.business_area.name
        assert "registered_by__password" not in compiled.get_deferred_fields()
        assert "password" in compiled.registered_by.get_deferred_fields()


def test_annotations_come_as_in_the_queryset(clerk, duty_leader):
    def users(pk):
        return (User.objects.select_related("office")
                .annotate(unread=Count("notifications", filter=Q(notifications__read_at__isnull=True))).filter(pk=pk))

    read = CompiledRead(users)
    for person in (clerk, duty_leader):
        [compiled] = read(pk=person.pk)
        assert _state(compiled) == _state(users(person.pk)[0])
        assert compiled.unread == 0 and compiled.office == person.office


def test_each_run_takes_its_own_values(register, clerk):
    first, second = register(), register(reporter_name="李四")
    read = CompiledRead(_cases_by_number)
    assert [case.pk for case in read(number=first.number)] == [first.pk]
    assert [case.pk for case in read(number=second.number)] == [second.pk]
    assert read(number="DD-1999-000001") == []


def test_a_value_used_twice_is_put_in_both_places(register, clerk):
    from cases import pii

    digest = pii.id_hash(VALID_ID)
    as_reporter = register(reporter_id_number=VALID_ID)
    as_subject = register(reporter_id_number=OTHER_VALID_ID, on_behalf=True, subject_name="王五",
                          subject_id_number=VALID_ID, subject_relation="父亲")
    read = CompiledRead(lambda digest: Case.objects.filter(Q(reporter_id_hash=digest) | Q(subject_id_hash=digest))
                        .order_by("pk"))
    assert [case.pk for case in read(digest=digest)] == [as_reporter.pk, as_subject.pk]
    assert [case.pk for case in read(digest=pii.id_hash(OTHER_VALID_ID))] == [as_subject.pk]


def test_each_length_of_a_list_has_its_sql_and_an_empty_list_reads_nothing(
        register, clerk, county_clerk, django_assert_num_queries):
    city, county = register(), register(by=county_clerk)
    read = CompiledRead(lambda offices: Case.objects.filter(office_id__in=offices).order_by("pk"))
    assert [case.pk for case in read(offices=[city.office_id])] == [city.pk]
    assert [case.pk for case in read(offices=[city.office_id, county.office_id])] == [city.pk, county.pk]
    assert [case.pk for case in read(offices=[county.office_id])] == [county.pk]
    with django_assert_num_queries(0):
        assert read(offices=[]) == []


def test_the_sql_is_compiled_once_and_each_run_is_one_query(register, clerk, django_assert_num_queries):
    first, second = register(), register()
    read = CompiledRead(_cases_by_number)
    read(number=first.number)
    with mock.patch.object(SQLCompiler, "as_sql", side_effect=AssertionError("compiled again")):
        with django_assert_num_queries(1):
            assert read(number=second.number)[0].pk == second.pk


def test_small_and_positive_integer_fields_take_their_values(register, clerk):
    """Django makes a value outside a field's range match nothing before any SQL
    is written: the stand-ins fit every integer field."""
    first, second = register(), register()
    read = CompiledRead(lambda office_id, year, sequence: Case.objects.filter(office_id=office_id, year=year,
                                                                             sequence=sequence))
    for case in (first, second):
        assert [found.pk for found in read(office_id=case.office_id, year=case.year, sequence=case.sequence)] == [case.pk]
    assert read(office_id=first.office_id, year=first.year - 1, sequence=first.sequence) == []


def test_a_read_that_matches_nothing_whatever_its_values_is_refused():
    read = CompiledRead(lambda pk: Case.objects.filter(pk=pk).none())
    with pytest.raises(ValueError, match="matches nothing whatever its values"):
        read(pk=1)


def test_a_lookup_that_changes_the_value_is_refused():
    read = CompiledRead(lambda number: Case.objects.filter(number__startswith=number))
    with pytest.raises(ValueError, match="number does not reach the SQL"):
        read(number="DD-2026")


def test_a_constant_that_would_be_frozen_is_refused():
    read = CompiledRead(lambda pk: Case.objects.filter(pk=pk, registered_at__lt=timezone.now()))
    with pytest.raises(ValueError, match="would be frozen"):
        read(pk=1)


def test_values_other_than_ints_and_strs_are_refused():
    read = CompiledRead(lambda day: Case.objects.filter(registered_at__date=day))
    with pytest.raises(TypeError, match="ints and strs"):
        read(day=datetime.date(2026, 11, 24))


@pytest.mark.postgres  # SQLite's shared test database locks the table the test wrote to
def test_a_read_runs_on_the_connection_of_the_thread_that_runs_it(register, clerk):
    """A compiler holds a connection, and Django's connections are per thread."""
    case = register()
    read = CompiledRead(_cases_by_number)
    assert read(number=case.number)
    outcome = {}

    def elsewhere():
        try:
            outcome["rows"] = read(number=case.number)  # the test's rows are not committed: none seen
        except Exception as error:  # noqa: BLE001 - the assertion below names it
            outcome["error"] = error
        finally:
            connections.close_all()

    thread = threading.Thread(target=elsewhere)
    thread.start()
    thread.join()
    assert outcome == {"rows": []}


def test_a_case_page_compiles_no_sql_of_its_own_once_it_has_been_shown(login, register, clerk):
    """Its reads, and the logged-in user's, are compiled reads; only Django's
    session read is compiled on each view."""
    from django.urls import reverse

    case = register()
    client = login(clerk)
    url = reverse("cases:detail", args=[case.number])
    assert client.get(url).status_code == 200
    with mock.patch.object(SQLCompiler, "as_sql", autospec=True, side_effect=SQLCompiler.as_sql) as compiled:
        assert client.get(url).status_code == 200
    assert [call.args[0].query.model.__name__ for call in compiled.call_args_list] == ["Session"]
