"""Writing many rows' changed columns in one statement.

Django's `bulk_update` builds a CASE WHEN expression per row and column:
for a batch of 500 escalations over a dozen columns that costs seconds in
Python. On PostgreSQL the same write is one `UPDATE ... FROM (VALUES ...)`,
whose SQL is cheap to build; elsewhere (the embedded SQLite) `bulk_update`
is kept.
"""

from django.db import DEFAULT_DB_ALIAS, connections, models


def bulk_set(objects, fields: list[str], *, batch_size: int = 1000) -> int:
    objects = list(objects)
    if not objects:
        return 0
    model = type(objects[0])
    connection = connections[DEFAULT_DB_ALIAS]  # the real one: the proxy costs a lookup per value
    if connection.vendor != "postgresql":
        return model._default_manager.bulk_update(objects, fields, batch_size=batch_size)
    meta = model._meta
    pk = meta.pk
    columns = [meta.get_field(name) for name in fields]
    casts = [f"%s::{pk.db_type(connection)}"] + [f"%s::{field.db_type(connection)}" for field in columns]
    row_sql = "(" + ", ".join(casts) + ")"
    assignments = ", ".join(f'"{field.column}" = v."{field.column}"' for field in columns)
    names = ", ".join(f'"{c}"' for c in [pk.column] + [field.column for field in columns])
    updated = 0
    with connection.cursor() as cursor:
        for start in range(0, len(objects), batch_size):
            chunk = objects[start:start + batch_size]
            params = []
            for obj in chunk:
                params.append(pk.get_db_prep_save(obj.pk, connection))
                params.extend(field.get_db_prep_save(getattr(obj, field.attname), connection) for field in columns)
            cursor.execute(
                f'UPDATE "{meta.db_table}" AS t SET {assignments} '
                f'FROM (VALUES {", ".join([row_sql] * len(chunk))}) AS v({names}) '
                f'WHERE t."{pk.column}" = v."{pk.column}"',
                params,
            )
            updated += cursor.rowcount
    return updated


def bulk_insert(objects, *, ignore_conflicts: bool = False, page_size: int = 1000) -> None:
    """Insert new rows in pages of multi-row INSERTs (PostgreSQL), without
    Django's per-value compilation; `bulk_create` elsewhere. Primary keys
    are not read back: for rows nobody touches again in the same batch
    (audit rows, notifications, tier spans)."""
    objects = list(objects)
    if not objects:
        return
    model = type(objects[0])
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create(objects, ignore_conflicts=ignore_conflicts)
        return
    from psycopg2.extras import Json, execute_values

    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    plain = (models.CharField, models.TextField, models.IntegerField, models.BooleanField, models.DateTimeField,
             models.DateField, models.ForeignKey)

    def adapt(field):
        # Plain columns go to psycopg2 as they are; anything else is prepared by its field.
        if isinstance(field, models.JSONField):
            return lambda obj: Json(getattr(obj, field.attname))
        if type(field) in plain or isinstance(field, models.ForeignKey):
            return lambda obj: getattr(obj, field.attname)
        return lambda obj: field.get_db_prep_save(field.pre_save(obj, True), connection)

    getters = [adapt(f) for f in fields]
    rows = [[get(obj) for get in getters] for obj in objects]
    columns = ", ".join(f'"{f.column}"' for f in fields)
    conflict = " ON CONFLICT DO NOTHING" if ignore_conflicts else ""
    with connection.cursor() as cursor:
        execute_values(cursor.cursor, f'INSERT INTO "{model._meta.db_table}" ({columns}) VALUES %s{conflict}',
                       rows, page_size=page_size)
