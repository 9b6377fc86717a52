"""The demo gives the clerks web reports to triage, one of them with a case to merge into."""

import pytest
from django.core.management import call_command

from cases.selectors.triage import merge_candidates, web_reports_to_triage
from routing.models import User

pytestmark = pytest.mark.django_db


def test_the_demo_city_clerk_has_web_reports_waiting_one_with_a_case_to_merge_into():
    call_command("load_demo", force=True, stdout=None)
    clerk = User.objects.get(username="dd_clerk")
    waiting = list(web_reports_to_triage(clerk))
    assert len(waiting) == 3
    assert any(merge_candidates(clerk, report) for report in waiting)
    assert len(web_reports_to_triage(User.objects.get(username="dg_clerk"))) == 1
