"""A register search never puts its query in a URL: it is posted and kept in the session under a token."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from cases import searches
from tests.conftest import VALID_ID

PHONE = "13812345678"


def _numbers(response):
    return [case.number for case in response.context["page"]]


def _location_query(response) -> dict:
    return parse_qs(urlsplit(response["Location"]).query)


@pytest.mark.parametrize("term", [VALID_ID, PHONE, "张三"])
def test_a_posted_search_redirects_to_a_token_and_finds_the_case(login, city_case, clerk, term):
    client = login(clerk)
    response = client.post(reverse("cases:desk"), {"q": term, "state": "open"})
    assert response.status_code == 303
    assert term not in response["Location"] and "q=" not in response["Location"]
    assert set(_location_query(response)) == {"search", "state"}
    page = client.get(response["Location"])
    assert _numbers(page) == [city_case.number]
    assert page.context["form"]["q"].value() == term  # shown again in the box, in the page's body only


def test_an_old_search_link_is_redirected_to_a_token_without_the_id_number(login, city_case, clerk):
    client = login(clerk)
    response = client.get(reverse("cases:desk"), {"q": VALID_ID, "state": "open", "page": "1"})
    assert response.status_code == 303
    assert VALID_ID not in response["Location"]
    assert set(_location_query(response)) == {"search", "state"}
    assert _numbers(client.get(response["Location"])) == [city_case.number]


def test_an_unknown_token_shows_the_register_with_a_message(login, city_case, clerk):
    response = login(clerk).get(reverse("cases:desk"), {"search": "no-such-1", "state": "open"})
    assert response.status_code == 200
    assert _numbers(response) == [city_case.number]  # the other filters still apply
    assert "该搜索已过期" in response.content.decode()
    assert "search=" not in response.context["query"]


def test_an_expired_token_is_refused(login, city_case, clerk, monkeypatch):
    client = login(clerk)
    location = client.post(reverse("cases:desk"), {"q": VALID_ID})["Location"]
    monkeypatch.setattr(searches.time, "time", lambda: 10**10)
    response = client.get(location)
    assert response.status_code == 200
    assert "该搜索已过期" in response.content.decode()


def test_another_session_does_not_know_the_token(login, city_case, clerk, other_clerk, client):
    location = login(clerk).post(reverse("cases:desk"), {"q": VALID_ID})["Location"]
    client.logout()
    client.force_login(other_clerk)
    response = client.get(location)
    assert response.status_code == 200 and "该搜索已过期" in response.content.decode()


def test_a_session_keeps_only_its_newest_searches(login, clerk):
    client = login(clerk)
    for n in range(searches.KEPT + 5):
        client.post(reverse("cases:desk"), {"q": f"名{n}"})
    assert len(client.session[searches.SESSION_KEY]) == searches.KEPT


def test_the_session_holds_the_query_encrypted(login, city_case, clerk):
    client = login(clerk)
    client.post(reverse("cases:desk"), {"q": VALID_ID})
    assert VALID_ID not in str(client.session[searches.SESSION_KEY])


def test_a_search_with_a_bad_filter_is_shown_with_its_error_and_no_redirect(login, clerk):
    response = login(clerk).post(reverse("cases:desk"), {"q": VALID_ID, "registered_from": "not a date"})
    assert response.status_code == 400
    assert response.context["form"].errors["registered_from"]


@pytest.mark.parametrize("path", ["desk_token", "old_link_with_bad_filter", "case_page"])
def test_the_language_switch_never_carries_the_query(login, city_case, clerk, path):
    client = login(clerk)
    if path == "desk_token":
        url = client.post(reverse("cases:desk"), {"q": VALID_ID})["Location"]
    elif path == "old_link_with_bad_filter":  # shown, not redirected: the form has an error
        url = reverse("cases:desk") + f"?q={VALID_ID}&registered_from=x"
    else:
        url = reverse("cases:detail", args=[city_case.number]) + f"?q={VALID_ID}"
    html = client.get(url).content.decode()
    next_value = re.search(r'<input name="next" type="hidden" value="([^"]*)"', html).group(1)
    assert VALID_ID not in next_value and "q=" not in next_value
    assert next_value.startswith(urlsplit(url).path)


def test_the_search_form_posts(login, clerk):
    html = login(clerk).get(reverse("cases:desk")).content.decode()
    assert re.search(r'<form method="post" action="/cases/"[^>]*role="search"', html)


def test_an_anonymous_search_goes_to_the_login(client):
    response = client.post(reverse("cases:desk"), {"q": VALID_ID})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert VALID_ID not in response["Location"]


def test_an_old_search_link_opened_logged_out_leaves_the_query_out_of_the_login_link(client):
    response = client.get(reverse("cases:desk"), {"q": VALID_ID, "state": "open"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert VALID_ID not in response["Location"] and "q%3D" not in response["Location"]
