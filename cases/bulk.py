"""Writing many rows' changed columns in one statement.

Django's `bulk_update` builds a CASE WHEN expression per row and column:
for a batch of escalations over a dozen columns that costs seconds in
Python. On PostgreSQL the same write is one `UPDATE ... FROM (VALUES ...)`,
whose SQL is cheap to build; elsewhere (the embedded SQLite) the ORM's bulk
methods, or one statement run once per row, are kept.

`update_rows` and `insert_rows` take plain tuples, not model instances: the
sweep writes about five rows per case it escalates, and building a model
instance for each cost more than the writes themselves.
"""

from django.db import DEFAULT_DB_ALIAS, connections, models

# Columns psycopg2 adapts as they are; anything else is prepared by its field.
# Exact types: a subclass may prepare its values (the encrypted fields are CharFields).
_PLAIN = (models.CharField, models.TextField, models.IntegerField, models.SmallIntegerField, models.BigIntegerField,
          models.PositiveIntegerField, models.PositiveSmallIntegerField, models.BooleanField, models.DateTimeField,
          models.DateField, models.ForeignKey)


def _connection():
    return connections[DEFAULT_DB_ALIAS]  # the real one: the proxy costs a lookup per value


def _preparer(field, connection):
    """How a value of `field` goes to psycopg2 (None: as it is)."""
    if isinstance(field, models.JSONField):
        from psycopg2.extras import Json

        return Json
    if type(field) in _PLAIN or isinstance(field, models.ForeignKey):
        return None
    return lambda value: field.get_db_prep_save(value, connection)


def _prepare(rows, preparers):
    if not any(preparers):
        return rows
    return [[value if prepare is None else prepare(value) for value, prepare in zip(row, preparers)] for row in rows]


def update_rows(model, fields: list[str], rows: list[tuple], *, key: str = "id", still_null: tuple[str, ...] = (),
                batch_size: int = 1000, prepared: bool = False) -> int:
    """Set `fields` on many rows: each of `rows` is (key value, *values of `fields`).

    `key` names the column matched (the primary key unless told), and
    `still_null` columns that must still be NULL for a row to change (a
    compare-and-set: the open tier span of a case, not the ones it left).
    Plain values go to psycopg2 as they are (datetimes must be aware), others
    through their field, unless the caller `prepared` them all. Returns the
    number of rows changed.
    """
    if not rows:
        return 0
    connection = _connection()
    meta = model._meta
    key_field = meta.get_field(key)
    columns = [meta.get_field(name) for name in fields]
    guard = "".join(f' AND t."{meta.get_field(name).column}" IS NULL' for name in still_null)
    updated = 0
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            assignments = ", ".join(f'"{field.column}" = %s' for field in columns)
            if not prepared:
                rows = [[field.get_db_prep_save(value, connection) for field, value in zip([key_field, *columns], row)]
                        for row in rows]
            params = [[*row[1:], row[0]] for row in rows]
            cursor.executemany(f'UPDATE "{meta.db_table}" AS t SET {assignments} WHERE t."{key_field.column}" = %s{guard}',
                               params)
            return cursor.rowcount
        casts = [f"%s::{field.db_type(connection)}" for field in [key_field, *columns]]
        row_sql = "(" + ", ".join(casts) + ")"
        assignments = ", ".join(f'"{field.column}" = v."{field.column}"' for field in columns)
        names = ", ".join(f'"{field.column}"' for field in [key_field, *columns])
        preparers = [] if prepared else [_preparer(field, connection) for field in [key_field, *columns]]
        for start in range(0, len(rows), batch_size):
            chunk = _prepare(rows[start:start + batch_size], preparers)
            cursor.execute(
                f'UPDATE "{meta.db_table}" AS t SET {assignments} '
                f'FROM (VALUES {", ".join([row_sql] * len(chunk))}) AS v({names}) '
                f'WHERE t."{key_field.column}" = v."{key_field.column}"{guard}',
                [value for row in chunk for value in row],
            )
            updated += cursor.rowcount
    return updated


def insert_rows(model, fields: list[str], rows: list[tuple], *, ignore_conflicts: bool = False,
                page_size: int = 1000) -> None:
    """Insert new rows given as tuples of `fields` (every column that has no
    database default: model defaults are not applied here), in pages of
    multi-row INSERTs on PostgreSQL; `bulk_create` elsewhere. Primary keys
    are not read back: for rows nobody touches again in the same batch
    (audit rows, notifications, tier spans)."""
    if not rows:
        return
    connection = _connection()
    meta = model._meta
    columns = [meta.get_field(name) for name in fields]
    if connection.vendor != "postgresql":
        names = [field.attname for field in columns]
        model._default_manager.bulk_create([model(**dict(zip(names, row))) for row in rows],
                                           ignore_conflicts=ignore_conflicts)
        return
    rows = _prepare(rows, [_preparer(field, connection) for field in columns])
    names = ", ".join(f'"{field.column}"' for field in columns)
    row_sql = "(" + ", ".join(["%s"] * len(columns)) + ")"
    conflict = " ON CONFLICT DO NOTHING" if ignore_conflicts else ""
    with connection.cursor() as cursor:
        mogrify = cursor.cursor.mogrify
        for start in range(0, len(rows), page_size):
            # The values are quoted by psycopg2 row by row (what execute_values
            # does), and the statement goes through Django's cursor, so query
            # counts and logs see it.
            values = b", ".join([mogrify(row_sql, row) for row in rows[start:start + page_size]]).decode()
            cursor.execute(f'INSERT INTO "{meta.db_table}" ({names}) VALUES {values}{conflict}')


def bulk_set(objects, fields: list[str], *, batch_size: int = 1000) -> int:
    """`update_rows` for model instances: their `fields` as they are in memory."""
    objects = list(objects)
    if not objects:
        return 0
    model = type(objects[0])
    connection = _connection()
    if connection.vendor != "postgresql":
        return model._default_manager.bulk_update(objects, fields, batch_size=batch_size)
    pk = model._meta.pk
    columns = [model._meta.get_field(name) for name in fields]
    rows = [(pk.get_db_prep_save(obj.pk, connection),
             *(field.get_db_prep_save(getattr(obj, field.attname), connection) for field in columns)) for obj in objects]
    return update_rows(model, fields, rows, key=pk.name, batch_size=batch_size, prepared=True)


def bulk_insert(objects, *, ignore_conflicts: bool = False, page_size: int = 1000) -> None:
    """`insert_rows` for model instances: every concrete column but the primary key."""
    objects = list(objects)
    if not objects:
        return
    model = type(objects[0])
    if _connection().vendor != "postgresql":
        model._default_manager.bulk_create(objects, ignore_conflicts=ignore_conflicts)
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]

    def value(field):
        # pre_save fills what the field computes on saving (auto_now and the like).
        if type(field) in _PLAIN or isinstance(field, (models.ForeignKey, models.JSONField)):
            return lambda obj: getattr(obj, field.attname)
        return lambda obj: field.pre_save(obj, True)

    getters = [value(f) for f in fields]
    insert_rows(model, [f.name for f in fields], [[get(obj) for get in getters] for obj in objects],
                ignore_conflicts=ignore_conflicts, page_size=page_size)
