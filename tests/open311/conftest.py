import pytest
from django.core.cache import caches

from cases.models import ApiClient, Channel


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Each test starts with every key's count at zero."""
    caches["default"].clear()
    yield
    caches["default"].clear()


def make_client(name, *offices, channel=Channel.WEBSITE, per_minute=60):
    client = ApiClient(name=name, channel=channel, requests_per_minute=per_minute)
    key = client.issue_key()
    client.save()
    client.offices.set(offices)
    return client, key


@pytest.fixture
def website_key(city):
    """The city bureau's own website: posts and reads DD only."""
    return make_client("丹东市人社局网站", city)[1]


@pytest.fixture
def platform(city, county):
    """The city's 12345 platform: posts to the bureau and a county bureau."""
    return make_client("12345热线平台", city, county, channel=Channel.HOTLINE_12345)


@pytest.fixture
def platform_key(platform):
    return platform[1]


@pytest.fixture
def post_data(city):
    return {
        "jurisdiction_id": "DD", "service_code": str(city.business_areas.get(name="养老保险").pk),
        "description": "办理养老保险关系转移，窗口说外省数据没传过来", "first_name": "三", "last_name": "张",
        "phone": "13812345678", "email": "zhang@example.com", "attribute[failed_at]": "3号窗口",
    }
