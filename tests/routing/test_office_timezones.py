"""An office's time zone: validated when entered, survived when bad, shown on its pages."""

import datetime
import logging

import pytest
import time_machine
from django.apps import apps
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import timezone

from cases.models import Case, Notification, State
from cases.sweep import sweep
from routing import clock
from routing.models import Office
from tests.conftest import make_office
from windowdesk.middleware import OfficeTimezoneMiddleware

pytestmark = pytest.mark.django_db

TYPO = "Asia/Shangai"


def _migration():
    import importlib

    return importlib.import_module("routing.migrations.0005_office_timezone_validated")


def test_an_office_with_a_misspelt_time_zone_is_refused():
    office = Office(code="DX", name="大孤山", timezone=TYPO)
    with pytest.raises(ValidationError) as refused:
        office.full_clean()
    assert "timezone" in refused.value.message_dict


def test_an_office_with_a_real_time_zone_is_accepted():
    Office(code="DX", name="大孤山", timezone="Asia/Urumqi").full_clean()


def test_the_migration_sets_a_stored_unknown_zone_to_beijing_time(city, caplog):
    Office.objects.filter(pk=city.pk).update(timezone=TYPO)
    other = make_office("UR", "乌鲁木齐市人社局")
    Office.objects.filter(pk=other.pk).update(timezone="Asia/Urumqi")
    with caplog.at_level(logging.WARNING):
        _migration().reset_unknown_zones(apps, None)
    assert dict(Office.objects.values_list("code", "timezone")) == {"DD": "Asia/Shanghai", "UR": "Asia/Urumqi"}
    assert TYPO in caplog.text


@pytest.fixture
def misspelt(city):
    """The city bureau with a zone stored before zones were validated."""
    Office.objects.filter(pk=city.pk).update(timezone=TYPO)
    clock._zone.cache_clear()
    yield Office.objects.get(pk=city.pk)
    clock._zone.cache_clear()


def test_a_stored_unknown_zone_falls_back_to_beijing_time_with_a_warning(misspelt, caplog):
    with caplog.at_level(logging.WARNING, logger="routing.clock"):
        assert clock.zone(misspelt) == clock.zone(None)
    assert TYPO in caplog.text


def test_registration_works_in_an_office_whose_stored_zone_is_unknown(misspelt, register):
    case = register()
    assert case.state == State.TIER1
    assert case.due_at is not None


def test_the_sweep_escalates_every_offices_cases_when_one_office_has_an_unknown_zone(
        misspelt, register, county_clerk, duty_leader):
    from cases.services import case_register
    from routing.models import BusinessArea

    at = datetime.datetime(2026, 11, 16, 10, tzinfo=clock.zone(None))
    with time_machine.travel(at, tick=False):
        city_case = register()
        county_case = case_register(
            clerk=county_clerk, channel="window", reporter_name="群众", reporter_phone="13800000000",
            business_area=BusinessArea.objects.create(office=county_clerk.office, name="医保"),
            matter="转移接续", failure_reason="缺材料")
    report = sweep(at + datetime.timedelta(days=1, hours=8))
    assert report.failed == []
    assert set(Case.objects.filter(pk__in=[city_case.pk, county_case.pk]).values_list("state", flat=True)) == {State.TIER2}


# --- each step of the sweep on its own ------------------------------------------


def test_a_failing_step_is_logged_and_the_other_steps_still_run(register, duty_leader, monkeypatch, caplog):
    from cases import sweep as sweep_module

    monday, tuesday = (datetime.datetime(2026, 11, day, 10, tzinfo=clock.zone(None)) for day in (16, 17))
    with time_machine.travel(monday, tick=False):
        register()  # due Tuesday 17:00
    with time_machine.travel(tuesday, tick=False):
        turning = register()  # due Wednesday 17:00, yellow before Wednesday noon

    def broken(now, report, batch_size):
        raise RuntimeError("escalation broke")

    monkeypatch.setattr(sweep_module, "escalate_due_cases", broken)
    with caplog.at_level(logging.ERROR, logger="cases.sweep"):
        report = sweep(datetime.datetime(2026, 11, 18, 12, tzinfo=clock.zone(None)), mail=False)
    assert report.failed == [("escalate", "RuntimeError('escalation broke')")]
    assert "escalation broke" in caplog.text
    # The yellow light was still given, by the next step.
    assert list(Notification.objects.filter(kind="yellow").values_list("case", flat=True)) == [turning.pk]


def test_one_case_that_cannot_be_warned_does_not_keep_the_others_from_their_warning(
        register, duty_leader, monkeypatch, caplog):
    from cases.services import notify

    at = datetime.datetime(2026, 11, 16, 10, tzinfo=clock.zone(None))
    with time_machine.travel(at, tick=False):
        cases = [register(reporter_name=f"群众{i}") for i in range(3)]
    broken = cases[1]
    build = notify.build

    def build_or_fail(*, case, **kwargs):
        if case.pk == broken.pk:
            raise RuntimeError("bad office data")
        return build(case=case, **kwargs)

    monkeypatch.setattr(notify, "build", build_or_fail)
    with caplog.at_level(logging.ERROR, logger="cases.sweep"):
        report = sweep(datetime.datetime(2026, 11, 17, 16, tzinfo=clock.zone(None)), mail=False)
    assert report.warned == 2
    assert [number for number, _error in report.failed] == [broken.number]
    warned = set(Notification.objects.filter(kind="yellow").values_list("case", flat=True))
    assert warned == {cases[0].pk, cases[2].pk}
    assert Case.objects.get(pk=broken.pk).warn_at is not None  # left for the next tick


# --- pages in the office's zone ----------------------------------------------------


def _zone_seen(user):
    seen = {}

    def view(request):
        seen["zone"] = timezone.get_current_timezone_name()
        return HttpResponse()

    request = RequestFactory().get("/")
    request.user = user
    OfficeTimezoneMiddleware(view)(request)
    return seen["zone"], timezone.get_current_timezone_name()


def test_a_request_runs_in_the_zone_of_the_users_office(clerk):
    Office.objects.filter(pk=clerk.office_id).update(timezone="Asia/Urumqi")
    clerk.office.refresh_from_db()
    during, after = _zone_seen(clerk)
    assert during == "Asia/Urumqi"
    assert after == timezone.get_default_timezone_name()


def test_a_request_in_an_office_with_an_unknown_stored_zone_runs_in_beijing_time(misspelt, clerk):
    clerk.office.refresh_from_db()
    assert _zone_seen(clerk)[0] == "Asia/Shanghai"


def test_the_office_zone_is_set_right_after_authentication(settings):
    middleware = list(settings.MIDDLEWARE)
    auth = middleware.index("django.contrib.auth.middleware.AuthenticationMiddleware")
    assert middleware[auth + 1] == "windowdesk.middleware.OfficeTimezoneMiddleware"


# --- moving an office in the tree ----------------------------------------------------


def test_an_office_moved_in_the_tree_moves_with_its_subtree_or_not_at_all(city, county, monkeypatch):
    below = make_office("DDB", "东港市某街道", parent=county)
    other = make_office("HLD", "葫芦岛市人社局")
    paths = dict(Office.objects.values_list("pk", "path"))
    save = Office.save

    def save_or_fail(self, *args, **kwargs):
        if self.pk == below.pk:
            raise RuntimeError("disk full")
        return save(self, *args, **kwargs)

    monkeypatch.setattr(Office, "save", save_or_fail)
    county.parent = other
    with pytest.raises(RuntimeError):
        county.save()
    assert dict(Office.objects.values_list("pk", "path")) == paths
