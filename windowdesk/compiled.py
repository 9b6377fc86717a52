"""Reads compiled to SQL once, then run with new values: for the reads of every page.

Django turns a queryset into SQL each time it is evaluated. For the case page's
eight ORM reads that took 4.3 ms of a 16 ms page, more than PostgreSQL took to
plan and run them. A read whose shape never changes (its filters, joins,
columns, order and limit are fixed; only the values compared differ) is built
here once with stand-in values, compiled once per process (and per length of
each list it takes) for the database it reads, and then run with the real values put where the stand-ins
were. Its rows become model instances through Django's own `ModelIterable`, so
`select_related`, deferred fields and converters (decryption) behave as in the
plain queryset; tests compare the two.

`django-prepared-queries` does the same, for Django 1.8 to 2.1 only.

    _HISTORY = CompiledRead(lambda case_id: AuditEvent.objects.filter(case_id=case_id).order_by("at"))
    events = _HISTORY(case_id=case.pk)          # a list, never a queryset to chain on

Values are ints and strs, or lists of them. A stand-in that does not reach the
SQL unchanged (`number__startswith=number` sends "…%") is refused when the
read is first compiled, and so is a constant that would be frozen at that
moment (a date, a time) and a read that matches nothing whatever its values,
instead of silently comparing the wrong value.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet
from django.db.models.sql import Query

# Integer stand-ins are small and positive: Django turns a value outside a
# field's range (a SmallIntegerField's, a PositiveIntegerField's) into "matches
# nothing" before any SQL is written. The two builds take disjoint ranges.
_INT_STAND_INS = (20_001, 26_001)
_MOST_VALUES = 6_000
_CONSTANTS = (str, int, bool, type(None))  # what may stay fixed in compiled SQL


@dataclass(frozen=True)
class _Shape:
    queryset: QuerySet  # the read as built with stand-ins: for its model and database
    compiler: object    # what compiling it set up: select, klass_info, col_count... (never changed)
    sql: str | None     # None: the read can match nothing (an empty list of values)
    slots: tuple        # for each SQL parameter: (name, index or None, None), or ("", None, constant)


class CompiledRead:
    """`build(**values)` returns the read as a queryset; calling the
    CompiledRead with those values returns its rows as a list."""

    def __init__(self, build: Callable[..., QuerySet]):
        self._build = build
        self._shapes: dict[tuple, _Shape] = {}

    def __call__(self, **values) -> list:
        shape = self._shape(values)
        if shape.sql is None:
            return []
        params = [constant if not name else values[name] if index is None else values[name][index]
                  for name, index, constant in shape.slots]
        return list(_bound(shape, params))

    def _shape(self, values: dict) -> _Shape:
        key = tuple((name, len(value) if isinstance(value, (list, tuple)) else -1) for name, value in values.items())
        shape = self._shapes.get(key)
        if shape is None:
            shape = self._shapes[key] = self._compile(values)
        return shape

    def _compile(self, values: dict) -> _Shape:
        """Build and compile the read twice, with two sets of stand-ins: a
        parameter that is a stand-in in both is a value's place, and every
        other must be the same constant in both (`timezone.now()` is not)."""
        built = [self._compile_with_stand_ins(values, build) for build in range(2)]
        (queryset, compiler, sql, params, where), (_, _, other_sql, other_params, other_where) = built
        if sql is None:
            return _Shape(queryset, compiler, None, ())
        if other_sql != sql or len(other_params) != len(params):
            raise ValueError("the read's SQL is not the same each time it is built")
        slots, unused = [], set(where.values())
        for param, other in zip(params, other_params):
            place = where.get(param) if isinstance(param, (str, int)) else None
            if place is not None and place == other_where.get(other):
                slots.append((*place, None))
                unused.discard(place)
            elif isinstance(param, _CONSTANTS) and param == other and type(param) is type(other):
                slots.append(("", None, param))
            else:
                changed = [name for stand_in, (name, _index) in where.items()
                           if isinstance(stand_in, str) and isinstance(param, str) and stand_in in param]
                raise ValueError(_unchanged(changed) if changed else
                                 f"{param!r} would be frozen in the compiled SQL of a read")
        if unused:
            raise ValueError(_unchanged({name for name, _index in unused}))
        return _Shape(queryset, compiler, sql, tuple(slots))

    def _compile_with_stand_ins(self, values: dict, build: int):
        stand_ins, where = {}, {}
        serials = iter(range(_MOST_VALUES))
        for name, value in values.items():
            items = value if isinstance(value, (list, tuple)) else [value]
            given = [_stand_in(item, build, next(serials, None)) for item in items]
            stand_ins[name] = given if isinstance(value, (list, tuple)) else given[0]
            indexes = range(len(given)) if isinstance(value, (list, tuple)) else [None]
            where.update({stand_in: (name, index) for stand_in, index in zip(given, indexes)})
        queryset = self._build(**stand_ins)
        if queryset._prefetch_related_lookups or queryset._fields is not None:
            raise ValueError("a compiled read makes model instances only, without prefetching")
        compiler = queryset.query.get_compiler(using=queryset.db)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:
            if not any(isinstance(value, (list, tuple)) and not value for value in values.values()):
                raise ValueError("the read matches nothing whatever its values (a lookup refuses a stand-in)") from None
            return queryset, compiler, None, (), where
        return queryset, compiler, sql, params, where


def _unchanged(names) -> str:
    return f"{', '.join(sorted(names))} does not reach the SQL as given (a lookup changes it)"


def _stand_in(value, build: int, serial: int | None):
    """A value of the type the field takes, unique in this build of the read."""
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise TypeError(f"a compiled read takes ints and strs, not {type(value).__name__}")
    if serial is None:
        raise ValueError(f"a compiled read takes at most {_MOST_VALUES} values")
    return _INT_STAND_INS[build] + serial if isinstance(value, int) else f"\x1fstand-in {build}.{serial}\x1f"


def _bound(shape: _Shape, params: list) -> QuerySet:
    """The shape's queryset with a query whose compiler gives the compiled SQL
    and these values, and what the first compile set up (made anew for each
    run: a compiler holds its thread's connection)."""
    template = shape.compiler
    queryset = shape.queryset
    query = _CompiledQuery(queryset.model)
    query.compiled = (template, shape.sql, params)
    return QuerySet(model=queryset.model, query=query, using=queryset.db)


class _CompiledQuery(Query):
    compiled: tuple

    def get_compiler(self, using=None, connection=None, elide_empty=True):
        template, sql, params = self.compiled
        connection = connection or connections[using]
        compiler = type(template)(self, connection, using, elide_empty)
        compiler.select, compiler.klass_info = template.select, template.klass_info
        compiler.annotation_col_map, compiler.col_count = template.annotation_col_map, template.col_count
        compiler.has_extra_select = template.has_extra_select
        compiler.as_sql = lambda *args, **kwargs: (sql, params)
        return compiler
