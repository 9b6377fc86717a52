"""Reads of the statistics go to the read replica when one is configured.

settings.STATISTICS_DATABASE names the database the statistics pages and the
exports read (the daily figures, cases.models.DailyFigure): "replica" when
DATABASE_REPLICA_URL is set, else "default". Writes always go to "default"
(the replica is filled by PostgreSQL's streaming replication, not by Django;
`migrate` runs on the primary).
"""

from django.conf import settings

# Models whose reads are statistics: the rollup the pages and exports add up.
STATISTICS_MODELS = {"cases.dailyfigure"}


def statistics_database() -> str:
    return getattr(settings, "STATISTICS_DATABASE", "default")


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if model._meta.label_lower in STATISTICS_MODELS:
            return statistics_database()
        return None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True
