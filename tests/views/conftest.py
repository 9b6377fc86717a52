"""Cases in each office, and a client logged in as a named person."""

import pytest

from tests.conftest import OTHER_VALID_ID


@pytest.fixture
def login(client):
    """`login(person)` logs the test client in as that person and returns it."""

    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def city_case(register):
    return register()


@pytest.fixture
def county_case(register, county_clerk):
    return register(by=county_clerk, reporter_name="周县民", reporter_phone="13700002222")


@pytest.fixture
def outside_case(register, outside_clerk):
    """A case of the unrelated office, with a person nobody else has registered."""
    return register(by=outside_clerk, reporter_name="欧阳外", reporter_phone="13900001111",
                    reporter_id_number=OTHER_VALID_ID)
