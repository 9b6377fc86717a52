"""A `next` that leads off the site is ignored: the form goes to its usual page."""

import pytest
from django.urls import reverse

from .engine_setup import *  # noqa: F401,F403

OUTSIDE = [
    "https://evil.example",
    "//evil.example",
    "\\\\evil.example",
    "/\\evil.example",
    "http:///evil.example",
    "javascript:alert(1)",
    " https://evil.example",
]


@pytest.mark.parametrize("target", OUTSIDE)
def test_deciding_an_extension_with_an_outside_next_goes_to_the_leaders_desk(login, extension, city_leader, target):
    response = login(city_leader).post(reverse("cases:decide_extension", args=[extension.pk]),
                                       {"approve": "no", "note": "不同意", "next": target})
    assert response.status_code == 302
    assert response.url == reverse("cases:leader")


def test_deciding_an_extension_follows_a_next_on_this_site(login, extension, city_leader):
    here = reverse("cases:leader") + "?page=2"
    response = login(city_leader).post(reverse("cases:decide_extension", args=[extension.pk]),
                                       {"approve": "no", "note": "不同意", "next": here})
    assert response.url == here


@pytest.mark.parametrize("target", OUTSIDE)
def test_logging_in_with_an_outside_next_goes_to_the_start_page(client, clerk, target):
    response = client.post(reverse("login"), {"username": "clerk", "password": "pw-clerk", "next": target})
    assert response.status_code == 302
    assert response.url == reverse("home")


@pytest.mark.parametrize("target", OUTSIDE)
def test_switching_language_with_an_outside_next_stays_on_the_site(login, clerk, target):
    response = login(clerk).post(reverse("set_language"), {"language": "en", "next": target})
    assert response.status_code == 302
    assert response.url == "/"


@pytest.mark.parametrize("target", OUTSIDE)
def test_logging_out_with_an_outside_next_goes_to_the_login_page(login, clerk, target):
    response = login(clerk).post(reverse("logout"), {"next": target})
    assert response.status_code == 302
    assert response.url == reverse("login")


def test_safe_next_takes_a_get_next_on_this_site_and_refuses_one_elsewhere(rf):
    from windowdesk.redirects import safe_next

    assert safe_next(rf.get("/x", {"next": "/cases/"}), "cases:leader") == "/cases/"
    assert safe_next(rf.get("/x", {"next": "//evil.example/"}), "cases:leader") == reverse("cases:leader")
    secure = rf.get("/x", {"next": "http://testserver/cases/"}, secure=True)
    assert safe_next(secure, "cases:leader") == reverse("cases:leader")  # no step down from https


@pytest.mark.parametrize("target", ["abc", "cases:leader", "?page=2", "0"])
def test_deciding_an_extension_with_a_next_that_is_no_path_goes_to_the_leaders_desk(login, extension, city_leader,
                                                                                    target):
    # redirect() took a bare word for a URL name and failed to reverse it: a server error.
    response = login(city_leader).post(reverse("cases:decide_extension", args=[extension.pk]),
                                       {"approve": "no", "note": "不同意", "next": target})
    assert response.status_code == 302
    assert response.url == reverse("cases:leader")
