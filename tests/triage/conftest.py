"""Web reports as the public form registers them, and a logged-in client."""

import pytest

from tests.conftest import VALID_ID


@pytest.fixture
def web_report(city, pension):
    """`web_report(**overrides)`: a report from the public form to the city office, on the tier-1 clock."""
    from cases.services.public import case_report_online

    def _report(office=None, **overrides):
        office = office or city
        fields = dict(reporter_name="张三", reporter_phone="13812345678", reporter_id_number=VALID_ID,
                      business_area=pension if office == city else office.business_areas.first(),
                      matter="养老保险关系转移一直办不了", failure_reason="窗口说外省数据未传")
        fields.update(overrides)
        return case_report_online(office=office, files=[], **fields)

    return _report


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login
