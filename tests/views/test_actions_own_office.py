"""The payloads the refusal tests post do work for the case's own office.

Without this, a 404 or 403 elsewhere could come from a bad payload rather than
from the access check.
"""

import pytest
from django.urls import reverse

from cases.models import AuditEvent

from .states import ACTIONS


@pytest.mark.parametrize("action", ACTIONS, ids=str)
def test_the_duty_leader_of_the_office_can_take_every_action(login, city_case, clerk, duty_leader, action):
    action.prepare(city_case, clerk)
    before = AuditEvent.objects.filter(case=city_case).count()
    response = login(duty_leader).post(reverse(f"cases:{action.name}", args=[city_case.number]), action.payload)
    assert response.status_code == (200 if action.name == "reveal" else 302)
    assert AuditEvent.objects.filter(case=city_case, actor=duty_leader).count() >= 1
    assert AuditEvent.objects.filter(case=city_case).count() > before


@pytest.mark.parametrize("action", ACTIONS, ids=str)
def test_get_on_an_action_is_refused_with_405(login, city_case, duty_leader, action):
    response = login(duty_leader).get(reverse(f"cases:{action.name}", args=[city_case.number]))
    assert response.status_code == 405
