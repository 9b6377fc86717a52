"""Each role starts on its own work: after logging in, and at `/`."""

import pytest
from django.urls import reverse

from cases.models import State
from cases.services.escalation import case_escalate
from routing import roles
from tests.conftest import make_staff


@pytest.fixture
def committee_member(city):
    return make_staff("committee", city, roles.COMMITTEE)


@pytest.fixture
def administrator(city):
    return make_staff("officeadmin", city, roles.ADMINISTRATOR)


LANDINGS = [
    ("clerk", "cases:register"),
    ("duty_leader", "cases:leader"),
    ("section_head", "cases:department"),
    ("committee_member", "cases:committee"),
    ("director", "cases:review"),
    ("discipline", "cases:review"),
    ("administrator", "routing:rota"),
]


@pytest.mark.parametrize(("person", "page"), LANDINGS)
def test_each_role_lands_on_its_own_work_after_logging_in(client, request, person, page):
    user = request.getfixturevalue(person)
    response = client.post(reverse("login"), {"username": user.username, "password": f"pw-{user.username}"},
                           follow=True)
    assert response.redirect_chain[-1][0] == reverse(page)
    assert response.status_code == 200


@pytest.mark.parametrize(("person", "page"), LANDINGS)
def test_each_role_lands_on_its_own_work_at_the_root(login, request, person, page):
    response = login(request.getfixturevalue(person)).get(reverse("home"))
    assert response.status_code == 302
    assert response.url == reverse(page)


def test_the_party_group_lands_on_its_queue_when_a_case_waits_for_its_decision(login, director, register, duty_leader):
    case = register()
    case_escalate(case=case, by=duty_leader, reason="需中心党委研究")
    case.refresh_from_db()
    case_escalate(case=case, by=make_staff("committee", case.office, roles.COMMITTEE), reason="需局党组决定")
    case.refresh_from_db()
    assert case.state == State.TIER3
    assert login(director).get(reverse("home")).url == reverse("cases:party_group")

