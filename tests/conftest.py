"""Named offices and people for every test.

The city bureau DD oversees two county bureaus (DDA, DDB); ZJ is unrelated.
"""

import os

import pytest
from django.contrib.auth.models import Group
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from django.db import connection

from routing import roles
from routing.models import BusinessArea, Department, Office, User

# Property-based tests: a few dozen examples each in the everyday run, so `make test`
# stays quick; HYPOTHESIS_PROFILE=long throws thousands at every page. No deadline:
# a page's time depends on the machine, and a slow example is no failure. Each test
# keeps its database (and world) across examples, which is what the fixtures are for.
_FUZZ = dict(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
hypothesis_settings.register_profile("ci", max_examples=30, **_FUZZ)
hypothesis_settings.register_profile("long", max_examples=2000, **_FUZZ)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

VALID_ID = "11010519491231002X"  # GB 11643's own example number
OTHER_VALID_ID = "21060219800101123X"


@pytest.fixture(autouse=True)
def _needs_postgres(request):
    if request.node.get_closest_marker("postgres") and connection.vendor != "postgresql":
        reason = "needs PostgreSQL (set DATABASE_URL): SQLite ignores row locks"
        if os.environ.get("CI"):
            pytest.fail(f"In CI every test must run: {reason}")
        pytest.skip(reason)


@pytest.fixture(autouse=True)
def _official_calendar(django_db_setup, django_db_blocker):
    """The official calendar is seeded by a data migration; a transactional test's
    flush wipes it, so put it back before the next test relies on it."""
    import importlib

    from django.apps import apps

    from routing.models import CalendarYear

    from django.db import connection

    seed_migration = importlib.import_module("routing.migrations.0003_seed_official_calendar")
    name = str(connection.settings_dict["NAME"])
    if "test" not in name and "memory" not in name:
        return  # never write to a database that is not the test database
    with django_db_blocker.unblock():
        if not CalendarYear.objects.filter(year=seed_migration.LAST_YEAR).exists():
            seed_migration.seed(apps, None)


@pytest.fixture(autouse=True)
def _fresh_calendar_cache():
    """The clock caches calendar years per process; a test's rolled-back rows must not linger."""
    from routing import clock

    clock.invalidate_cache()
    yield
    clock.invalidate_cache()


def make_office(code, name, parent=None):
    office = Office.objects.create(code=code, name=name, parent=parent)
    for position, area in enumerate(["养老保险", "医疗保险", "失业保险", "就业", "工伤保险", "劳动关系", "人事档案", "其他"]):
        BusinessArea.objects.create(office=office, name=area, position=position)
    Department.objects.create(office=office, name="养老保险窗口", is_regular_window=True)
    return office


def make_staff(username, office, *role_names, **extra):
    user = User.objects.create_user(username=username, password="pw-" + username, office=office, **extra)
    for role in role_names:
        user.groups.add(Group.objects.get(name=role))
    return User.objects.get(pk=user.pk)  # fresh, so permission caches start empty


@pytest.fixture
def city(db):
    return make_office("DD", "丹东市人社局")


@pytest.fixture
def county(city):
    return make_office("DDA", "东港市人社局", parent=city)


@pytest.fixture
def other_county(city):
    return make_office("DDB", "凤城市人社局", parent=city)


@pytest.fixture
def unrelated_office(db):
    return make_office("ZJ", "张家口市社保中心")


@pytest.fixture
def clerk(city):
    return make_staff("clerk", city, roles.CLERK, first_name="小红", last_name="王")


@pytest.fixture
def other_clerk(city):
    return make_staff("other_clerk", city, roles.CLERK)


@pytest.fixture
def duty_leader(city):
    return make_staff("leader", city, roles.DUTY_LEADER, first_name="建国", last_name="李")


@pytest.fixture
def section_head(city):
    return make_staff("head", city, roles.SECTION_HEAD)


@pytest.fixture
def director(city):
    return make_staff("director", city, roles.PARTY_GROUP)


@pytest.fixture
def discipline(city):
    return make_staff("inspector", city, roles.DISCIPLINE)


@pytest.fixture
def county_clerk(county):
    return make_staff("county_clerk", county, roles.CLERK)


@pytest.fixture
def county_director(county):
    return make_staff("county_director", county, roles.PARTY_GROUP)


@pytest.fixture
def outside_clerk(unrelated_office):
    return make_staff("outside_clerk", unrelated_office, roles.CLERK)


@pytest.fixture
def outsider(db):
    return User.objects.create_user(username="outsider", password="pw-outsider")


@pytest.fixture
def pension(city):
    return city.business_areas.get(name="养老保险")


@pytest.fixture
def register(clerk, pension):
    """Register a case in the clerk's office with sensible defaults."""
    from cases.services import case_register

    def _register(by=None, **overrides):
        by = by or clerk
        fields = dict(
            channel="window", reporter_name="张三", reporter_phone="13812345678",
            reporter_id_number=VALID_ID, business_area=by.office.business_areas.first() if by != clerk else pension,
            matter="办理养老保险关系转移", failed_at="养老保险窗口", failure_reason="外省数据未传",
        )
        fields.update(overrides)
        return case_register(clerk=by, **fields)

    return _register


@pytest.fixture(autouse=True)
def _empty_sms_outbox():
    """The locmem SMS backend's outbox, emptied for each test like Django's mail outbox."""
    from windowdesk import sms

    sms.outbox.clear()
    yield
    sms.outbox.clear()


@pytest.fixture(autouse=True)
def _empty_cache():
    """The local-memory cache holds the public pages' rate-limit counts: each test starts at zero."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
