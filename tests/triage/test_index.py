"""The queue and its count are served by their partial index (PostgreSQL).

With sequential scans priced out, a plan can use `case_web_reports_to_triage`
only if the query's condition implies the index's: this fails the day the
queue's filter and the index's condition drift apart.
"""

import pytest

from cases.selectors.triage import web_reports_to_triage
from tests.plans import plan

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def test_the_queue_and_its_count_read_the_partial_index(web_report, clerk):
    web_report()
    queue = web_reports_to_triage(clerk)
    assert "case_web_reports_to_triage" in plan(queue[:25])
    assert "case_web_reports_to_triage" in plan(queue.order_by().values("id")[:1001])
