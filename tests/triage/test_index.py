"""The queue and its count are served by their partial index (PostgreSQL).

With sequential scans priced out, a plan can use `case_web_reports_to_triage`
only if the query's condition implies the index's: this fails the day the
queue's filter and the index's condition drift apart.
"""

import pytest
from django.db import connection

from cases.selectors.triage import web_reports_to_triage

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def _plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_the_queue_and_its_count_read_the_partial_index(web_report, clerk):
    web_report()
    queue = web_reports_to_triage(clerk)
    assert "case_web_reports_to_triage" in _plan(queue[:25])
    assert "case_web_reports_to_triage" in _plan(queue.order_by().values("id")[:1001])
