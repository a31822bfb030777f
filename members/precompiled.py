"""Queries asked on every request, compiled to SQL once per process and database.

Building a queryset and compiling it costs more CPU than running it for the two lookups every
signed-in page makes (the session, the user with their roles). Their SQL never changes but for
a few values: it is compiled once with stand-in values, which are then found among the
parameters and replaced on each run. Rows come back through `raw()`, so fields get the same
conversions as with the ORM.
"""

import datetime

from django.core.exceptions import ImproperlyConfigured
from django.db import connections

_compiled: dict[tuple, tuple[str, tuple, tuple[int, ...]]] = {}


def run(name: str, model, alias: str, build, stand_ins: tuple, values: tuple) -> list:
    """The rows of `build(*stand_ins)` with `values` in place of the stand-ins.

    `stand_ins` are the values as `build` takes them; `values` are given as the database takes
    them (adapted, for dates and times: see `adapted_datetime`).
    """
    key = (name, alias, connections[alias].vendor)
    if key not in _compiled:
        sql, params = build(*stand_ins).query.get_compiler(using=alias).as_sql()
        positions = []
        for stand_in in stand_ins:
            adapted = _adapted(stand_in, alias)
            hits = [index for index, param in enumerate(params) if param == adapted]
            if len(hits) != 1:
                raise ImproperlyConfigured(f"{stand_in!r} is not one parameter of {sql}")
            positions.append(hits[0])
        _compiled[key] = (sql, tuple(params), tuple(positions))
    sql, params, positions = _compiled[key]
    params = list(params)
    for position, value in zip(positions, values, strict=True):
        params[position] = value
    return list(model._default_manager.using(alias).raw(sql, params))


def adapted_datetime(value, alias: str):
    """A datetime as the database takes it in a lookup (naive UTC text on SQLite)."""
    return connections[alias].ops.adapt_datetimefield_value(value)


def _adapted(value, alias: str):
    return adapted_datetime(value, alias) if isinstance(value, datetime.datetime) else value
