"""The plan PostgreSQL makes for a queryset, with sequential scans priced out,
for tests that a query is served by the index meant for it."""

from django.db import connection


def plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())
