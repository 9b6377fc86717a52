"""Every public address tried with a wrong tracking code or an unknown office code.

The list is read from the public URLconf, so a new public page cannot be
added without saying here how it answers a wrong code.
"""

import pytest
from django.urls import reverse

from cases.services.public import case_report_online
from cases.urls_public import urlpatterns

BAD_TOKENS = ["x" * 43, "guess" + "0" * 38, "DD-2026-000001", "a" * 65]
BAD_CODES = ["NOPE", "D", "DD1", "东港"]
# name -> (the kind of argument, the methods it answers)
PUBLIC = {
    "find": (None, ()),
    "receipt": (None, ()),
    "report": ("code", ("get", "post")),
    "poster": ("code", ("get",)),
    "poster_qr": ("code", ("get",)),
    "track": ("token", ("get",)),
    "add": ("token", ("post",)),
    "rate": ("token", ("get", "post")),
}


@pytest.fixture
def reported(city, pension):
    return case_report_online(office=city, files=[], business_area=pension, reporter_name="张三",
                              reporter_phone="13812345678", matter="办理养老保险关系转移", failure_reason="外省数据未传")


def test_every_public_address_is_listed_here():
    assert {pattern.name for pattern in urlpatterns} == set(PUBLIC)


@pytest.mark.parametrize("name", [name for name, (kind, _methods) in PUBLIC.items() if kind])
def test_a_wrong_code_is_a_plain_404_on_every_public_address(client, db, city, name):
    kind, methods = PUBLIC[name]
    for value in BAD_TOKENS if kind == "token" else BAD_CODES:
        url = reverse(f"public:{name}", args=[value])
        for method in methods:
            response = getattr(client, method)(url, {"text": "补充", "level": "satisfied"} if method == "post" else {})
            assert response.status_code == 404, (url, method, response.status_code)


@pytest.mark.parametrize("name", ["track", "add", "rate"])
def test_every_address_with_a_tracking_code_counts_wrong_guesses_and_then_refuses(client, reported, settings, name):
    settings.PUBLIC_TRACKING_MISSES_PER_ADDRESS = 3
    method = "post" if name == "add" else "get"
    for n in range(3):
        assert getattr(client, method)(reverse(f"public:{name}", args=[f"guess{n:040d}"])).status_code == 404
    right = reverse("public:track", args=[reported.tracking_token])
    assert client.get(right).status_code == 429
    assert client.get(reverse("public:rate", args=[reported.tracking_token])).status_code == 429
