"""Printed papers name a confidential reporter only to staff who may reveal personal data, as the case page does."""

import pytest
from django.urls import reverse

from cases.services.escalation import case_escalate
from routing import roles
from tests.conftest import make_staff


@pytest.fixture
def confidential(register):
    return register(reporter_name="张桂兰", reporter_confidential=True)


def test_the_referral_slip_masks_a_confidential_reporter_for_a_clerk(login, confidential, clerk, duty_leader):
    url = reverse("cases:slip", args=[confidential.number])
    as_clerk = login(clerk).get(url).content.decode()
    assert "张桂兰" not in as_clerk and confidential.reporter_name_for(clerk) in as_clerk
    assert "张桂兰" in login(duty_leader).get(url).content.decode()  # may reveal personal data


def test_the_referral_slip_names_a_reporter_who_did_not_ask_for_confidentiality(login, register, clerk):
    case = register(reporter_name="李四")
    assert "李四" in login(clerk).get(reverse("cases:slip", args=[case.number])).content.decode()


def test_the_escalation_notice_masks_a_confidential_reporter_for_the_committee(login, confidential, city,
                                                                              duty_leader, director):
    committee = make_staff("committee", city, roles.COMMITTEE)
    case = case_escalate(case=confidential, by=duty_leader, reason="涉及跨省数据，需中心协调")
    url = reverse("cases:escalation_notice", args=[case.number, case.tier_spans.order_by("entered_at", "id").last().pk])
    response = login(committee).get(url)
    assert response.status_code == 200
    assert "张桂兰" not in response.content.decode() and case.reporter_name_for(committee) in response.content.decode()
    assert "张桂兰" in login(director).get(url).content.decode()
